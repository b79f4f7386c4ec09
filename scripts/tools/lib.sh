#!/usr/bin/env bash
# Helpers shared by the tool getters (scripts/pulumi-engine.sh, scripts/kube-apiserver.sh): say what
# is used and why, and download a release archive only when it matches the checksum its publisher
# lists, committed in tools/checksums/ (TOOLS_CHECKSUM_DIR overrides the folder, for tests).
# Sourced, not run.

TOOLS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_CHECKSUM_DIR="${TOOLS_CHECKSUM_DIR:-$TOOLS_ROOT/tools/checksums}"

say() { echo "$*" >&2; }

# committed_checksum LIST ARCHIVE: the hex digest LIST (a file in the checksum folder, lines
# "<hex>  <archive>" as the publisher lists them) gives for ARCHIVE, or nothing.
committed_checksum() {
  local file="$TOOLS_CHECKSUM_DIR/$1"
  [[ -f $file ]] || return 0
  awk -v name="$2" '$2 == name || $2 == "*" name { print $1; exit }' "$file"
}

# fetch_verified URL DEST LIST: downloads URL to DEST and checks it against the checksum LIST
# (e.g. kubernetes-v1.37.2.sha512; its extension names the algorithm) gives for the archive.
# Returns 0 when DEST matches; 3 when no checksum is committed or the server cannot be reached (the
# caller falls back to the next source); exits 4 on a mismatch (a wrong archive is never used, and
# never silently replaced by another source: someone must look).
fetch_verified() {
  local url="$1" dest="$2" list="$3" algo archive expected actual where
  archive="$(basename "$url")"
  algo="${list##*.}"
  where="${TOOLS_CHECKSUM_DIR#"$TOOLS_ROOT"/}/$list"
  expected="$(committed_checksum "$list" "$archive")"
  if [[ -z $expected ]]; then
    say "download of $archive skipped: no published $algo checksum for it committed in $where (tools/checksums/README.md)"
    return 3
  fi
  if ! curl -fsSL --connect-timeout "${TOOLS_CONNECT_TIMEOUT:-10}" --retry 2 -o "$dest" "$url"; then
    say "download of $url failed (unreachable or not found): falling back"
    rm -f "$dest"
    return 3
  fi
  actual="$("${algo}sum" "$dest" | awk '{print $1}')"
  if [[ $actual != "$expected" ]]; then
    rm -f "$dest"
    say "REFUSED $url: its $algo checksum is $actual, but the publisher's checksum committed in $where is $expected. The archive is not used; check the base URL and the committed checksum."
    exit 4
  fi
  say "downloaded $archive ($algo checksum matches the committed one)"
}
