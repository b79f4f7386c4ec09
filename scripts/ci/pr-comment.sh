#!/usr/bin/env bash
# Creates a pull-request comment, or updates this workflow's own comment that starts with MARKER,
# so a pull request carries one comment per subject however often it is pushed. MARKER comes from
# the workflow, never from the body (which may be written by a fork's code), and only comments of
# github-actions[bot] are candidates, so no body can take over someone else's comment. The body is
# posted after MARKER unless it already starts with it. Needs gh with GH_TOKEN
# (pull-requests: write) and GITHUB_REPOSITORY.
# Usage: pr-comment.sh PR_NUMBER BODY_FILE MARKER
set -euo pipefail
usage="usage: pr-comment.sh PR_NUMBER BODY_FILE MARKER"
pr="${1:?$usage}"
body_file="${2:?$usage}"
marker="${3:?$usage}"
[[ "$pr" =~ ^[0-9]+$ ]] || { echo "pr-comment.sh: \"$pr\" is not a pull request number" >&2; exit 2; }

body="$(cat "$body_file")"
[[ "$body" == "$marker"* ]] || body="$marker"$'\n'"$body"
id="$(gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$pr/comments" \
  --jq ".[] | select(.user.login == \"github-actions[bot]\" and (.body | startswith($(jq -Rn --arg m "$marker" '$m')))) | .id" |
  head -n 1)"
payload="$(jq -Rs '{body: .}' <<<"$body")"
if [[ -n "$id" ]]; then
  gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" --input - <<<"$payload" >/dev/null
else
  gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$pr/comments" --input - <<<"$payload" >/dev/null
fi
