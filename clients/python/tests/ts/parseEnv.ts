// Reads a JSON array of env maps on stdin and prints what client/config.ts makes of each: the
// problem lines, or the auth kind, target and topics. The Python tests compare their side with it.
import { parseKafkaEnv } from '../../../../client/config';
import { ValidationError } from '../../../../client/problems';

let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const envs = JSON.parse(input) as Record<string, string>[];
  const out = envs.map((env) => {
    try {
      const k = parseKafkaEnv(env);
      const target =
        k.auth.kind === 'aws-msk-iam' ? k.auth.region : k.auth.kind === 'azure-entra' ? k.auth.scope : '';
      return { ok: { protocol: k.securityProtocol, auth: k.auth.kind, target, brokers: k.brokers } };
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return { problems: err.problems.map((p) => `${p.where}: ${p.message}`) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
