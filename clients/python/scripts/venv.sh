#!/usr/bin/env bash
# Creates clients/python/.venv from requirements.lock (hashes checked) and puts src/ on its path.
# Reused while the lock is unchanged; prints how long a fresh setup took.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"
stamp="$venv/.lock.sha256"
want="$(sha256sum "$here/requirements.lock" | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi
start=$(date +%s)
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
  -r "$here/requirements.lock"
# The package itself from the work tree (a .pth entry: no build step, no unhashed build dependencies).
site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
echo "$here/src" >"$site/kafka_platform_src.pth"
echo "$want" >"$stamp"
echo "python venv: created from requirements.lock in $(($(date +%s) - start)) s" >&2
