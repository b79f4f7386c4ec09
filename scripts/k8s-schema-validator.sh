#!/usr/bin/env bash
# Runs scripts/validate-k8s-manifests.py in a venv under .cache/ with kubernetes-validate (which
# bundles the Kubernetes JSON schemas: validation itself is offline). Needs python3 with venv and,
# the first time only, access to PyPI.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.cache/k8s-validate-venv"
version="1.37.0"
if ! "$venv/bin/python" -c "import kubernetes_validate.version as v, sys; sys.exit(v.__version__ != '$version')" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "kubernetes-validate==$version" >&2
fi
exec "$venv/bin/python" "$root/scripts/validate-k8s-manifests.py" "$@"
