#!/usr/bin/env bash
# Creates a pull-request comment, or updates the one that starts with the same first line, so a
# pull request carries one comment per subject however often it is pushed. Needs gh with GH_TOKEN
# (pull-requests: write) and GITHUB_REPOSITORY.
# Usage: pr-comment.sh PR_NUMBER BODY_FILE   (the body's first line identifies the comment)
set -euo pipefail
pr="${1:?usage: pr-comment.sh PR_NUMBER BODY_FILE}"
body_file="${2:?usage: pr-comment.sh PR_NUMBER BODY_FILE}"
[[ "$pr" =~ ^[0-9]+$ ]] || { echo "pr-comment.sh: \"$pr\" is not a pull request number" >&2; exit 2; }
heading="$(head -n 1 "$body_file")"

id="$(gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$pr/comments" \
  --jq ".[] | select(.body | startswith($(jq -Rn --arg h "$heading" '$h'))) | .id" | head -n 1)"
payload="$(jq -Rs '{body: .}' <"$body_file")"
if [[ -n "$id" ]]; then
  gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" --input - <<<"$payload" >/dev/null
else
  gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$pr/comments" --input - <<<"$payload" >/dev/null
fi
