#!/usr/bin/env bash
# Tools the static checks use, installed from package registries (idempotent). With arguments,
# installs only those tools (`npm run lint` needs actionlint and shellcheck); without, all of them (.ci/run):
#   actionlint          - GitHub workflow linter, built from the Go module proxy into .cache/bin (needs Go)
#   docker-compose      - Debian's Compose implementation; `docker-compose config` checks the Compose
#                         file without a Docker engine (needs apt-get; elsewhere install it yourself)
#   kubernetes-validate - offline Kubernetes OpenAPI schemas (PyPI), for rendered manifests (needs python3 -m venv)
#   kcat                - librdkafka's CLI (Debian), a non-Java client the compression tests check against
#   shellcheck          - Debian's; actionlint runs it on every workflow `run:` script (without it,
#                         those scripts go unchecked), and scripts/lint-workflows.sh on scripts/ci/
#   promtool            - Debian's prometheus package; checks and unit-tests the generated alerting rules
#   lz4, zstd           - the reference codec CLIs the client's compression tests check batches against
set -euo pipefail
cd "$(dirname "$0")/.."
ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.7}"

install_actionlint() {
  mkdir -p .cache/bin
  if [ ! -x .cache/bin/actionlint ]; then
    if ! command -v go >/dev/null 2>&1; then
      echo "actionlint ${ACTIONLINT_VERSION} is built with Go, which is not installed: install Go (https://go.dev/dl/), or put an actionlint binary at .cache/bin/actionlint" >&2
      exit 1
    fi
    echo "installing actionlint ${ACTIONLINT_VERSION} (go install)" >&2
    GOBIN="$PWD/.cache/bin" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}"
  fi
}

# apt_install <command> <package>: the Debian package providing a command, when the command is missing.
apt_install() {
  command -v "$1" >/dev/null 2>&1 && return
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$1 is missing and this is not a Debian/Ubuntu machine: install $2 so that $1 is on PATH" >&2
    exit 1
  fi
  echo "installing $2 (apt)" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}

install_kubernetes_validate() {
  bash scripts/k8s-schema-validator.sh --help >/dev/null
}

tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(actionlint shellcheck docker-compose kubernetes-validate kcat promtool lz4 zstd)
for tool in "${tools[@]}"; do
  case "$tool" in
    actionlint) install_actionlint ;;
    docker-compose) apt_install docker-compose docker-compose ;;
    kubernetes-validate) install_kubernetes_validate ;;
    shellcheck) apt_install shellcheck shellcheck ;;
    kcat) apt_install kcat kcat ;;
    promtool) apt_install promtool prometheus ;;
    lz4) apt_install lz4 lz4 ;;
    zstd) apt_install zstd zstd ;;
    *)
      echo "unknown tool: $tool (known: actionlint, shellcheck, docker-compose, kubernetes-validate, kcat, promtool, lz4, zstd)" >&2
      exit 2
      ;;
  esac
done
