#!/usr/bin/env bash
# Tools the static checks use, installed from package registries (idempotent):
#   actionlint      - GitHub workflow linter, built from the Go module proxy into .cache/bin
#   ShellCheck      - Debian's; actionlint runs it on every workflow `run:` script (without it,
#                     those scripts go unchecked), and scripts/lint-workflows.sh on scripts/ci/
#   docker-compose  - Debian's Compose implementation; `docker-compose config` checks the Compose
#                     file without a Docker engine
#   kubernetes-validate - offline Kubernetes OpenAPI schemas (PyPI), for rendered manifests
set -euo pipefail
cd "$(dirname "$0")/.."
ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.7}"

mkdir -p .cache/bin
if [ ! -x .cache/bin/actionlint ]; then
  echo "installing actionlint ${ACTIONLINT_VERSION} (go install)" >&2
  GOBIN="$PWD/.cache/bin" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}"
fi

missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (apt)" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Kubernetes schema validator (PyPI kubernetes-validate in .cache/k8s-validate-venv).
bash scripts/k8s-schema-validator.sh --help >/dev/null
