#!/usr/bin/env bash
# Lints .github/workflows with actionlint. Needs only actionlint: built with Go on first use, and
# nothing else is installed here (the other CI tools belong to .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .cache/bin/actionlint ] || bash scripts/install-ci-tools.sh actionlint
.cache/bin/actionlint -no-color
echo "actionlint: $(ls .github/workflows | wc -l) workflow(s) clean"
