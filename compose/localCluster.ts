/**
 * The local Redpanda cluster of docker-compose.kafka.yml: its addresses and images, in one place
 * so the Compose file, the env files and Pulumi.local.yaml cannot disagree.
 */

/** Compose service name of the broker; also its host name inside the Compose network. */
export const BROKER_SERVICE = 'redpanda';

/** Address for clients inside the Compose network (the seed's `redpanda:9092`). */
export const INTERNAL_BOOTSTRAP = `${BROKER_SERVICE}:9092`;

/** Address for clients on the host (the seed's `localhost:19092`). */
export const EXTERNAL_BOOTSTRAP = 'localhost:19092';

/**
 * Fixed name of the dedicated network, so application Compose files can join it with
 * `networks: { kafka-platform: { external: true } }`.
 */
export const NETWORK_NAME = 'kafka-platform';

/**
 * Pinned images. Versions are the ones the Redpanda docs pin as their fallback release
 * (redpanda-data/docs antora.yml: latest-redpanda-tag, latest-console-tag). Redpanda >= 25.3
 * is required: the topic init relies on `rpk topic create --if-not-exists`.
 */
export const REDPANDA_IMAGE = 'docker.redpanda.com/redpandadata/redpanda:v26.2.1';
export const CONSOLE_IMAGE = 'docker.redpanda.com/redpandadata/console:v3.3.1';

/** A single broker cannot hold more than one copy of a partition. */
export const LOCAL_REPLICATION_FACTOR = 1;
