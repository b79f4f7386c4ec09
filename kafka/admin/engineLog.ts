/**
 * Warnings from inside the dynamic provider host, shown by `pulumi preview`/`up` like any
 * provider's diagnostics (e.g. "adopting an existing topic"). The engine starts every provider
 * plugin with its own address as the first argument; providers log through its Log RPC. Outside
 * the host (tests, CLIs) messages are kept in memory for whoever asks.
 */
import type * as grpcTypes from '@grpc/grpc-js';

const KEY = Symbol.for('kafka-platform.engineLog');

interface EngineLog {
  send?: (message: string) => Promise<void>;
  /** Messages logged outside the provider host, oldest first. */
  kept: string[];
}

function state(): EngineLog {
  const g = globalThis as unknown as Record<symbol, EngineLog | undefined>;
  return (g[KEY] ??= { kept: [], ...connect() });
}

/** The engine address when this process is Pulumi's Node.js dynamic provider host. */
function engineAddress(): string | undefined {
  const script = process.argv[1] ?? '';
  const address = process.argv[2];
  return /dynamic-provider/.test(script) && address && /:\d+$/.test(address) ? address : undefined;
}

function connect(): Pick<EngineLog, 'send'> {
  const address = engineAddress();
  if (!address) return {};
  // Loaded from the project's node_modules, like the provider host itself.
  const grpc = require('@grpc/grpc-js') as typeof grpcTypes;
  const engineRpc = require('@pulumi/pulumi/proto/engine_grpc_pb');
  const engineProto = require('@pulumi/pulumi/proto/engine_pb');
  const client = new engineRpc.EngineClient(address, grpc.credentials.createInsecure());
  return {
    send: (message) =>
      new Promise((resolve) => {
        const req = new engineProto.LogRequest();
        req.setSeverity(engineProto.LogSeverity.WARNING);
        req.setMessage(message);
        // A failed log line must never fail the operation that wrote it.
        client.log(req, () => resolve());
      }),
  };
}

/** Shows `message` as a warning of this run; resolves once the engine has it. */
export async function warn(message: string): Promise<void> {
  const s = state();
  if (s.send) await s.send(message);
  else s.kept.push(message);
}

/** Messages logged outside the provider host since the last call (tests read them). */
export function takeWarnings(): string[] {
  const s = state();
  return s.kept.splice(0);
}
