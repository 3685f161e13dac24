#!/usr/bin/env python3
"""Compare `plimsoll containers` with Docker Bench for Security's section 5 on the same engine.

Usage: scripts/compare-docker-bench.py DOCKER_BENCH_DIR [PLIMSOLL_BINARY]
DOCKER_BENCH_DIR is a checkout of github.com/docker/docker-bench-security (not part of this
project; needs `docker` and `jq`). Both tools audit every running container; each (CIS 5.n,
container) pair is reduced to WARN (bench WARN naming the container / Plimsoll fail or warn),
PASS, or INFO (bench INFO/NOTE / Plimsoll info or manual). Prints the agreement count and
every pair on which the tools differ.
"""
import json
import os
import subprocess
import sys
import tempfile

bench = sys.argv[1]
binary = sys.argv[2] if len(sys.argv) > 2 else ".build/debug/plimsoll"

with tempfile.TemporaryDirectory() as scratch:
    subprocess.run(["sh", "docker-bench-security.sh", "-c", "container_runtime", "-l",
                    os.path.join(scratch, "log")], cwd=bench, check=True, capture_output=True)
    with open(os.path.join(scratch, "log.json")) as handle:
        bench_report = json.load(handle)

ours = json.loads(subprocess.run([binary, "containers", "--format", "json"], capture_output=True,
                                 text=True, check=True).stdout)
containers = sorted({f["location"]["path"][len("container:"):] for f in ours["findings"]
                     if f["location"]["path"].startswith("container:")})
plimsoll = {}
for finding in ours["findings"]:
    cis = [a[4:] for a in finding["aliases"] if a.startswith("CIS-5.")]
    if not cis:
        continue
    verdict = {"fail": "WARN", "warn": "WARN", "pass": "PASS"}.get(finding["status"], "INFO")
    place = finding["location"]["path"]
    targets = containers if place == "engine" else [place[len("container:"):]]
    for container in targets:
        plimsoll[(cis[0], container)] = verdict

theirs = {}
for test in bench_report["tests"]:
    for result in test["results"]:
        items = result.get("items") or []
        named = {str(item).split(":")[0] for item in items}
        for container in containers:
            if result["result"] == "WARN":
                verdict = "WARN" if container in named or not items else "PASS"
            elif result["result"] == "PASS":
                verdict = "PASS"
            else:
                verdict = "INFO"
            theirs[(result["id"], container)] = verdict

pairs = sorted(set(theirs) & set(plimsoll), key=lambda p: (tuple(map(int, p[0].split("."))), p[1]))
agree = [p for p in pairs if theirs[p] == plimsoll[p]]
print(f"{len(containers)} containers, {len(pairs)} (check, container) pairs: "
      f"{len(agree)} agree, {len(pairs) - len(agree)} differ")
for pair in pairs:
    if theirs[pair] != plimsoll[pair]:
        print(f"  CIS {pair[0]:<5} {pair[1]:<24} docker-bench {theirs[pair]:<5} plimsoll {plimsoll[pair]}")
only = sorted({p[0] for p in theirs} - {p[0] for p in plimsoll})
if only:
    print("checks only docker-bench reports: " + ", ".join(only))
