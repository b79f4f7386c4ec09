import { EnvFile } from './compose/envFiles';
import { IGNORED_RENDER_ROOT } from './k8s/settings';

/** A document output: its dotted stack output key (`local.monitoring.grafanaDashboard`) and file. */
export interface DocumentFile extends EnvFile {
  key: string;
}

/** A string output this long is a document (a dashboard, rules), not a value a person reads in a terminal. */
export const DOCUMENT_MIN_CHARS = 1000;

/** Where a stack's document outputs go: below the git-ignored render root, one file per output. */
export function documentPath(stack: string, key: string, content: string): string {
  const ext = /^\s*[[{]/.test(content) ? 'json' : 'yml';
  return `${IGNORED_RENDER_ROOT}/${stack}/outputs/${key}.${ext}`;
}

/**
 * Keeps stack outputs short: every plain string of `DOCUMENT_MIN_CHARS` or more below `value`
 * (Grafana dashboards, Prometheus rules) becomes the path of a file `pulumi up` writes, so
 * `preview`, `up` and `pulumi stack output` print a line where they printed hundreds. Pure.
 */
export function documentOutputs(
  value: Record<string, unknown>,
  key: string,
  stack: string,
): { outputs: Record<string, unknown>; files: DocumentFile[] } {
  const files: DocumentFile[] = [];
  const walk = (v: unknown, at: string): unknown => {
    if (typeof v === 'string' && v.length >= DOCUMENT_MIN_CHARS) {
      const file = { key: at, path: documentPath(stack, at, v), content: v.endsWith('\n') ? v : `${v}\n` };
      files.push(file);
      return file.path;
    }
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, `${at}.${k}`)]));
    }
    return v;
  };
  return { outputs: walk(value, key) as Record<string, unknown>, files };
}
