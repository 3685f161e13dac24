// Reads "REQUIREMENT<TAB>VERSION" lines on stdin; prints, per line, 1 when the semver crate's
// VersionReq matches the version (as cargo audit judges RustSec's `patched` and `unaffected`
// lists), 0 when not, and E when either side does not parse. Built offline by
// scripts/crosscheck-lockfiles against the semver crate Debian ships (librust-semver-dev).
use semver::{Version, VersionReq};
use std::io::{self, BufRead, Write};

fn main() {
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for line in stdin.lock().lines() {
        let line = line.expect("stdin");
        if line.is_empty() {
            continue;
        }
        let (requirement, version) = line.split_once('\t').unwrap_or((&line, ""));
        let verdict = match (VersionReq::parse(requirement), Version::parse(version)) {
            (Ok(requirement), Ok(version)) => if requirement.matches(&version) { "1" } else { "0" },
            _ => "E",
        };
        writeln!(out, "{}", verdict).expect("stdout");
    }
}
