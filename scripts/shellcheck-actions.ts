import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

/**
 * ShellCheck over the `run:` scripts of the repository's composite actions (.github/actions/),
 * which actionlint does not check (it checks workflows). Exits 1 naming the action and step.
 */
function main(): number {
  const root = path.resolve(__dirname, '..', '.github', 'actions');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'action-scripts-'));
  let failed = 0;
  let checked = 0;
  try {
    for (const action of fs.readdirSync(root)) {
      const file = path.join(root, action, 'action.yml');
      if (!fs.existsSync(file)) continue;
      const steps =
        (parse(fs.readFileSync(file, 'utf8')) as { runs?: { steps?: { name?: string; run?: string }[] } })
          .runs?.steps ?? [];
      steps.forEach((step, i) => {
        if (!step.run) return;
        const script = path.join(dir, `${action}-${i}.sh`);
        fs.writeFileSync(script, `#!/usr/bin/env bash\n${step.run}`);
        const r = spawnSync('shellcheck', [script], { encoding: 'utf8' });
        checked++;
        if (r.status !== 0) {
          failed++;
          process.stderr.write(
            `${path.relative(process.cwd(), file)} step "${step.name ?? i}":\n${r.stdout}${r.stderr}\n`,
          );
        }
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`ShellCheck: ${checked} composite action script(s), ${failed} with problems\n`);
  return failed ? 1 : 0;
}

process.exit(main());
