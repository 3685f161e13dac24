# Reads "VERSION<TAB>SPECIFIER" lines; prints 1/0 for SpecifierSet(spec).contains(v, prereleases=True), E if invalid.
import sys
from packaging.version import Version, InvalidVersion
from packaging.specifiers import SpecifierSet, InvalidSpecifier
out = []
for line in sys.stdin.read().split("\n"):
    if not line:
        continue
    v, s = line.split("\t")
    try:
        out.append("1" if SpecifierSet(s).contains(Version(v), prereleases=True) else "0")
    except (InvalidVersion, InvalidSpecifier):
        out.append("E")
print("\n".join(out))
