#!/usr/bin/env bash
# Builds the real Pulumi engine from the Go module proxy (the last resort of scripts/pulumi-engine.sh,
# for machines without the internet's release downloads): `pulumi` and `pulumi-language-nodejs`
# v3.248.0, and with BUILD_K8S=1 the Kubernetes plugin, into $1 (a bin directory). About 9 minutes
# cold on 2 cores, +10 for the plugin; seconds with warm Go caches. Needs Go.
#
# Why it is built this way (checked):
# - `go install .../pkg/v3/cmd/pulumi@v3.248.0` fails: pkg/go.mod replaces sdk with ../sdk. A main
#   module of our own that requires pkg/v3 and sdk/v3 builds, since a dependency's replaces are ignored.
# - The proxy does not serve the language host's module: its package main is vendored in
#   tools/upstream/pulumi-language-nodejs-v3.248.0 (see the NOTICE there), checked by SHA256SUMS.
# - Only a pseudo-version of pulumi-kubernetes/provider/v4 is served (2026-01-15); it compiles with
#   sdk/v4 v4.24.0 pinned and is labelled 4.34.2, the version @pulumi/kubernetes asks for.
set -euo pipefail
VERSION=v3.248.0
K8S_PROVIDER_MODULE_VERSION=v4.0.0-20260115033456-f47bc2d6f199
K8S_PLUGIN_VERSION=4.34.2
BIN="${1:?usage: build-pulumi-engine.sh BIN_DIR}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
UPSTREAM="$ROOT/tools/upstream/pulumi-language-nodejs-$VERSION"
SRC="${PULUMI_ENGINE_SRC:-$(dirname "$BIN")/src}"
export PATH="$PATH:/usr/local/go/bin" GOFLAGS=-mod=mod
command -v go >/dev/null || { echo "build-pulumi-engine.sh: Go is required (https://go.dev/dl/)" >&2; exit 1; }
mkdir -p "$BIN"

# dir_of MODULE@VERSION: where the module cache holds it.
dir_of() { go mod download -json "$1" | sed -n 's/.*"Dir": "\(.*\)",/\1/p'; }

if [[ ! -x $BIN/pulumi || ! -x $BIN/pulumi-language-nodejs ]]; then
  (cd "$UPSTREAM" && sha256sum -c --quiet SHA256SUMS)
  work="$SRC/engine"
  mkdir -p "$work/cmd/pulumi" "$work/cmd/pulumi-language-nodejs"
  cd "$work"
  # pkg/go.mod's one replace that is not local is repeated here (a dependency's replaces are ignored).
  cat >go.mod <<GOMOD
module kafka-platform.local/pulumi-engine

go 1.25.11

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e

require (
	github.com/pulumi/pulumi/pkg/v3 $VERSION
	github.com/pulumi/pulumi/sdk/v3 $VERSION
)
GOMOD
  pkg="$(dir_of "github.com/pulumi/pulumi/pkg/v3@$VERSION")"
  for f in "$pkg"/cmd/pulumi/*.go; do
    [[ $f == *_test.go ]] || install -m644 "$f" cmd/pulumi/
  done
  install -m644 "$UPSTREAM"/*.go cmd/pulumi-language-nodejs/
  go mod tidy
  ld="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION"
  go build -trimpath -ldflags "$ld" -o "$BIN/pulumi-language-nodejs" ./cmd/pulumi-language-nodejs
  go build -trimpath -ldflags "$ld" -o "$BIN/pulumi" ./cmd/pulumi
fi

if [[ ${BUILD_K8S:-0} == 1 && ! -x $BIN/pulumi-resource-kubernetes ]]; then
  work="$SRC/kubernetes"
  cmd=cmd/pulumi-resource-kubernetes
  mkdir -p "$work/$cmd"
  cd "$work"
  cat >go.mod <<GOMOD
module kafka-platform.local/pulumi-kubernetes

go 1.24

require (
	github.com/pulumi/pulumi-kubernetes/provider/v4 $K8S_PROVIDER_MODULE_VERSION
	github.com/pulumi/pulumi-kubernetes/sdk/v4 v4.24.0
)
GOMOD
  provider="$(dir_of "github.com/pulumi/pulumi-kubernetes/provider/v4@$K8S_PROVIDER_MODULE_VERSION")"
  install -m644 "$provider/$cmd/main.go" "$cmd/"
  install -m644 "$provider/$cmd/schema.json" "$cmd/schema-embed.json"
  install -m644 "$provider/$cmd/terraform-mapping.json" "$cmd/terraform-mapping-embed.json"
  go mod tidy
  go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$K8S_PLUGIN_VERSION" \
    -o "$BIN/pulumi-resource-kubernetes" "./$cmd"
fi
