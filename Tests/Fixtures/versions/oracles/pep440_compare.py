# Reads "A<TAB>B" lines on stdin; prints packaging.version's verdict: -1, 0, 1, or E (InvalidVersion).
import sys
from packaging.version import Version, InvalidVersion
out = []
for line in sys.stdin.read().split("\n"):
    if not line:
        continue
    a, b = line.split("\t")
    try:
        x, y = Version(a), Version(b)
        out.append(str((x > y) - (x < y)))
    except InvalidVersion:
        out.append("E")
print("\n".join(out))
