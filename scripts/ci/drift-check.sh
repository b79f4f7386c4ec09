#!/usr/bin/env bash
# Nightly drift check of one stack (drift.yml): `pulumi preview --refresh --expect-no-changes`
# (what the cloud has now against what the program wants; the state is not written), then, where
# the cluster is reachable from the runner and TOPICS_DIFF_BROKERS is set, `npm run topics:diff`
# (the catalog against the live topics). Writes a Markdown report (secrets stay [secret]: Pulumi
# masks them, topics:diff prints none) and status=clean|drift|failed to $GITHUB_OUTPUT (stdout
# outside Actions). Exits 0 whatever it found: the workflow reports it.
# Usage: drift-check.sh STACK REPORT_FILE
# topics:diff settings: TOPICS_DIFF_BROKERS, TOPICS_DIFF_TLS (true|false), TOPICS_DIFF_SASL_MECHANISM,
# TOPICS_DIFF_USERNAME, TOPICS_DIFF_PASSWORD (secret), TOPICS_DIFF_CA_FILE; the catalog is the
# stack's kafka:catalog.
set -euo pipefail
stack="${1:?usage: drift-check.sh STACK REPORT_FILE}"
report="${2:?usage: drift-check.sh STACK REPORT_FILE}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

set +e
pulumi preview --stack "$stack" --refresh --expect-no-changes --diff --non-interactive --color never >"$work/preview.txt" 2>&1
preview=$?
set -e
if [[ $preview -eq 0 ]]; then
  status=clean
elif grep -q 'no changes were expected' "$work/preview.txt"; then
  status=drift
else
  status=failed
fi

topics=skipped
if [[ -n "${TOPICS_DIFF_BROKERS:-}" ]]; then
  args=(--brokers "$TOPICS_DIFF_BROKERS")
  catalog="$(pulumi config get kafka:catalog --stack "$stack" 2>/dev/null || true)"
  [[ -n "$catalog" ]] && args+=(--catalog "$catalog")
  [[ "${TOPICS_DIFF_TLS:-false}" == true ]] && args+=(--tls)
  [[ -n "${TOPICS_DIFF_CA_FILE:-}" ]] && args+=(--ca-file "$TOPICS_DIFF_CA_FILE")
  if [[ -n "${TOPICS_DIFF_SASL_MECHANISM:-}" ]]; then
    args+=(--sasl-mechanism "$TOPICS_DIFF_SASL_MECHANISM" --username "${TOPICS_DIFF_USERNAME:-}" --password-env TOPICS_DIFF_PASSWORD)
  fi
  set +e
  npm run -s topics:diff -- "${args[@]}" >"$work/topics.txt" 2>&1
  topics=$?
  set -e
  case $topics in
    0) ;;
    1) [[ $status == failed ]] || status=drift ;;
    *) status=failed ;;
  esac
fi

{
  case $status in
    clean) echo "No drift on stack \`$stack\`: the cloud matches the program." ;;
    drift) echo "**Drift on stack \`$stack\`**: the cloud no longer matches what the program declares." ;;
    failed) echo "**The drift check of stack \`$stack\` failed**: see the output below." ;;
  esac
  echo
  echo "#### \`pulumi preview --refresh --expect-no-changes\` (exit $preview)"
  echo
  echo '```'
  # GitHub refuses issue bodies over 65536 characters: keep the end, where the summary is.
  tail -c 40000 "$work/preview.txt"
  echo '```'
  if [[ $topics != skipped ]]; then
    echo
    echo "#### \`npm run topics:diff\` against ${TOPICS_DIFF_BROKERS} (exit $topics)"
    echo
    echo '```'
    tail -c 15000 "$work/topics.txt"
    echo '```'
  else
    echo
    echo 'Topics on the cluster were not compared: the cluster is not reachable from this runner (set TOPICS_DIFF_BROKERS where it is, docs/ci.md).'
  fi
} >"$report"

echo "status=$status" >>"${GITHUB_OUTPUT:-/dev/stdout}"
