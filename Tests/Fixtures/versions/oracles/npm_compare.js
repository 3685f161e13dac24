// Reads "A<TAB>B" lines on stdin; prints node-semver's compare: -1, 0, 1, or E (invalid version).
// argv[2]: path of the semver module; argv[3] "range" to print satisfies(A, B) as 1/0 instead.
const semver = require(process.argv[2]);
const mode = process.argv[3] || "compare";
const lines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l.length > 0);
const out = lines.map((line) => {
  const [a, b] = line.split("\t");
  if (mode === "range") {
    try { new semver.Range(b); } catch (e) { return "E"; }
    return semver.satisfies(a, b) ? "1" : "0";
  }
  try { return String(semver.compare(a, b)); } catch (e) { return "E"; }
});
process.stdout.write(out.join("\n") + "\n");
