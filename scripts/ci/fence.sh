#!/usr/bin/env bash
# Prints stdin inside a Markdown code fence that no line of it can close: one backtick longer
# than the longest run of backticks in the text (at least three), per CommonMark's rule that a
# fence closes only on a line of at least as many backticks
# (https://spec.commonmark.org/0.31.2/#fenced-code-blocks). GitHub renders nothing inside: no
# Markdown, HTML, links or @-mentions, so text written by a pull request's code (a fork's) is
# shown, never interpreted.
set -euo pipefail
text="$(cat)"
longest="$(printf '%s\n' "$text" | grep -o '`\+' | awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }' || true)"
width=$((longest >= 3 ? longest + 1 : 3))
fence="$(printf '%*s' "$width" '' | tr ' ' '`')"
printf '%stext\n%s\n%s\n' "$fence" "$text" "$fence"
