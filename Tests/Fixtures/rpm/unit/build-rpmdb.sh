#!/bin/sh
# Builds the unit-test rpm database: rpmbuild the fixture specs beside this script, record
# the packages with `rpm --justdb` into a SQLite rpmdb, and write what rpm itself reports.
# Usage: build-rpmdb.sh OUTDIR  ->  OUTDIR/rpmdb.sqlite, OUTDIR/expected.tsv, OUTDIR/files.tsv
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/tmp"
for spec in "$here"/*.spec; do
  rpmbuild --quiet --define "_topdir $work/build" --define "_tmppath $work/tmp" -bb "$spec" >/dev/null
done
mkdir "$work/db"
rpm --dbpath "$work/db" --define '_db_backend sqlite' --initdb
rpm --dbpath "$work/db" --define '_db_backend sqlite' --justdb --nodeps --noscripts -i \
  $(find "$work/build/RPMS" -name '*.rpm' | sort) 2>/dev/null
# rpm checkpoints its write-ahead log on close; with sqlite3 at hand, also leave WAL mode so
# the committed copy is one self-contained file.
if command -v sqlite3 >/dev/null; then
  sqlite3 "$work/db/rpmdb.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;' >/dev/null
fi
cp "$work/db/rpmdb.sqlite" "$out/rpmdb.sqlite"
rpm --dbpath "$work/db" -qa \
  --qf '%{NAME}\t%{EPOCH}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\t%{VENDOR}\n' \
  | sort > "$out/expected.tsv"
rpm --dbpath "$work/db" -qa --qf '[%{=NAME}\t%{FILENAMES}\n]' | sort > "$out/files.tsv"
