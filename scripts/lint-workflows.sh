#!/usr/bin/env bash
# Lints .github/workflows with actionlint (installed by scripts/install-ci-tools.sh on demand).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .cache/bin/actionlint ] || bash scripts/install-ci-tools.sh
.cache/bin/actionlint -no-color
echo "actionlint: $(ls .github/workflows | wc -l) workflow(s) clean"
