#!/usr/bin/env bash
# A real Kubernetes control plane for the e2e suite (tests/e2e/kubernetesCluster.test.ts and
# kubernetesOwnership.test.ts): kube-apiserver and kube-controller-manager from PATH or from
# KUBE_BIN_DIR (default ~/.cache/kube-<version>/bin), otherwise built from Go modules by the
# workplace's build script (about 10 minutes cold, seconds when ~/.cache holds them); etcd
# (etcd-server) and kubectl from Debian when they are missing. Run from the project root.
set -euo pipefail
cd "$(dirname "$0")/.."
K8S_VERSION="${K8S_VERSION:-v1.37.2}"
export KUBE_BIN_DIR="${KUBE_BIN_DIR:-$HOME/.cache/kube-$K8S_VERSION/bin}"

packages=()
command -v etcd >/dev/null 2>&1 || packages+=(etcd-server)
command -v kubectl >/dev/null 2>&1 || packages+=(kubectl)
if ((${#packages[@]})); then
  echo "installing ${packages[*]} (apt)" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

found() { command -v "$1" >/dev/null 2>&1 || [[ -x $KUBE_BIN_DIR/$1 ]]; }
if found kube-apiserver && found kube-controller-manager; then
  echo "kube-apiserver: $(command -v kube-apiserver || echo "$KUBE_BIN_DIR/kube-apiserver")" >&2
  exit 0
fi
for build in "${KUBE_APISERVER_BUILD:-}" ../shared/tools/kube-apiserver/build.sh /work/shared/tools/kube-apiserver/build.sh; do
  if [[ -n $build && -f $build ]]; then
    echo "kube-apiserver $K8S_VERSION: building with $build into $KUBE_BIN_DIR" >&2
    start=$(date +%s)
    BUILD_KCM=1 K8S_VERSION="$K8S_VERSION" bash "$build"
    echo "kube-apiserver + kube-controller-manager ready after $(($(date +%s) - start)) s" >&2
    exit 0
  fi
done
echo "No kube-apiserver/kube-controller-manager $K8S_VERSION and no build script (set KUBE_APISERVER_BUILD): the Kubernetes e2e tests need them." >&2
exit 1
