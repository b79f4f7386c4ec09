#!/usr/bin/env bash
# A dry run of CI as GitHub runs it, on this machine: a fresh clone of a commit outside the
# project's parent folder, an empty HOME (no npm, Maven, Go, pip or tool cache), GITHUB_ACTIONS=true,
# and the tool downloads (Pulumi CLI, the Kubernetes plugin, the Kubernetes server binaries) served
# by a loopback HTTP server instead of get.pulumi.com / dl.k8s.io, then `.ci/run`. Prints the wall
# time; exits with .ci/run's status.
#
#   bash scripts/ci/dry-run.sh [REF]      (default REF: HEAD of this repository)
#
# What it stands in for, and what it does not:
# - The archives it serves are shaped like the official releases but packed from the tools this
#   machine already has (scripts/pulumi-engine.sh and scripts/kube-apiserver.sh are run first to
#   get them). Their checksums are written to a temporary TOOLS_CHECKSUM_DIR, which plays the part
#   of the publisher's checksums committed in tools/checksums/ (not committed yet: see its README).
# - System packages (Node, Java, Go, Python, apt packages such as etcd or shellcheck) are the
#   machine's, as the setup-* actions and apt would provide them on a runner.
# Java and pulumi find their home in the user database, not $HOME: both are pointed at the empty one
# (Maven's local repository included), so nothing is read from or written to the account's home.
# Environment: DRY_RUN_DIR (default: a new directory under /tmp), DRY_RUN_KEEP=1 keeps it.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
# shellcheck source=scripts/tools/lib.sh
source scripts/tools/lib.sh
ref="${1:-HEAD}"
commit="$(git rev-parse --verify "$ref^{commit}")"
PULUMI_VERSION="v$(tr -d '[:space:]' <.github/pulumi-version)"
K8S_VERSION="${K8S_VERSION:-v1.37.2}"
K8S_PLUGIN_VERSION="$(sed -n 's/^K8S_PLUGIN_VERSION=//p' scripts/pulumi-engine.sh)"

# The tools to serve, from this machine's sources (PATH, cache or a Go build).
say "dry run: getting the tools to serve"
bash scripts/pulumi-engine.sh >/dev/null
bash scripts/kube-apiserver.sh >/dev/null
engine_bin="${PULUMI_ENGINE_DIR:-$HOME/.cache/pulumi-engine-$PULUMI_VERSION}/bin"
kube_bin="${KUBE_BIN_DIR:-$HOME/.cache/kube-$K8S_VERSION/bin}"
[[ -x $kube_bin/kube-apiserver ]] || kube_bin="$(dirname "$(command -v kube-apiserver)")"

work="${DRY_RUN_DIR:-$(mktemp -d /tmp/kafka-platform-dry-run.XXXXXX)}"
mkdir -p "$work"
[[ ${DRY_RUN_KEEP:-0} == 1 ]] || trap 'kill "${server_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
srv="$work/srv" sums="$work/checksums" home="$work/home" clone="$work/kafka-platform"
mkdir -p "$srv/$K8S_VERSION" "$srv/plugins" "$sums" "$home"

# Release-shaped archives: the layouts scripts/pulumi-engine.sh, `pulumi plugin install --server`
# and scripts/kube-apiserver.sh read from the official ones.
stage="$work/stage"
mkdir -p "$stage/pulumi" "$stage/kubernetes/server/bin"
install -m755 "$engine_bin/pulumi" "$engine_bin/pulumi-language-nodejs" "$stage/pulumi/"
tar -czf "$srv/pulumi-$PULUMI_VERSION-linux-x64.tar.gz" -C "$stage" pulumi
install -m755 "$kube_bin/kube-apiserver" "$kube_bin/kube-controller-manager" "$stage/kubernetes/server/bin/"
tar -czf "$srv/$K8S_VERSION/kubernetes-server-linux-amd64.tar.gz" -C "$stage" kubernetes
tar -czf "$srv/plugins/pulumi-resource-kubernetes-v$K8S_PLUGIN_VERSION-linux-amd64.tar.gz" \
  -C "$engine_bin" pulumi-resource-kubernetes
rm -rf "$stage"
(cd "$srv" && sha256sum "pulumi-$PULUMI_VERSION-linux-x64.tar.gz") >"$sums/pulumi-$PULUMI_VERSION.sha256"
(cd "$srv/$K8S_VERSION" && sha512sum kubernetes-server-linux-amd64.tar.gz) >"$sums/kubernetes-$K8S_VERSION.sha512"

# The loopback server, on a free port.
python3 - "$srv" "$work/port" <<'PY' &
import functools, http.server, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=sys.argv[1]))
open(sys.argv[2], "w").write(str(server.server_address[1]))
server.serve_forever()
PY
server_pid=$!
for _ in $(seq 50); do [[ -s $work/port ]] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$work/port")"

git clone --quiet --no-local "$repo" "$clone"
git -C "$clone" checkout --quiet "$commit"
[[ ! -e $clone/../shared ]] || {
  say "dry run: $clone has a ../shared beside it; set DRY_RUN_DIR elsewhere"
  exit 2
}

# PATH as a runner has it after setup-node/java/go/python: system directories plus the real
# Python (pyenv's shims would look for their root under the empty HOME); nothing under HOME.
python_dir="$(dirname "$(python3 -c 'import sys; print(sys.executable)')")"
path="$python_dir"
IFS=: read -ra dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
  case "$dir" in "$HOME"/* | */shims | */pyenv/bin) continue ;; esac
  path="$path:$dir"
done

say "dry run of $commit in $clone (HOME=$home, tools from $base)"
start=$(date +%s)
rc=0
env -i PATH="$path" HOME="$home" LANG=C.UTF-8 TERM=dumb CI=true GITHUB_ACTIONS=true \
  PULUMI_DOWNLOAD_BASE_URL="$base" PULUMI_PLUGIN_SERVER="$base/plugins" \
  KUBE_DOWNLOAD_BASE_URL="$base" TOOLS_CHECKSUM_DIR="$sums" \
  MAVEN_OPTS="-Duser.home=$home" PULUMI_HOME="$home/.pulumi" \
  bash "$clone/.ci/run" >"$work/ci.log" 2>&1 || rc=$?
elapsed=$(($(date +%s) - start))
tail -n 40 "$work/ci.log"
cp "$work/ci.log" "${DRY_RUN_LOG:-/tmp/kafka-platform-dry-run.log}"
say "dry run of $commit: .ci/run exited $rc after $elapsed s ($((elapsed / 60)) min), load average $(cut -d' ' -f1-3 /proc/loadavg); log: ${DRY_RUN_LOG:-/tmp/kafka-platform-dry-run.log}"
exit "$rc"
