#!/usr/bin/env python3
"""Validates a JSON response body (standard input) against a schema of an OpenAPI 3.0 file.

Usage: validate-openapi-body.py OPENAPI.yaml SCHEMA_NAME < body.json

SCHEMA_NAME is a name under components/schemas (ScannerAdapterMetadata, ScanResponse,
HarborVulnerabilityReport, ErrorResponse...); `$ref`s resolve inside the same file, with
formats checked (date-time, uri). Prints every error (path and message) and exits 1 when the
body is invalid, 2 on bad usage or unreadable input, 0 when valid.
"""
import json
import sys

try:
    import jsonschema
    import yaml
except ImportError as error:  # pragma: no cover - environment problem
    print(f"missing Python package: {error} (pip install jsonschema pyyaml)", file=sys.stderr)
    sys.exit(2)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    name = sys.argv[2]
    schemas = spec.get("components", {}).get("schemas", {})
    if name not in schemas:
        print(f"{sys.argv[1]}: no schema {name}", file=sys.stderr)
        return 2
    try:
        body = json.load(sys.stdin)
    except ValueError as error:
        print(f"the body is not JSON: {error}", file=sys.stderr)
        return 2
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(body), key=lambda error: list(error.absolute_path))
    for error in errors:
        path = "/".join(str(part) for part in error.absolute_path) or "(root)"
        print(f"{path}: {error.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
