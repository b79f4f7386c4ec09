#!/usr/bin/env bash
# The real Pulumi engine for the e2e suite (tests/e2e): the Pulumi CLI on PATH if there is one
# (with the Kubernetes plugin it needs for render mode), otherwise pulumi, its Node.js language
# host and the Kubernetes plugin built from Go modules by the workplace's build script (about
# 20 minutes cold, seconds when ~/.cache holds them). Run from the project root after npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v pulumi >/dev/null 2>&1; then
  echo "pulumi engine: $(command -v pulumi) ($(pulumi version))" >&2
  exit 0
fi
for build in "${PULUMI_ENGINE_BUILD:-}" ../shared/tools/pulumi-engine/build.sh /work/shared/tools/pulumi-engine/build.sh; do
  if [[ -n $build && -f $build ]]; then
    echo "pulumi engine: building with $build" >&2
    BUILD_K8S=1 bash "$build"
    exit 0
  fi
done
echo "No pulumi CLI on PATH and no engine build script (set PULUMI_ENGINE_BUILD): the e2e suite needs one." >&2
exit 1
