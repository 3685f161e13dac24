#!/usr/bin/env python3
"""Writes a dpkg status file of real Debian source packages at versions around the fixed
versions that the Debian security tracker's DSA/DLA lists give for one release.

Usage: make-debian-boundary-status.py RELEASE DSA-list.gz DLA-list.gz > status
Each source package appears once, at one of: the fixed version, just below it (`~` suffix or
the previous `+debNNuM`), above it (a binNMU `+b1` whose Source: line keeps the fixed
version), far above (an epoch), or unfixed-old (`0.1-1`). A few well-known binaries whose
name differs from their source are added with a `Source:` line.
"""
import gzip
import re
import sys

release, lists = sys.argv[1], sys.argv[2:]
fixes = {}
for path in lists:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s+\[" + re.escape(release) + r"\] - (\S+) (\S+)", line)
            if m and not m.group(2).startswith("<"):
                fixes.setdefault(m.group(1), []).append(m.group(2))

renamed = {"openssl": "libssl1.1", "xorg-server": "xserver-xorg-core", "glibc": "libc6",
           "curl": "libcurl4", "systemd": "libsystemd0", "krb5": "libkrb5-3", "expat": "libexpat1"}


def below(version):
    m = re.match(r"(.*\+deb\d+u)(\d+)$", version)
    if m and int(m.group(2)) > 1:
        return m.group(1) + str(int(m.group(2)) - 1)
    return version + "~pre1"


stanzas = []
for i, source in enumerate(sorted(fixes)):
    fixed = sorted(fixes[source])[0]
    variant = i % 5
    source_version = None
    if variant == 0:
        version = fixed
    elif variant == 1:
        version = below(fixed)
    elif variant == 2:
        version, source_version = fixed + "+b1", fixed
    elif variant == 3:
        version = fixed if ":" in fixed else "1:" + fixed
    else:
        version = "0.1-1"
    name = renamed.get(source, source)
    lines = [f"Package: {name}", "Status: install ok installed", "Priority: optional",
             "Architecture: amd64", f"Version: {version}"]
    if name != source or source_version:
        lines.append(f"Source: {source}" + (f" ({source_version})" if source_version else ""))
    lines.append(f"Description: {source} at a security fix boundary")
    stanzas.append("\n".join(lines))
print("\n\n".join(stanzas))
