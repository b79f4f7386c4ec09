// The policy pack the engine runs: `pulumi preview|up --policy-pack policy` (CI, docs/ci.md).
// Loaded only by the engine: constructing a PolicyPack starts its gRPC server. Tests import
// ./guardrails instead.
import { PolicyPack } from '@pulumi/policy';
import { engineFacts } from './facts';
import { guardrails, PACK_NAME } from './guardrails';

new PolicyPack(PACK_NAME, {
  description:
    'kafka-platform guardrails: encryption, private networks, protection and replication in production, no plain credentials, least privilege.',
  enforcementLevel: 'mandatory',
  policies: guardrails(engineFacts),
});
