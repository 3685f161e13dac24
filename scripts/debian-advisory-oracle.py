#!/usr/bin/env python3
"""Oracle for Debian advisory matching, independent of Plimsoll: reads the security tracker's
DSA/DLA lists and a dpkg status file, decides with `dpkg --compare-versions`, and prints the
affected (package, version, id) triples as JSON.

Usage: debian-advisory-oracle.py RELEASE STATUS LIST.gz [LIST.gz ...]
Rules: per source package and CVE (or advisory id when it names no CVE), the lowest fixed
version any advisory gives for the release decides (installed source version < it:
affected); with no fixed version, <unfixed> or <end-of-life> make it affected;
<not-affected> never does.
"""
import functools
import gzip
import json
import re
import subprocess
import sys


def dpkg_lt(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "lt", b]).returncode == 0


def dpkg_cmp(a, b):
    if a == b:
        return 0
    return -1 if dpkg_lt(a, b) else 1


release, status_path, lists = sys.argv[1], sys.argv[2], sys.argv[3:]
entries = {}  # (source, id) -> {"fixed": [...], "open": bool}
for path in lists:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        ids = []
        advisory = None
        for line in f:
            if line.startswith("["):
                head = re.match(r"\[[^\]]*\]\s+(\S+)", line)
                advisory = head.group(1) if head else None
                ids = []
                continue
            stripped = line.strip()
            if stripped.startswith("{"):
                ids += [x for x in stripped.strip("{}").split() if x.startswith("CVE-")]
                continue
            m = re.match(r"\[" + re.escape(release) + r"\] - (\S+) (\S+)", stripped)
            if not m or advisory is None:
                continue
            source, value = m.groups()
            for vid in (ids or [advisory]):
                entry = entries.setdefault((source, vid), {"fixed": [], "open": False})
                if value in ("<unfixed>", "<end-of-life>"):
                    entry["open"] = True
                elif not value.startswith("<"):
                    entry["fixed"].append(value)

packages = []
with open(status_path) as f:
    for block in f.read().split("\n\n"):
        fields = dict(l.split(": ", 1) for l in block.splitlines() if ": " in l and not l.startswith(" "))
        if "Package" not in fields:
            continue
        source, source_version = fields["Package"], fields["Version"]
        if "Source" in fields:
            m = re.match(r"(\S+)(?: \((\S+)\))?", fields["Source"])
            source = m.group(1)
            source_version = m.group(2) or fields["Version"]
        packages.append((fields["Package"], fields["Version"], source, source_version))

by_source = {}
for (source, vid), entry in entries.items():
    by_source.setdefault(source, []).append((vid, entry))

out = []
for name, version, source, source_version in packages:
    for vid, entry in by_source.get(source, []):
        if entry["fixed"]:
            lowest = sorted(entry["fixed"], key=functools.cmp_to_key(dpkg_cmp))[0]
            hit = dpkg_lt(source_version, lowest)
        else:
            hit = entry["open"]
        if hit:
            out.append({"package": name, "version": version, "id": vid})
json.dump(sorted(out, key=lambda x: (x["package"], x["id"])), sys.stdout, indent=0)
