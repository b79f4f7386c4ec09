#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager from the Go module proxy (the last resort of
# scripts/kube-apiserver.sh): k8s.io/kubernetes used as a library by a main module of our own that
# replaces each of its staging modules (./staging/src/k8s.io/X in its go.mod) by the published
# k8s.io/X v0.<minor>.<patch>. About 9 minutes cold on 2 cores (go build peaks at 2.3 GB), seconds
# with warm Go caches. Needs Go. Usage: build-kube.sh VERSION BIN_DIR
set -euo pipefail
VERSION="${1:?usage: build-kube.sh VERSION BIN_DIR}"
BIN="${2:?usage: build-kube.sh VERSION BIN_DIR}"
SRC="${KUBE_BUILD_SRC:-$(dirname "$BIN")/src}"
export PATH="$PATH:/usr/local/go/bin" GOFLAGS=-mod=mod CGO_ENABLED="${CGO_ENABLED:-0}"
command -v go >/dev/null || { echo "build-kube.sh: Go is required (https://go.dev/dl/)" >&2; exit 1; }
staging_version="v0.${VERSION#v1.}" # v1.37.2 -> v0.37.2
mkdir -p "$SRC" "$BIN"
cd "$SRC"

kdir="$(go mod download -json "k8s.io/kubernetes@$VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
goversion="$(awk '/^go /{print $2; exit}' "$kdir/go.mod")"
{
  printf 'module kafka-platform.local/kube\n\ngo %s\n\ngodebug default=go%s\n\nrequire k8s.io/kubernetes %s\n\nreplace (\n' \
    "$goversion" "${goversion%.*}" "$VERSION"
  grep -E '^\s*k8s.io/[a-z0-9-]+ => \./staging/src/' "$kdir/go.mod" | awk -v v="$staging_version" '{print "\t" $1 " => " $1 " " v}'
  echo ')'
} >go.mod
mkdir -p cmd/kube-apiserver cmd/kube-controller-manager
install -m644 "$kdir/cmd/kube-apiserver/apiserver.go" cmd/kube-apiserver/main.go
install -m644 "$kdir/cmd/kube-controller-manager/controller-manager.go" cmd/kube-controller-manager/main.go
go mod tidy
minor="$(echo "$VERSION" | cut -d. -f2)"
ld="-s -w -X k8s.io/component-base/version.gitVersion=$VERSION -X k8s.io/component-base/version.gitMajor=1"
ld+=" -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
ld+=" -X k8s.io/client-go/pkg/version.gitVersion=$VERSION"
for cmd in kube-apiserver kube-controller-manager; do
  [[ -x $BIN/$cmd ]] || go build -trimpath -ldflags "$ld" -o "$BIN/$cmd" "./cmd/$cmd"
done
