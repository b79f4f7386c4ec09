#!/usr/bin/env bash
# A real Kubernetes control plane for the e2e suite (tests/harness/kubeApiServer.ts):
# kube-apiserver and kube-controller-manager at the pinned version, etcd and kubectl. Everything
# comes from sources this repository names; the first that works wins:
#   1. PATH, only at exactly $K8S_VERSION (another version is skipped, with a message)
#   2. the cache, $KUBE_BIN_DIR (default ~/.cache/kube-$K8S_VERSION/bin; CI caches it)
#   3. the official server binaries, $KUBE_DOWNLOAD_BASE_URL/$K8S_VERSION/kubernetes-server-linux-amd64.tar.gz
#      (default https://dl.k8s.io), used only if they match the sha512 the Kubernetes release notes
#      list (CHANGELOG-1.37.md), committed in tools/checksums/; a mismatch stops here
#   4. the build from Go modules (scripts/tools/build-kube.sh, about 9 minutes cold)
# etcd (etcd-server) and kubectl come from Debian/Ubuntu packages when missing
# (KUBE_INSTALL_PACKAGES=0: not installed). Ends with
# KUBE_BIN_DIR holding both binaries. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/tools/lib.sh
source scripts/tools/lib.sh
K8S_VERSION="${K8S_VERSION:-v1.37.2}"
KUBE_BIN_DIR="${KUBE_BIN_DIR:-$HOME/.cache/kube-$K8S_VERSION/bin}"
KUBE_DOWNLOAD_BASE_URL="${KUBE_DOWNLOAD_BASE_URL:-https://dl.k8s.io}"
BINARIES=(kube-apiserver kube-controller-manager)

packages=()
[[ ${KUBE_INSTALL_PACKAGES:-1} == 1 ]] || packages=(none)
command -v etcd >/dev/null 2>&1 || packages+=(etcd-server)
command -v kubectl >/dev/null 2>&1 || packages+=(kubectl)
if ((${#packages[@]})) && [[ ${packages[0]} != none ]]; then
  say "installing ${packages[*]} (apt)"
  if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# version_of BINARY: the version it reports (`Kubernetes v1.37.2` -> v1.37.2).
version_of() { "$1" --version 2>/dev/null | awk '{print $2}'; }

# 1. PATH, at the pinned version only.
on_path=0
for bin in "${BINARIES[@]}"; do
  if found="$(command -v "$bin")"; then
    version="$(version_of "$found")"
    if [[ $version == "$K8S_VERSION" ]]; then
      on_path=$((on_path + 1))
    else
      say "$found is ${version:-of unknown version}, not $K8S_VERSION: skipped"
    fi
  fi
done
if ((on_path == ${#BINARIES[@]})); then
  say "kube-apiserver: $(command -v kube-apiserver) ($K8S_VERSION, on PATH)"
  exit 0
fi

# 2. The cache.
cached() {
  local bin
  for bin in "${BINARIES[@]}"; do
    [[ -x $KUBE_BIN_DIR/$bin && $(version_of "$KUBE_BIN_DIR/$bin") == "$K8S_VERSION" ]] || return 1
  done
}
if cached; then
  say "kube-apiserver: $KUBE_BIN_DIR/kube-apiserver ($K8S_VERSION, cached)"
  exit 0
fi
mkdir -p "$KUBE_BIN_DIR"
start=$(date +%s)

# 3. The official release, checked against the committed checksum.
archive=kubernetes-server-linux-amd64.tar.gz
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
rc=0
fetch_verified "$KUBE_DOWNLOAD_BASE_URL/$K8S_VERSION/$archive" "$tmp/$archive" "kubernetes-$K8S_VERSION.sha512" || rc=$?
if ((rc == 0)); then
  tar -xzf "$tmp/$archive" -C "$tmp" "${BINARIES[@]/#/kubernetes/server/bin/}"
  for bin in "${BINARIES[@]}"; do install -m755 "$tmp/kubernetes/server/bin/$bin" "$KUBE_BIN_DIR/$bin"; done
  if cached; then
    say "kube-apiserver $K8S_VERSION: downloaded into $KUBE_BIN_DIR after $(($(date +%s) - start)) s"
    exit 0
  fi
  say "the downloaded binaries do not report $K8S_VERSION: removed"
  for bin in "${BINARIES[@]}"; do rm -f "$KUBE_BIN_DIR/$bin"; done
  exit 4
fi

# 4. The build from Go modules.
say "kube-apiserver $K8S_VERSION: building from Go modules into $KUBE_BIN_DIR (about 9 minutes cold)"
bash scripts/tools/build-kube.sh "$K8S_VERSION" "$KUBE_BIN_DIR"
cached || { say "the built binaries do not report $K8S_VERSION"; exit 1; }
say "kube-apiserver + kube-controller-manager $K8S_VERSION built after $(($(date +%s) - start)) s"
