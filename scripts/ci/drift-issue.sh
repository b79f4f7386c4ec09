#!/usr/bin/env bash
# Keeps one GitHub issue per stack about drift (drift.yml): a drift or a failed check opens the
# issue "Drift: stack STACK" (label `drift`) or updates its body and comments on it; a clean check
# closes it with a comment. Needs gh with GH_TOKEN (issues: write) and GITHUB_REPOSITORY.
# Usage: drift-issue.sh STACK clean|drift|failed REPORT_FILE RUN_URL
set -euo pipefail
stack="${1:?usage}"
status="${2:?usage}"
report="${3:?usage}"
run_url="${4:?usage}"
title="Drift: stack $stack"

# The comment on an issue that stays open: "Still drifting" / "Still failing".
still_phrase() {
  case $1 in
    drift) echo "Still drifting" ;;
    failed) echo "Still failing" ;;
    *) echo "Still $1" ;;
  esac
}

existing="$(gh issue list --repo "$GITHUB_REPOSITORY" --label drift --state open --limit 100 \
  --json number,title --jq ".[] | select(.title == \"$title\") | .number" | head -n 1)"

body="$(mktemp)"
trap 'rm -f "$body"' EXIT
{
  cat "$report"
  echo
  echo "Checked by [the drift workflow]($run_url) on $(date -u +%Y-%m-%dT%H:%MZ). This issue is updated by every nightly run and closed by the first clean one."
} >"$body"

if [[ "$status" == clean ]]; then
  if [[ -n "$existing" ]]; then
    gh issue close "$existing" --repo "$GITHUB_REPOSITORY" --comment "No drift any more ([run]($run_url))."
  fi
  exit 0
fi

if [[ -n "$existing" ]]; then
  gh issue edit "$existing" --repo "$GITHUB_REPOSITORY" --body-file "$body"
  gh issue comment "$existing" --repo "$GITHUB_REPOSITORY" --body "$(still_phrase "$status") ([run]($run_url))."
else
  gh label create drift --repo "$GITHUB_REPOSITORY" --color B60205 \
    --description 'Infrastructure differs from the program (drift.yml)' 2>/dev/null || true
  gh issue create --repo "$GITHUB_REPOSITORY" --title "$title" --label drift --body-file "$body"
fi
