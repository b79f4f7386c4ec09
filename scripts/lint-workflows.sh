#!/usr/bin/env bash
# Lints .github/workflows with actionlint, which also runs shellcheck on every `run:` script, and
# runs ShellCheck on the scripts the workflows call (scripts/ci/) and on the composite actions'
# scripts (.github/actions/, which actionlint leaves out). Both are installed by
# scripts/install-ci-tools.sh on demand.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .cache/bin/actionlint ] || ! command -v shellcheck >/dev/null 2>&1; then
  bash scripts/install-ci-tools.sh
fi
.cache/bin/actionlint -no-color
shellcheck scripts/ci/*.sh
node_modules/.bin/tsx scripts/shellcheck-actions.ts
workflows=(.github/workflows/*.yml)
echo "actionlint: ${#workflows[@]} workflow(s) clean; their run scripts, scripts/ci and the composite actions shellchecked"
