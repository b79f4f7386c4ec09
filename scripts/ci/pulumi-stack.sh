#!/usr/bin/env bash
# Logs in to the team's Pulumi state backend and selects one stack, for the workflows
# (docs/ci.md, "State backend"):
#   Pulumi Cloud:      secret PULUMI_ACCESS_TOKEN, variable PULUMI_ORG (stack = ORG/STACK)
#   self-managed:      variable PULUMI_BACKEND_URL (s3://, azblob://, gs://, file://); the stack's
#                      secrets provider is in its Pulumi.<stack>.yaml (awskms://, azurekeyvault://,
#                      gcpkms://) or a passphrase in the secret PULUMI_CONFIG_PASSPHRASE
# A backend that takes provider config from the environment's secrets (its ciAccess.ts
# secretConfig, e.g. Confluent's CONFLUENT_CLOUD_API_KEY / _SECRET, generated into
# .github/actions/stack-access/backends.json) gets it as secret config of the runner's copy of the
# stack (read from stdin: never in argv or the log).
# Usage: pulumi-stack.sh STACK PROVIDER   Writes name=<the stack as the backend names it> to
# $GITHUB_OUTPUT (stdout outside Actions).
set -euo pipefail
stack="${1:?usage: pulumi-stack.sh STACK PROVIDER}"
provider="${2:?usage: pulumi-stack.sh STACK PROVIDER}"

if [[ -n "${PULUMI_BACKEND_URL:-}" ]]; then
  pulumi login --non-interactive "$PULUMI_BACKEND_URL" >/dev/null
  qualified="$stack"
elif [[ -n "${PULUMI_ACCESS_TOKEN:-}" ]]; then
  pulumi login --non-interactive >/dev/null
  qualified="${PULUMI_ORG:+$PULUMI_ORG/}$stack"
else
  echo "::error::No Pulumi state backend: set the PULUMI_ACCESS_TOKEN secret (Pulumi Cloud) or the PULUMI_BACKEND_URL variable (self-managed). See docs/ci.md." >&2
  exit 1
fi
pulumi stack select --non-interactive "$qualified"

backends="$(dirname "${BASH_SOURCE[0]}")/../../.github/actions/stack-access/backends.json"
title="$(jq -r --arg p "$provider" '.[$p].title // $p' "$backends")"
pairs="$(jq -r --arg p "$provider" '.[$p].secretConfig // {} | to_entries[] | "\(.key)=\(.value)"' "$backends")"
for pair in $pairs; do
  key="${pair%%=*}"
  var="${pair#*=}"
  if [[ -z "${!var:-}" ]]; then
    echo "::error::Stack $stack runs on $title: set the $var secret of its environment. See docs/ci.md." >&2
    exit 1
  fi
  printf '%s' "${!var}" | pulumi config set --secret --non-interactive --stack "$qualified" "$key"
done

echo "name=$qualified" >>"${GITHUB_OUTPUT:-/dev/stdout}"
