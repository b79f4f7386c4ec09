import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { connectionHash } from '../k8s/connectionHash';
import { RolloutSalt } from '../k8s/rolloutSalt';
import { Catalog } from '../topics/catalog';
import { mm2Properties, renderProperties } from './mm2Properties';
import { MIRROR_MAKER_IMAGE, MigrationSettings } from './settings';

const CONFIG_DIR = '/etc/mirror-maker';
const CONFIG_FILE = 'mm2.properties';

export interface MirrorMakerArgs {
  /** `kafka:migration`: source, target access, namespace, replication and sync settings. */
  settings: MigrationSettings;
  /** The catalog: its topics are replicated, its consumer groups get their offsets translated. */
  catalog: Catalog;
  /** Where MirrorMaker 2 reaches the new cluster unless kafka:migration.target.bootstrapServers says otherwise: the stack's client bootstrap. */
  targetBootstrapServers: pulumi.Input<string>;
  /** `kafka:migrationSourcePassword`, when the source uses SASL. A Pulumi secret. */
  sourcePassword?: pulumi.Output<string>;
  /** `kafka:migrationTargetPassword`, when the target uses SASL. A Pulumi secret. */
  targetPassword?: pulumi.Output<string>;
  /**
   * The catalog's topics on the new cluster. MirrorMaker 2 starts only after they exist, so it
   * never creates them itself with the old cluster's partitions and defaults.
   */
  targetTopics: pulumi.Resource[];
}

/** Labels of everything MirrorMaker 2 consists of. */
export const MIRROR_MAKER_LABELS = {
  'app.kubernetes.io/name': 'mirror-maker-2',
  'app.kubernetes.io/part-of': 'kafka-platform',
  'app.kubernetes.io/managed-by': 'pulumi',
};

/**
 * MirrorMaker 2 in Kubernetes for a cutover: its own Namespace, its mm2.properties in a Secret (it
 * holds both clusters' credentials), and a single-replica Deployment running the dedicated
 * `connect-mirror-maker.sh`. Exists only while `kafka:migration` is set.
 */
export class MirrorMaker extends pulumi.ComponentResource {
  readonly namespace: k8s.core.v1.Namespace;
  readonly config: k8s.core.v1.Secret;
  readonly deployment: k8s.apps.v1.Deployment;

  constructor(name: string, args: MirrorMakerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:migration:MirrorMaker', name, {}, opts);
    const { settings, catalog } = args;
    const ns = settings.namespace;
    const labels = MIRROR_MAKER_LABELS;

    this.namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      { metadata: { name: ns, labels } },
      { parent: this },
    );

    const properties = pulumi
      .all([args.targetBootstrapServers, args.sourcePassword, args.targetPassword])
      .apply(([target, source, targetPw]) =>
        renderProperties(mm2Properties(settings, catalog, target, { source, target: targetPw })),
      );
    // Rolls the pod when anything in mm2.properties changes, rotated passwords included
    // (MirrorMaker reads the file only at start). A keyed hash under a per-stack salt, as for the
    // services' connection hash, so the annotation reveals nothing about the passwords.
    const salt = new RolloutSalt(`${name}-rollout-salt`, { parent: this });
    const configHash = pulumi.unsecret(
      pulumi
        .all([properties, salt.salt])
        .apply(([text, key]) => connectionHash({ [CONFIG_FILE]: text }, key).slice(0, 16)),
    );

    this.config = new k8s.core.v1.Secret(
      `${name}-config`,
      {
        metadata: { name: 'mirror-maker-config', namespace: ns, labels },
        type: 'Opaque',
        data: {
          [CONFIG_FILE]: pulumi.secret(properties.apply((p) => Buffer.from(p, 'utf8').toString('base64'))),
        },
      },
      { parent: this, dependsOn: [this.namespace] },
    );

    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: 'mirror-maker', namespace: ns, labels },
        spec: {
          // Dedicated mode with one worker: two would both claim the flow.
          replicas: 1,
          strategy: { type: 'Recreate' },
          selector: { matchLabels: { 'app.kubernetes.io/name': labels['app.kubernetes.io/name'] } },
          template: {
            metadata: { labels, annotations: { 'kafka-platform/config-hash': configHash } },
            spec: {
              // The image's `appuser` (uid 1000, owner of /opt/kafka); numeric so runAsNonRoot can be checked.
              securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 },
              containers: [
                {
                  name: 'mirror-maker',
                  image: settings.image ?? MIRROR_MAKER_IMAGE,
                  command: ['/opt/kafka/bin/connect-mirror-maker.sh', `${CONFIG_DIR}/${CONFIG_FILE}`],
                  env: [{ name: 'KAFKA_HEAP_OPTS', value: '-Xms256m -Xmx768m' }],
                  resources: {
                    requests: { cpu: '250m', memory: '1Gi' },
                    limits: { memory: '1Gi' },
                  },
                  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
                  volumeMounts: [{ name: 'config', mountPath: CONFIG_DIR, readOnly: true }],
                },
              ],
              volumes: [{ name: 'config', secret: { secretName: 'mirror-maker-config' } }],
            },
          },
        },
      },
      { parent: this, dependsOn: [this.config, ...args.targetTopics] },
    );

    this.registerOutputs({ namespace: ns, deployment: 'mirror-maker' });
  }
}
