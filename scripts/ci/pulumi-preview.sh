#!/usr/bin/env bash
# `pulumi preview` of one stack with the policy pack enforced (preview.yml), its output shown in
# the log and kept in OUTPUT_FILE for the pull-request comment. Exits with pulumi's status.
# Usage: pulumi-preview.sh STACK OUTPUT_FILE
set -euo pipefail
stack="${1:?usage: pulumi-preview.sh STACK OUTPUT_FILE}"
out="${2:?usage: pulumi-preview.sh STACK OUTPUT_FILE}"
pulumi preview --stack "$stack" --diff --policy-pack policy --non-interactive --color never 2>&1 | tee "$out"
