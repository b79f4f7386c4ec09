#!/usr/bin/env bash
# Fails unless the GitHub environment ENVIRONMENT exists and has required reviewers: pulumi-up.yml
# runs it before a production `pulumi up`. A job naming a missing environment makes GitHub create
# it with no protection rules, so a new prod-* stack would otherwise deploy unreviewed.
# GET /repos/{owner}/{repo}/environments/{name} answers 404 for a missing environment, and lists
# a `required_reviewers` protection rule with its `reviewers` when there are some
# (https://docs.github.com/en/rest/deployments/environments#get-an-environment). The decision is
# scripts/ci/required-reviewers.jq. Needs gh with GH_TOKEN (actions: read) and GITHUB_REPOSITORY.
# Usage: require-reviewers.sh ENVIRONMENT
set -euo pipefail
environment="${1:?usage: require-reviewers.sh ENVIRONMENT}"
here="$(dirname "$0")"
encoded="$(jq -rn --arg e "$environment" '$e | @uri')"
if ! answer="$(gh api "repos/$GITHUB_REPOSITORY/environments/$encoded" 2>&1)"; then
  echo "::error::The GitHub environment \"$environment\" could not be read ($answer): a production stack deploys only in an existing environment with required reviewers. Create it (Settings > Environments) as docs/ci.md says."
  exit 1
fi
verdict="$(jq -r -f "$here/required-reviewers.jq" <<<"$answer")"
if [[ $verdict != ok ]]; then
  echo "::error::The GitHub environment \"$environment\" $verdict: a production stack deploys only after a reviewer approves. Add required reviewers to it (Settings > Environments > $environment) as docs/ci.md says."
  exit 1
fi
echo "environment $environment: required reviewers set"
