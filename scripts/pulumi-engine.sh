#!/usr/bin/env bash
# The real Pulumi engine for the e2e suite (tests/harness/engine.ts): `pulumi` and
# `pulumi-language-nodejs` at the version in .github/pulumi-version (the @pulumi/pulumi SDK's), and
# the Kubernetes plugin, all in one bin directory, $PULUMI_ENGINE_DIR/bin (default
# ~/.cache/pulumi-engine-v<version>; CI caches it). The first source that works wins:
#   1. PATH, only at exactly the pinned version (another version is skipped, with a message):
#      on GitHub, pulumi/actions installs it from .github/pulumi-version
#   2. the cache
#   3. the official release, $PULUMI_DOWNLOAD_BASE_URL/pulumi-v<version>-linux-x64.tar.gz (default
#      https://get.pulumi.com/releases/sdk), used only if it matches the sha256 Pulumi publishes for
#      the release (pulumi-<version>-checksums.txt), committed in tools/checksums/; a mismatch stops here
#   4. the build from Go modules (scripts/tools/build-pulumi-engine.sh, about 9 minutes cold)
# The Kubernetes plugin: the cache, else `pulumi plugin install` (the official release; server
# $PULUMI_PLUGIN_SERVER if set), else the build from Go modules (about 10 minutes cold).
# Run from the project root after npm ci (the dynamic-provider plugin is linked from node_modules).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/tools/lib.sh
source scripts/tools/lib.sh
VERSION="v$(tr -d '[:space:]' <.github/pulumi-version)"
K8S_PLUGIN_VERSION=4.34.2
ENGINE_DIR="${PULUMI_ENGINE_DIR:-$HOME/.cache/pulumi-engine-$VERSION}"
BIN="$ENGINE_DIR/bin"
PULUMI_DOWNLOAD_BASE_URL="${PULUMI_DOWNLOAD_BASE_URL:-https://get.pulumi.com/releases/sdk}"
export PULUMI_SKIP_UPDATE_CHECK=true
# pulumi finds its home from the user database, not $HOME: with another HOME (CI's empty-HOME dry
# run, a container) plugins would land in the account's real home while we look under $HOME.
export PULUMI_HOME="${PULUMI_HOME:-$HOME/.pulumi}"
mkdir -p "$BIN"
start=$(date +%s)

version_of() { "$1" version 2>/dev/null | tr -d '[:space:]'; }
engine_ready() { [[ -x $BIN/pulumi && -x $BIN/pulumi-language-nodejs && $(version_of "$BIN/pulumi") == "$VERSION" ]]; }

if engine_ready; then
  say "pulumi engine: $BIN ($VERSION, cached)"
else
  source=""
  # 1. PATH, at the pinned version only: copied, so the cache holds no link to a tool cache.
  if found="$(command -v pulumi)"; then
    version="$(version_of "$found")"
    if [[ $version == "$VERSION" && -x $(dirname "$found")/pulumi-language-nodejs ]]; then
      install -m755 "$found" "$(dirname "$found")/pulumi-language-nodejs" "$BIN/"
      source="PATH ($found)"
    else
      say "$found is ${version:-of unknown version}, not $VERSION (.github/pulumi-version) with its language host: skipped"
    fi
  fi
  # 3. The official release.
  if [[ -z $source ]]; then
    archive="pulumi-$VERSION-linux-x64.tar.gz"
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    rc=0
    fetch_verified "$PULUMI_DOWNLOAD_BASE_URL/$archive" "$tmp/$archive" "pulumi-$VERSION.sha256" || rc=$?
    if ((rc == 0)); then
      tar -xzf "$tmp/$archive" -C "$tmp" pulumi/pulumi pulumi/pulumi-language-nodejs
      install -m755 "$tmp/pulumi/pulumi" "$tmp/pulumi/pulumi-language-nodejs" "$BIN/"
      source="download"
    fi
  fi
  # 4. The build from Go modules.
  if [[ -z $source ]]; then
    say "pulumi engine $VERSION: building from Go modules into $BIN (about 9 minutes cold)"
    bash scripts/tools/build-pulumi-engine.sh "$BIN"
    source="Go build"
  fi
  engine_ready || { say "pulumi in $BIN does not report $VERSION (from $source): removed"; rm -f "$BIN/pulumi"; exit 4; }
  say "pulumi engine $VERSION: from $source, in $BIN after $(($(date +%s) - start)) s"
fi

# The Kubernetes plugin, beside pulumi (tests/harness/engine.ts looks there).
if [[ ! -x $BIN/pulumi-resource-kubernetes ]]; then
  plugin_home="$PULUMI_HOME/plugins/resource-kubernetes-v$K8S_PLUGIN_VERSION"
  server=()
  [[ -z ${PULUMI_PLUGIN_SERVER:-} ]] || server=(--server "$PULUMI_PLUGIN_SERVER")
  if timeout 300 "$BIN/pulumi" plugin install resource kubernetes "v$K8S_PLUGIN_VERSION" "${server[@]}" >&2 &&
    [[ -x $plugin_home/pulumi-resource-kubernetes ]]; then
    install -m755 "$plugin_home/pulumi-resource-kubernetes" "$BIN/"
    say "pulumi-resource-kubernetes $K8S_PLUGIN_VERSION: installed by pulumi plugin install"
  else
    say "pulumi-resource-kubernetes $K8S_PLUGIN_VERSION: no release reachable, building from Go modules (about 10 minutes cold)"
    BUILD_K8S=1 bash scripts/tools/build-pulumi-engine.sh "$BIN"
  fi
fi

# Dynamic providers: the plugin is a script in @pulumi/pulumi that must sit next to `pulumi`.
if [[ -e node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs ]]; then
  ln -sfn "$PWD/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs" "$BIN/pulumi-resource-pulumi-nodejs"
fi
"$BIN/pulumi" version >&2
