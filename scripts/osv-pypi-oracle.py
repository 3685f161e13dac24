#!/usr/bin/env python3
"""Oracle for PyPI advisory matching: Python's own `packaging` evaluates OSV records.

Usage: osv-pypi-oracle.py ARCHIVE [PER_PACKAGE]
Reads the PyPI OSV snapshot (a .tar.gz of YAML records), picks up to PER_PACKAGE versions per
package (from the records' own version lists and range events, deterministically), and prints
JSON: [{"name", "version", "ids": [affected record ids]}]. GIT ranges are ignored; versions
that `packaging` cannot parse are left out.
"""
import json
import re
import sys
import tarfile

import yaml
from packaging.version import InvalidVersion, Version


def parse(text):
    try:
        return Version(text)
    except InvalidVersion:
        return None


def affected(record_affected, name, version_text):
    version = parse(version_text)
    if version_text in record_affected.get("versions", []):
        return True
    for rng in record_affected.get("ranges", []):
        if rng.get("type") == "GIT":
            continue
        events = []
        for event in rng.get("events", []):
            (kind, value), = event.items()
            if kind == "limit":
                continue
            bound = Version("0") if value == "0" else parse(str(value))
            if bound is None:
                return None
            events.append((bound, {"introduced": 0, "fixed": 1, "last_affected": 1}[kind], kind))
        events.sort(key=lambda e: (e[0], e[1]))
        state = False
        for bound, _, kind in events:
            if kind == "introduced" and version >= bound:
                state = True
            elif kind == "fixed" and version >= bound:
                state = False
            elif kind == "last_affected" and version > bound:
                state = False
        if state:
            return True
    return False


def load_records(archive):
    """The PyPA OSV records of a .tar.gz snapshot, by PEP 503 package name: [(id, affected)]."""
    records = {}
    with tarfile.open(archive) as tar:
        for member in tar:
            if not member.name.endswith(".yaml"):
                continue
            record = yaml.load(tar.extractfile(member), Loader=yaml.BaseLoader)
            if record.get("withdrawn"):
                continue
            for entry in record.get("affected", []):
                package = re.sub(r"[-_.]+", "-", entry["package"]["name"]).lower()
                records.setdefault(package, []).append((record["id"], entry))
    return records


def main():
    archive = sys.argv[1]
    per_package = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    records = load_records(archive)
    out = []
    for package in sorted(records):
        candidates = set()
        for _, entry in records[package]:
            candidates.update(entry.get("versions", []))
            for rng in entry.get("ranges", []):
                if rng.get("type") != "GIT":
                    for event in rng.get("events", []):
                        candidates.update(str(v) for v in event.values() if v != "0")
        usable = sorted((v for v in candidates if parse(v) is not None), key=parse)
        if not usable:
            continue
        step = max(1, len(usable) // per_package)
        for version in usable[::step][:per_package]:
            ids = set()
            for record_id, entry in records[package]:
                if affected(entry, package, version):
                    ids.add(record_id)
            out.append({"name": package, "version": version, "ids": sorted(ids)})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
