/** Where a CLI writes; tests pass buffers, the entry point passes the process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: shellDir(),
};

/**
 * The directory the user typed the command in. `npm run` starts scripts in the project root and
 * leaves the shell's directory in INIT_CWD; relative paths on the command line mean that one.
 */
export function shellDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD || process.cwd();
}

/** Exit codes shared by the cluster-reading commands. */
export const EXIT = { ok: 0, drift: 1, usage: 2, cluster: 3 } as const;

/** Runs a command as the process entry point: its exit code, or 3 with a message on failure. */
export function runMain(command: (argv: string[], io: CliIo) => Promise<number>): void {
  command(process.argv.slice(2), processIo).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(EXIT.cluster);
    },
  );
}
