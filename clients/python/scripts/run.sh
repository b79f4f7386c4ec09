#!/usr/bin/env bash
# npm run lint:python / test:python / bench:python: the venv from the lock file, then the tool.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/venv.sh"
cd "$here"
bin="$here/.venv/bin"
case "${1:-}" in
  lint)
    "$bin/ruff" check src tests bench ../../examples
    "$bin/ruff" format --check src tests bench ../../examples
    "$bin/mypy" src tests bench $(ls ../../examples/*.py 2>/dev/null)
    ;;
  test)
    shift
    "$bin/python" -m pytest "$@"
    ;;
  bench)
    shift
    "$bin/python" bench/consume.py "$@"
    ;;
  *)
    echo "usage: run.sh lint|test|bench [args]" >&2
    exit 2
    ;;
esac
