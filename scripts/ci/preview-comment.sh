#!/usr/bin/env bash
# The pull-request comment of one stack's `pulumi preview` (preview.yml): created, or updated in
# place, by pr-comment.sh under a fixed marker of this stack, so one comment per stack, and only
# a github-actions[bot] comment is ever edited (anyone can write a comment that starts with the
# marker; it is never taken for ours). The output is fenced (fence.sh) and cut to GitHub's limit.
# Usage: preview-comment.sh PR_NUMBER STACK OUTCOME OUTPUT_FILE SHA RUN_URL
#   OUTCOME: the preview step's outcome (success, failure, skipped: access or login failed first).
set -euo pipefail
usage="usage: preview-comment.sh PR_NUMBER STACK OUTCOME OUTPUT_FILE SHA RUN_URL"
pr="${1:?$usage}"
stack="${2:?$usage}"
outcome="${3:-skipped}"
output="${4:?$usage}"
sha="${5:?$usage}"
run_url="${6:?$usage}"
here="$(dirname "$0")"
marker="<!-- kafka-platform: pulumi preview of $stack -->"
body="$(mktemp)"
trap 'rm -f "$body"' EXIT
{
  echo "$marker"
  case $outcome in
    success) echo "#### \`pulumi preview\` of \`$stack\` at $sha (policy pack enforced)" ;;
    failure) echo "#### **The preview of \`$stack\` failed** at $sha (a policy violation, an invalid change or missing access): see [the run]($run_url)" ;;
    *) echo "#### **The preview of \`$stack\` did not run** at $sha (cloud access or the state login failed first): see [the run]($run_url)" ;;
  esac
  if [[ -s $output ]]; then
    echo
    # GitHub refuses comments over 65536 characters: keep the end, where the summary is.
    tail -c 60000 "$output" | bash "$here/fence.sh"
  fi
} >"$body"
bash "$here/pr-comment.sh" "$pr" "$body" "$marker"
