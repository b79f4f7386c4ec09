#!/usr/bin/env bash
# Lints .github/workflows with actionlint, which also runs ShellCheck on every `run:` script, and
# runs ShellCheck on the scripts the workflows call (scripts/ci/) and on the composite actions'
# scripts (.github/actions/, which actionlint leaves out). Needs only those two: installed on first
# use (the other CI tools belong to .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .cache/bin/actionlint ] || bash scripts/install-ci-tools.sh actionlint
command -v shellcheck >/dev/null 2>&1 || bash scripts/install-ci-tools.sh shellcheck
.cache/bin/actionlint -no-color
shellcheck -x scripts/ci/*.sh scripts/pulumi-engine.sh scripts/kube-apiserver.sh scripts/tools/*.sh .ci/run
node_modules/.bin/tsx scripts/shellcheck-actions.ts
workflows=(.github/workflows/*.yml)
echo "actionlint: ${#workflows[@]} workflow(s) clean; their run scripts, scripts/ci and the composite actions shellchecked"
