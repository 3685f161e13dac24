#!/bin/sh
# Reads "A<TAB>B" lines on stdin and prints dpkg's verdict per line: -1, 0, 1, or E (dpkg rejects a version).
while IFS="$(printf '\t')" read -r a b; do
  dpkg --compare-versions -- "$a" lt "$b" 2>/dev/null; rc=$?
  if [ $rc -eq 0 ]; then echo -1; continue; fi
  if [ $rc -gt 1 ]; then echo E; continue; fi
  if dpkg --compare-versions -- "$a" eq "$b" 2>/dev/null; then echo 0; else echo 1; fi
done
