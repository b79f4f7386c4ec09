#!/usr/bin/env bash
# Lints .github/workflows with actionlint, which also runs shellcheck on every `run:` script, and
# runs ShellCheck on the scripts the workflows call (scripts/ci/). Both are installed by
# scripts/install-ci-tools.sh on demand.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .cache/bin/actionlint ] || ! command -v shellcheck >/dev/null 2>&1; then
  bash scripts/install-ci-tools.sh
fi
.cache/bin/actionlint -no-color
shellcheck scripts/ci/*.sh
workflows=(.github/workflows/*.yml)
echo "actionlint: ${#workflows[@]} workflow(s) clean, run scripts and scripts/ci shellchecked"
