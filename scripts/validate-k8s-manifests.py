#!/usr/bin/env python3
"""Validates rendered Kubernetes manifests against the Kubernetes OpenAPI schemas, offline.

Uses the JSON schemas bundled in the PyPI package kubernetes-validate (strict variants: unknown
fields are errors). Full manifests are checked as they are. Server-side-apply patches (manifests
carrying the pulumi.com/patchFieldManager annotation) are partial by design, so they are checked
against the same strict schemas with `required` dropped: every field they set must exist and have
the right type, but they need not repeat what the owner of the object sets.

usage: validate-k8s-manifests.py [--kubernetes-version 1.33] PATH...   (files or directories)
Prints one line per manifest and a closing "N passed, N failed" line; exits 1 on any failure.
"""
import argparse
import copy
import json
import os
import re
import sys

import jsonschema
import kubernetes_validate
import yaml
from importlib import resources as importlib_resources
from referencing import Registry, Resource

PATCH_ANNOTATION = "pulumi.com/patchFieldManager"
SCHEMAS = importlib_resources.files(kubernetes_validate).joinpath("kubernetes-json-schema")


def schema_dir(version):
    """The newest bundled strict schema set not newer than `version` (as kubernetes-validate does)."""
    def key(name):
        return tuple(int(x) for x in re.match(r"^v(\d+)\.(\d+)", name).groups())
    wanted = tuple(int(x) for x in version.lstrip("v").split(".")[:2])
    dirs = sorted((d.name for d in SCHEMAS.iterdir() if d.name.endswith("-local-strict")), key=key)
    fitting = [d for d in dirs if key(d) <= wanted]
    if not fitting:
        sys.exit(f"no bundled schemas for Kubernetes {version} (have {dirs[0]} .. {dirs[-1]})")
    return fitting[-1]


def without_required(node):
    if isinstance(node, dict):
        return {k: without_required(v) for k, v in node.items() if k != "required"}
    if isinstance(node, list):
        return [without_required(v) for v in node]
    return node


def load(directory, filename):
    with SCHEMAS.joinpath(directory, filename).open() as f:
        return json.load(f)


def validator_for(doc, directory, cache):
    api_version = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", doc["apiVersion"])
    is_patch = PATCH_ANNOTATION in ((doc.get("metadata") or {}).get("annotations") or {})
    key = (doc["kind"], api_version, is_patch)
    if key not in cache:
        schema = load(directory, f"{doc['kind'].lower()}-{api_version}.json")
        definitions = load(directory, "_definitions.json")
        if is_patch:
            schema, definitions = without_required(schema), without_required(definitions)
        registry = Resource.from_contents(definitions) @ (Resource.from_contents(schema) @ Registry())
        cache[key] = (jsonschema.validators.Draft202012Validator(schema, registry=registry), is_patch)
    return cache[key]


def manifest_files(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, files in os.walk(p):
                for name in sorted(files):
                    if name.endswith((".yaml", ".yml")):
                        yield os.path.join(root, name)
        else:
            yield p


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kubernetes-version", default="1.33")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    directory = schema_dir(args.kubernetes_version)
    cache, passed, failed = {}, 0, 0
    for path in manifest_files(args.paths):
        with open(path) as f:
            docs = [d for d in yaml.safe_load_all(f) if d]
        for doc in docs:
            name = f"{path}: {doc.get('kind')}/{(doc.get('metadata') or {}).get('name')}"
            try:
                validator, is_patch = validator_for(doc, directory, cache)
                errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
            except (KeyError, FileNotFoundError) as err:
                errors, is_patch = [f"no schema for this object ({err})"], False
            if errors:
                failed += 1
                for e in errors:
                    where = "/".join(str(p) for p in getattr(e, "absolute_path", []))
                    print(f"INVALID {name}: {where or '<root>'}: {getattr(e, 'message', e)}")
            else:
                passed += 1
                print(f"valid {name} ({'apply patch' if is_patch else 'full object'}, schemas {directory})")
    if passed + failed == 0:
        print("no manifests found")
        return 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
