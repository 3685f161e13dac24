#!/usr/bin/env python3
"""Compare Plimsoll's Kubernetes findings with checkov's on a directory of manifests.

Usage: scripts/compare-checkov.py [DIR] [PLIMSOLL_BINARY]
Needs `checkov` on PATH (pip install checkov). checkov reports per resource, so both sides
are reduced to (file, Kind/name, check id) for every checkov id a Plimsoll rule lists as an
alias; prints the triples only one tool reports and the agreement count.
"""
import json
import os
import subprocess
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/kubernetes"
binary = sys.argv[2] if len(sys.argv) > 2 else ".build/debug/plimsoll"

rules = json.loads(subprocess.run([binary, "rules", "--format", "json"], capture_output=True,
                                  text=True, check=True).stdout)
implemented = {a for r in rules if r["id"].startswith("PLM-K8S") for a in r["aliases"] if a.startswith("CKV")}

out = subprocess.run(["checkov", "-d", root, "--framework", "kubernetes", "--compact", "-o", "json",
                      "--quiet"], capture_output=True, text=True)
data = json.loads(out.stdout or "{}")
if isinstance(data, list):
    data = data[0]
theirs = set()
for check in data.get("results", {}).get("failed_checks", []):
    if check["check_id"] not in implemented:
        continue
    kind, *_, name = check["resource"].split(".")
    theirs.add((os.path.basename(check["file_path"]), f"{kind}/{name}", check["check_id"]))

out = subprocess.run([binary, "config", root, "--format", "json"], capture_output=True, text=True)
ours = set()
for finding in json.loads(out.stdout)["findings"]:
    evidence = finding.get("evidence") or ""
    resource = evidence.split(" ")[0].rstrip(":")
    for alias in finding["aliases"]:
        if alias in implemented and "/" in resource:
            ours.add((os.path.basename(finding["location"]["path"]), resource, alias))

print(f"{len(implemented)} checkov ids implemented as aliases")
print("only checkov:")
for item in sorted(theirs - ours):
    print("  %s %s %s" % item)
print("only plimsoll:")
for item in sorted(ours - theirs):
    print("  %s %s %s" % item)
print(f"agreement: {len(theirs & ours)}/{len(theirs | ours)} (file, resource, check) triples")
