#!/usr/bin/env python3
"""Validates a JSON document against a JSON Schema, offline.

Usage: validate-json-schema.py SCHEMA DOCUMENT [EXTRA_SCHEMA ...]

Extra schemas are registered under their `$id` and under their file name, so `$ref`s such as
CycloneDX's `spdx.schema.json` and `jsf-0.82.schema.json` resolve without the network.
Prints every error (path and message) and exits 1 when the document is invalid, 2 on bad
usage or unreadable input, 0 when valid.
"""
import json
import os
import sys

try:
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7
except ImportError as error:  # pragma: no cover - environment problem
    print(f"missing Python package: {error} (pip install jsonschema)", file=sys.stderr)
    sys.exit(2)

# Names the published schemas use for each other in their $refs.
ALIASES = {
    "cyclonedx-spdx.schema.json": ["spdx.schema.json"],
    "cyclonedx-jsf-0.82.schema.json": ["jsf-0.82.schema.json"],
}


def load(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as error:
        print(f"{path}: cannot read JSON: {error}", file=sys.stderr)
        sys.exit(2)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    schema_path, document_path, extra_paths = argv[1], argv[2], argv[3:]
    schema = load(schema_path)
    document = load(document_path)

    resources = []
    for path in [schema_path] + extra_paths:
        contents = schema if path == schema_path else load(path)
        resource = Resource.from_contents(contents, default_specification=DRAFT7)
        name = os.path.basename(path)
        uris = [name] + ALIASES.get(name, [])
        if isinstance(contents, dict) and isinstance(contents.get("$id"), str):
            schema_id = contents["$id"]
            uris.append(schema_id)
            # Relative $refs resolve against the referring schema's $id directory.
            base = schema_id.rsplit("/", 1)[0]
            uris += [f"{base}/{alias}" for alias in ALIASES.get(name, [])]
        resources += [(uri, resource) for uri in uris]
    registry = Registry().with_resources(resources)
    # Relative refs of extra schemas must also resolve against the main schema's base URI.
    main_id = schema.get("$id") if isinstance(schema, dict) else None
    if isinstance(main_id, str):
        base = main_id.rsplit("/", 1)[0]
        extra = []
        for path in extra_paths:
            name = os.path.basename(path)
            resource = Resource.from_contents(load(path), default_specification=DRAFT7)
            extra += [(f"{base}/{alias}", resource) for alias in [name] + ALIASES.get(name, [])]
        registry = registry.with_resources(extra)

    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, registry=registry,
                                format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for error in errors:
        location = "/".join(str(part) for part in error.absolute_path) or "(root)"
        print(f"{document_path}: {location}: {error.message[:500]}")
    if errors:
        print(f"{document_path}: {len(errors)} schema error(s) against {schema_path}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
