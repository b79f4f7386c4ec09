import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Wall time and peak memory of one command's process tree. */
export interface Measure {
  ms: number;
  /** Peak of the summed RSS (MB) of the tree: the CLI and every process below it. */
  peakRssMb: number;
  /** Peak RSS (MB) per kind of process (CLI, language host, program, provider host, ...). */
  byProcess: Map<string, number>;
}

/**
 * Runs `op`, sampling every 200 ms the resident memory of the processes this one started whose
 * command name is one of `roots` (`pulumi`, `tofu`), and of every process below them. /proc lists
 * processes (thread group leaders), not threads; a thread's RSS is its process's, counted once.
 */
export async function measure(roots: readonly string[], op: () => Promise<unknown>): Promise<Measure> {
  let peak = 0;
  const byProcess = new Map<string, number>();
  const sample = () => {
    const { total, processes } = treeRss(roots);
    peak = Math.max(peak, total);
    for (const [kind, kib] of processes)
      byProcess.set(kind, Math.max(byProcess.get(kind) ?? 0, Math.round(kib / 1024)));
  };
  const timer = setInterval(sample, 200);
  const start = performance.now();
  try {
    await op();
  } finally {
    clearInterval(timer);
  }
  return { ms: performance.now() - start, peakRssMb: Math.round(peak / 1024), byProcess };
}

/** What a process of the run is, from its command line. */
function kindOf(cmdline: string): string {
  if (/dynamic-provider/.test(cmdline)) return 'dynamic provider host';
  if (/cmd\/run/.test(cmdline)) return 'program (node)';
  if (/pulumi-language-nodejs/.test(cmdline)) return 'language host';
  if (/(^|\/)pulumi /.test(cmdline)) return 'pulumi CLI';
  if (/terraform-provider-kafka/.test(cmdline)) return 'kafka provider plugin';
  if (/(^|\/)tofu /.test(cmdline)) return 'tofu CLI';
  return 'other';
}

/** Sum of RSS (KiB) of the trees below this process's children named in `roots`, by kind. */
function treeRss(roots: readonly string[]): { total: number; processes: Map<string, number> } {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  const names = new Map<number, string>();
  const cmdlines = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      rss.set(Number(entry), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
      cmdlines.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // The process ended meanwhile.
    }
  }
  const inRun = (pid: number): boolean => {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parents.get(p)) {
      if (roots.includes(names.get(p) ?? '') && parents.get(p) === process.pid) return true;
    }
    return false;
  };
  let total = 0;
  const processes = new Map<string, number>();
  for (const [pid, kib] of rss) {
    if (!inRun(pid)) continue;
    total += kib;
    const kind = kindOf(cmdlines.get(pid) ?? '');
    processes.set(kind, (processes.get(kind) ?? 0) + kib);
  }
  return { total, processes };
}
