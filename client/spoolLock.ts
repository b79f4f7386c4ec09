import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { link, open, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * One writer per spool directory. Two writers would interleave records and acknowledge each
 * other's messages, so the lock is held by a file created exclusively (O_EXCL) and kept fresh:
 *
 * - A second open in the same process is refused (a PID says nothing there).
 * - The holder renews the file's mtime every leaseMs/3. A PID is only meaningful inside its own
 *   PID namespace on its own boot: two containers that are both PID 1 on a shared volume differ in
 *   namespace. So a lock from this namespace is stale when its process is gone; a lock from
 *   another namespace or host is stale only when not renewed for leaseMs.
 * - Taking over a stale lock is atomic: the stale file is renamed away (one taker wins the
 *   rename), checked to be the very file judged stale (else put back), and a new one is created
 *   exclusively.
 * - The holder checks, after each fsync and before acknowledging, that the lock file is still its
 *   own; a writer whose lock was taken over fails instead of acknowledging.
 */
export interface LockOptions {
  /** How long a lock from another host or PID namespace counts as held without renewal. */
  leaseMs: number;
  /** How long open waits for a held lock to be released or to go stale before failing. */
  waitMs: number;
}

export class SpoolLockedError extends Error {
  override name = 'SpoolLockedError';
}

const LOCK = 'spool.lock';
/** Directories locked by this process (resolved paths). */
const heldHere = new Set<string>();

interface Holder {
  token?: string;
  pid?: number;
  host?: string;
  namespace?: string;
}

let namespaceCache: string | undefined;
/** This process's PID namespace on this boot of this machine: where its PID means something. */
function namespace(): string {
  if (namespaceCache !== undefined) return namespaceCache;
  const read = (f: () => string): string => {
    try {
      return f().trim();
    } catch {
      return '';
    }
  };
  const boot = read(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'));
  const pidNs = read(() => readlinkSync('/proc/self/ns/pid'));
  namespaceCache = `${os.hostname()}/${boot}/${pidNs}`;
  return namespaceCache;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class SpoolLock {
  private renewal?: NodeJS.Timeout;
  private released = false;

  private constructor(
    private readonly dir: string,
    private readonly file: string,
    private readonly handle: FileHandle,
    private readonly ino: number,
    leaseMs: number,
  ) {
    this.renewal = setInterval(
      () => {
        const now = new Date();
        this.handle.utimes(now, now).catch(() => undefined); // a failed renewal shows in verify()
      },
      Math.max(leaseMs / 3, 100),
    );
    this.renewal.unref();
  }

  static async acquire(dir: string, opts: LockOptions): Promise<SpoolLock> {
    if (heldHere.has(dir)) {
      throw new SpoolLockedError(
        `dual-write spool ${dir} is already open in this process: open it once and share the queue, ` +
          'or give each queue its own spool directory',
      );
    }
    heldHere.add(dir);
    try {
      return await SpoolLock.take(dir, opts);
    } catch (err) {
      heldHere.delete(dir);
      throw err;
    }
  }

  private static async take(dir: string, opts: LockOptions): Promise<SpoolLock> {
    const file = path.join(dir, LOCK);
    const token = randomUUID();
    const deadline = Date.now() + opts.waitMs;
    for (;;) {
      try {
        const handle = await open(file, 'wx');
        const me: Holder = { token, pid: process.pid, host: os.hostname(), namespace: namespace() };
        await handle.writeFile(JSON.stringify(me));
        await handle.datasync();
        return new SpoolLock(dir, file, handle, (await handle.stat()).ino, opts.leaseMs);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const seen = await stat(file).catch(() => undefined);
      if (!seen) continue; // released meanwhile
      const holder = parseHolder(await readFile(file, 'utf8').catch(() => ''));
      const ageMs = Date.now() - seen.mtimeMs;
      const here = holder.namespace === namespace() && holder.pid !== undefined;
      const stale = here ? holder.pid === process.pid || !isAlive(holder.pid!) : ageMs > opts.leaseMs;
      if (stale) {
        await takeOver(file, token, seen.ino);
        continue;
      }
      if (here || Date.now() >= deadline) {
        throw new SpoolLockedError(
          `dual-write spool ${dir} is in use by process ${holder.pid ?? '?'} on ${holder.host ?? 'an unknown host'}` +
            (here
              ? ''
              : ` (lock renewed ${Math.round(ageMs / 1000)} s ago; taken over once not renewed for ${opts.leaseMs} ms)`) +
            ': give each process its own spool directory',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, opts.leaseMs / 4)));
    }
  }

  /** Whether the lock file is still this holder's (not taken over after a missed lease). */
  async verify(): Promise<void> {
    const now = await stat(this.file).catch(() => undefined);
    if (!now || now.ino !== this.ino) {
      throw new SpoolLockedError(
        `dual-write spool ${this.dir}: another process took over the lock (this process did not renew it in time); ` +
          'nothing more is acknowledged from this one',
      );
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.renewal);
    const mine = await this.verify().then(
      () => true,
      () => false,
    );
    await this.handle.close();
    if (mine) await unlink(this.file).catch(() => undefined);
    heldHere.delete(this.dir);
  }
}

function parseHolder(text: string): Holder {
  try {
    const v = JSON.parse(text) as Holder;
    return typeof v === 'object' && v !== null ? v : {};
  } catch {
    // An old plain-PID lock, or one being written: judged by its age only.
    return {};
  }
}

/** Removes the stale lock file with inode `ino`, and only that one. */
async function takeOver(file: string, token: string, ino: number): Promise<void> {
  const aside = `${file}.stale-${token}`;
  try {
    await rename(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // another taker was first
    throw err;
  }
  const moved = await stat(aside);
  if (moved.ino !== ino) {
    // Between our check and the rename another taker replaced the stale lock: put theirs back.
    await link(aside, file).catch(() => undefined);
  }
  await unlink(aside);
}
