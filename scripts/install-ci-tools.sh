#!/usr/bin/env bash
# Tools the static checks use, installed from package registries (idempotent):
#   actionlint  - GitHub workflow linter, built from the Go module proxy into .cache/bin
set -euo pipefail
cd "$(dirname "$0")/.."
ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.7}"

mkdir -p .cache/bin
if [ ! -x .cache/bin/actionlint ]; then
  echo "installing actionlint ${ACTIONLINT_VERSION} (go install)" >&2
  GOBIN="$PWD/.cache/bin" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}"
fi
