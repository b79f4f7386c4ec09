#!/usr/bin/env bash
# Is SHA still the head of main? pulumi-up.yml asks right before `pulumi up`, so that an older
# commit never deploys over a newer one (deploy.yml also runs one deploy at a time). Writes
# current=true|false to $GITHUB_OUTPUT (stdout outside Actions); false skips the update with a
# notice: the newer commit's run deploys. A failed lookup fails the step (nothing deploys blind).
# Needs gh with GH_TOKEN (contents: read) and GITHUB_REPOSITORY.
# Usage: still-main-head.sh SHA
set -euo pipefail
sha="${1:?usage: still-main-head.sh SHA}"
head="$(gh api "repos/$GITHUB_REPOSITORY/commits/main" --jq .sha)"
if [[ $head == "$sha" ]]; then
  current=true
else
  current=false
  echo "::notice::main is at $head now, not $sha: this run does not deploy; the run of the newer commit does."
fi
echo "current=$current" >>"${GITHUB_OUTPUT:-/dev/stdout}"
