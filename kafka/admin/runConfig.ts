/**
 * What the dynamic provider host learns about the current run: the stack's config, handed to
 * `configure` by the engine (secrets arrive decrypted, in memory only). Reading settings here,
 * when an operation runs, rather than from the state lets a `destroy` honour today's
 * kafka:allowTopicDeletion and lets a password rotate without touching any resource.
 */
interface RunConfig {
  get: (key: string) => string | undefined;
}

const KEY = Symbol.for('kafka-platform.runConfig');

function store(): RunConfig {
  const g = globalThis as unknown as Record<symbol, RunConfig | undefined>;
  return (g[KEY] ??= { get: () => undefined });
}

/** Records the stack config of this run (the providers' `configure`; tests pass a plain map). */
export function setRunConfig(
  config: { get(key: string): string | undefined } | Record<string, string>,
): void {
  const get = config.get;
  store().get =
    typeof get === 'function'
      ? (key) => (get as (k: string) => string | undefined).call(config, key)
      : (key) => (config as Record<string, string>)[key];
}

/** A stack config value by full key (`kafka:allowTopicDeletion`), as the engine passed it. */
export function configValue(key: string): string | undefined {
  return store().get(key);
}

/** A boolean stack config value; undefined when the run did not set it. */
export function configFlag(key: string): boolean | undefined {
  const value = configValue(key);
  if (value === undefined) return undefined;
  return value === 'true';
}
