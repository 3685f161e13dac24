#!/usr/bin/env python3
"""Compares Plimsoll's secret scanner with detect-secrets on the fixture corpus.

Runs both on Tests/Fixtures/secrets/{positives,decoys} and prints, by (file, line), what
each finds that the other misses, recall against expected.tsv, and findings on decoys.
A detect-secrets hit inside a multi-line Plimsoll finding (a key block) counts on the
finding's first line.

Usage: scripts/compare-secrets.py [--plimsoll PATH-TO-BINARY]
Needs: detect-secrets (pip install detect-secrets); a built plimsoll (swift build).
"""
import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Tests", "Fixtures", "secrets")


def plimsoll(binary, directory):
    out = subprocess.run([binary, "secrets", directory, "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    found = collections.defaultdict(set)
    spans = {}
    for finding in json.loads(out)["findings"]:
        loc = finding["location"]
        found[(loc["path"], loc["startLine"])].add(finding["id"])
        key = (loc["path"], loc["startLine"])
        spans[key] = max(spans.get(key, 0), loc.get("endLine") or loc["startLine"])
    return found, spans


def align(theirs, spans):
    """Moves detect-secrets hits inside a multi-line Plimsoll finding (a PEM block) to the
    finding's first line, so a key reported on its body line is not counted as a miss."""
    aligned = collections.defaultdict(set)
    for (path, line), types in theirs.items():
        target = (path, line)
        for (span_path, start), end in spans.items():
            if span_path == path and start < line <= end:
                target = (path, start)
                break
        aligned[target] |= types
    return aligned


def detect_secrets(directory):
    out = subprocess.run(["detect-secrets", "scan", "--all-files", "."], cwd=directory,
                         check=True, capture_output=True, text=True).stdout
    found = collections.defaultdict(set)
    for path, items in json.loads(out)["results"].items():
        for item in items:
            found[(os.path.normpath(path), item["line_number"])].add(item["type"])
    return found


def expected():
    rows = collections.defaultdict(set)
    with open(os.path.join(CORPUS, "expected.tsv")) as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            path, number, rule = line.rstrip("\n").split("\t")
            rows[(path, int(number))].add(rule)
    return rows


def show(title, keys, left, right=None):
    print(f"\n{title}: {len(keys)}")
    for key in sorted(keys):
        extra = f"   [other tool: {', '.join(sorted(right[key]))}]" if right and key in right else ""
        print(f"  {key[0]}:{key[1]}  {', '.join(sorted(left[key]))}{extra}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plimsoll", default=os.path.join(ROOT, ".build", "debug", "plimsoll"))
    args = parser.parse_args()
    want = expected()
    positives = os.path.join(CORPUS, "positives")
    decoys = os.path.join(CORPUS, "decoys")
    ours, spans = plimsoll(args.plimsoll, positives)
    theirs = align(detect_secrets(positives), spans)

    print("== Positives (fake secrets of every Plimsoll rule) ==")
    print(f"expected lines: {len(want)} (findings: {sum(len(v) for v in want.values())})")
    print(f"plimsoll:       {len(set(want) & set(ours))}/{len(want)} expected lines found, "
          f"{len(set(ours) - set(want))} other lines")
    print(f"detect-secrets: {len(set(want) & set(theirs))}/{len(want)} expected lines found, "
          f"{len(set(theirs) - set(want))} other lines")
    show("Expected lines detect-secrets misses", set(want) - set(theirs), want)
    show("Lines detect-secrets flags that are not expected secrets", set(theirs) - set(want), theirs, ours)
    show("Lines plimsoll flags that detect-secrets does not", set(ours) - set(theirs), ours)
    missed_rules = collections.Counter()
    for key, rules in want.items():
        if key not in theirs:
            missed_rules.update(rules)
    print(f"\nPlimsoll rules whose every fixture line detect-secrets misses:")
    rule_lines = collections.defaultdict(set)
    for key, rules in want.items():
        for rule in rules:
            rule_lines[rule].add(key)
    never = sorted(r for r, keys in rule_lines.items() if not keys & set(theirs))
    print(f"  {len(never)}/{len(rule_lines)}: {', '.join(never)}")

    print("\n== Decoys (must not match) ==")
    ours_d, _ = plimsoll(args.plimsoll, decoys)
    theirs_d = detect_secrets(decoys)
    show("plimsoll findings on decoys", set(ours_d), ours_d)
    show("detect-secrets findings on decoys", set(theirs_d), theirs_d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
