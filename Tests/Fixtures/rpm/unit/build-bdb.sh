#!/bin/sh
# Builds the Berkeley DB rpm database fixture from rpmdb.sqlite beside this script: the same
# header blobs, keyed by their 32-bit instance numbers (instance 0 holds the highest instance,
# as rpm writes it), loaded into a hash database with db5.3_load (Debian package db5.3-util).
# The same records are also written as a btree database, the access method Yocto's rpm uses.
# Usage: build-bdb.sh OUTDIR  ->  OUTDIR/Packages (hash), OUTDIR/Packages-btree
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$here/rpmdb.sqlite" "$work/dump.txt" <<'PY'
import sqlite3, struct, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT hnum, blob FROM Packages ORDER BY hnum").fetchall()
def escaped(data):
    return "".join("\\%02x" % byte for byte in data)
lines = [escaped(struct.pack("=I", 0)), escaped(struct.pack("=I", max(r[0] for r in rows)))]
for hnum, blob in rows:
    lines += [escaped(struct.pack("=I", hnum)), escaped(bytes(blob))]
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
PY
mkdir "$work/db" "$work/btree"
db5.3_load -T -t hash -f "$work/dump.txt" "$work/db/Packages"
db5.3_load -T -t btree -f "$work/dump.txt" "$work/btree/Packages"
cp "$work/db/Packages" "$out/Packages"
cp "$work/btree/Packages" "$out/Packages-btree"
