#!/usr/bin/env node
// Oracle for Node.js security WG matching: node-semver judges vuln/npm/*.json.
//
// Usage: node nswg-oracle.js SEMVER_MODULE DIR < CASES
// DIR is an unpacked nodejs/security-wg (holding vuln/npm); CASES are "module<TAB>version"
// lines. Prints, per case, the sorted ids (NSWG-ECO-<id>) of the advisories whose
// vulnerable_versions the version satisfies (semver.satisfies, as npm audit and nsp judged
// them), space-separated, "-" for none, or "E" when semver rejects the version.
const fs = require("fs");
const path = require("path");
const semver = require(process.argv[2]);
const folder = path.join(process.argv[3], "vuln", "npm");
const byModule = new Map();
for (const name of fs.readdirSync(folder).sort()) {
  if (!name.endsWith(".json") || name === "index.json") continue;
  const record = JSON.parse(fs.readFileSync(path.join(folder, name), "utf8"));
  if (!byModule.has(record.module_name)) byModule.set(record.module_name, []);
  byModule.get(record.module_name).push([`NSWG-ECO-${record.id}`, record.vulnerable_versions]);
}
const lines = fs.readFileSync(0, "utf8").split("\n").filter((line) => line.length > 0);
const out = lines.map((line) => {
  const [name, version] = line.split("\t");
  if (semver.valid(version) === null) return "E";
  const ids = (byModule.get(name) || []).filter(([, range]) => semver.satisfies(version, range)).map(([id]) => id);
  return ids.length === 0 ? "-" : [...new Set(ids)].sort().join(" ");
});
process.stdout.write(out.join("\n") + "\n");
