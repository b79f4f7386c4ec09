# The environment (GitHub's "Get an environment" answer) as a verdict: "ok" when it has a
# required_reviewers protection rule naming at least one reviewer, else what is missing.
[(.protection_rules // [])[] | select(.type == "required_reviewers") | (.reviewers // [])[]] as $reviewers
| if ($reviewers | length) > 0 then "ok" else "has no required reviewers" end
