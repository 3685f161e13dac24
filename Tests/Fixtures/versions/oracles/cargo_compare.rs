// Reads "A<TAB>B" lines on stdin; prints the semver crate's verdict: -1, 0, 1 by SemVer
// precedence (build metadata ignored), or E when either is not a valid crate version.
// With argument "requirement": prints 1/0 for VersionReq::parse(B).matches(A), E if either is invalid.
use std::cmp::Ordering;
use std::io::{self, BufRead, Write};

fn main() {
    let requirement = std::env::args().nth(1).as_deref() == Some("requirement");
    let stdin = io::stdin();
    let mut out = io::BufWriter::new(io::stdout());
    for line in stdin.lock().lines() {
        let line = line.unwrap_or_default();
        if line.is_empty() {
            continue;
        }
        let (a, b) = line.split_once('\t').unwrap_or((&line, ""));
        let verdict = if requirement {
            match (semver::Version::parse(a), semver::VersionReq::parse(b)) {
                (Ok(version), Ok(req)) => if req.matches(&version) { "1" } else { "0" }.to_string(),
                _ => "E".to_string(),
            }
        } else {
            match (semver::Version::parse(a), semver::Version::parse(b)) {
                (Ok(x), Ok(y)) => {
                    match (x.major, x.minor, x.patch, &x.pre).cmp(&(y.major, y.minor, y.patch, &y.pre)) {
                        Ordering::Less => "-1",
                        Ordering::Equal => "0",
                        Ordering::Greater => "1",
                    }
                    .to_string()
                }
                _ => "E".to_string(),
            }
        };
        let _ = writeln!(out, "{}", verdict);
    }
}
