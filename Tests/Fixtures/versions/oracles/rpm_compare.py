# Reads "A<TAB>B" lines on stdin; prints rpm's verdict (rpm.ver, i.e. rpmverParse + rpmverCmp): -1, 0, 1, or E.
import sys, rpm
out = []
for line in sys.stdin.read().split("\n"):
    if not line:
        continue
    a, b = line.split("\t")
    try:
        x, y = rpm.ver(a), rpm.ver(b)
        out.append(str((x > y) - (x < y)))
    except Exception:
        out.append("E")
print("\n".join(out))
