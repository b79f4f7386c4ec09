/**
 * An error as the user should read it. Pulumi's dynamic provider host prints
 * `${err}: ${err.stack}` for errors from read and delete, before the engine shows the message
 * again; with an empty name and stack that line is just the message, not a JavaScript trace.
 */
export function forUser(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const clean = new Error(message);
  clean.name = '';
  clean.stack = '';
  return clean;
}

/** Runs a provider operation; any failure reaches the user as its message alone. */
export async function asUserError<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    throw forUser(err);
  }
}

type Methods = 'configure' | 'check' | 'diff' | 'create' | 'read' | 'update' | 'delete';

/** The provider as the engine's host calls it: every failure reaches the user as its message. */
export function userFacing<P extends object>(provider: P): P {
  const wrapped = {} as Record<string, unknown>;
  for (const method of [
    'configure',
    'check',
    'diff',
    'create',
    'read',
    'update',
    'delete',
  ] satisfies Methods[]) {
    const fn = (provider as Record<string, unknown>)[method];
    if (typeof fn === 'function') {
      wrapped[method] = (...args: unknown[]) =>
        asUserError(() => (fn as (...a: unknown[]) => Promise<unknown>).apply(provider, args));
    }
  }
  return wrapped as P;
}
