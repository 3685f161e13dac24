#!/usr/bin/env python3
"""Independent cross-check of lock-file scanning: the expected vulnerabilities of each lock file.

Usage: crosscheck-lockfiles.py VULNDATA FILE...

VULNDATA is the advisory snapshot (holding pypi/, go/, rust/, npm/, ruby/, php/). Each FILE is
a lock file or manifest, recognised by its name (the fixture names `yarn-*.lock`,
`pnpm-v*.yaml` and `swiftpm-resolved-v3.json` included). Prints JSON, one object per file:

  {"file", "format", "ecosystem", "packages": [[name, version]...],
   "vulnerabilities": [[name, version, id]...], "source": true|false}

Nothing here shares code with Plimsoll: every format is read with Python's own json, tomllib
and PyYAML, and every advisory is judged by the ecosystem's own version tool:
  PyPI       packaging (pip's version library), evaluating the PyPA OSV records (through
             scripts/osv-pypi-oracle.py, which the matcher's PyPI oracle test uses too)
  Go         golang.org/x/mod/semver (the copy the Go toolchain vendors), on the Go OSV records
  crates.io  the semver crate's VersionReq (what cargo audit uses), on RustSec's patched and
             unaffected lists (informational and withdrawn advisories left out: cargo audit
             reports the first as warnings, not vulnerabilities)
  npm        node-semver (npm's bundled copy), via scripts/nswg-oracle.js
  RubyGems   Gem::Requirement, via scripts/rubysec-oracle.rb
  Packagist  composer/semver, via scripts/friendsofphp-oracle.php
Maven, NuGet, Hex, Pub and SwiftPM have no advisory source in the snapshot: their packages are
listed with "source": false and no vulnerabilities. Unpinned requirements, local and
workspace packages have no version and are left out.
"""
import glob
import importlib.util
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import xml.etree.ElementTree as ET

import yaml

SCRIPTS = os.path.dirname(os.path.abspath(__file__))

# --- reading the lock files ---------------------------------------------------------------


def pep503(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def read_requirements(path, seen=None):
    seen = seen if seen is not None else set()
    if path in seen or not os.path.exists(path):
        return []
    seen.add(path)
    text = open(path, encoding="utf-8").read().replace("\\\n", " ")
    out = []
    for raw in text.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        include = re.match(r"^(-r|-c|--requirement|--constraint)\s*=?\s*(\S+)", line)
        if include:
            if include.group(1) in ("-r", "--requirement"):
                out += read_requirements(os.path.join(os.path.dirname(path), include.group(2)), seen)
            continue
        pinned = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*===?\s*([^\s;,]+)\s*(;.*)?(--hash.*)?$", line)
        if pinned:
            out.append((pep503(pinned.group(1)), pinned.group(3)))
    return out


def read_toml_packages(path, skip=lambda package: False):
    data = tomllib.load(open(path, "rb"))
    return [(pep503(p["name"]), p["version"]) for p in data.get("package", []) if not skip(p)]


def read_pipfile_lock(path):
    data = json.load(open(path))
    out = []
    for section in ("default", "develop"):
        for name, entry in data.get(section, {}).items():
            version = entry.get("version", "")
            if version.startswith("=="):
                out.append((pep503(name), version[2:]))
    return out


def read_go_mod(path):
    required, replaced = {}, {}
    block = None
    for raw in open(path, encoding="utf-8"):
        line = raw.split("//")[0].strip()
        if line.endswith("("):
            block = line[:-1].strip()
            continue
        if line == ")":
            block = None
            continue
        words = line.split()
        if not words:
            continue
        if block is None and words[0] in ("require", "replace"):
            kind, words = words[0], words[1:]
        elif block in ("require", "replace"):
            kind = block
        else:
            continue
        if kind == "require" and len(words) >= 2:
            required[words[0]] = words[1]
        elif kind == "replace" and "=>" in words:
            left, right = words[: words.index("=>")], words[words.index("=>") + 1 :]
            replaced[left[0]] = right
    out = []
    for module, version in required.items():
        if module in replaced:
            target = replaced[module]
            if len(target) < 2:  # a local directory: no version to check
                continue
            module, version = target[0], target[1]
        out.append((module, version))
    return out


def read_cargo_lock(path):
    data = tomllib.load(open(path, "rb"))
    return [(p["name"], p["version"]) for p in data.get("package", [])
            if p.get("source", "").startswith("registry+")]


def read_gemfile_lock(path):
    out, section, in_specs = [], None, False
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if line and not line.startswith(" "):
            section, in_specs = line.strip(), False
            continue
        if line.strip() == "specs:":
            in_specs = section in ("GEM",)
            continue
        spec = re.match(r"^    ([^ ]+) \(([^)]+)\)$", line)
        if in_specs and spec:
            version = re.sub(r"-(x86|x64|arm|aarch64|universal|java|mingw|mswin|darwin|linux).*$", "", spec.group(2))
            if (spec.group(1), version) not in out:
                out.append((spec.group(1), version))
    return out


def read_composer_lock(path):
    data = json.load(open(path))
    return [(p["name"], p["version"]) for section in ("packages", "packages-dev") for p in data.get(section, [])]


def npm_name(key):
    """`name@range` (an alias `alias@npm:real@range` names the real package) → name."""
    if "@npm:" in key:
        key = key.split("@npm:", 1)[1]
    return key[: key.rindex("@")] if key.rfind("@") > 0 else key


def read_yarn_lock(path):
    text = open(path, encoding="utf-8").read()
    out = []
    if "__metadata:" in text:
        for key, entry in yaml.safe_load(text).items():
            resolution = str((entry or {}).get("resolution", "")) if isinstance(entry, dict) else ""
            if "@npm:" in resolution:
                name, version = resolution.rsplit("@npm:", 1)
                out.append((name, version))
        return out
    for block in re.split(r"\n(?=\S)", text):
        header = block.split("\n", 1)[0]
        version = re.search(r'^\s+version "?([^"\s]+)"?', block, re.M)
        if header.startswith("#") or not version:
            continue
        first = header.rstrip(":").split(",")[0].strip().strip('"')
        out.append((npm_name(first), version.group(1)))
    return out


def read_pnpm_lock(path):
    data = yaml.safe_load(open(path, encoding="utf-8"))
    out = []
    for key in (data.get("packages") or {}):
        key = re.sub(r"\(.*$", "", key).lstrip("/")
        name, _, version = key.rpartition("@")
        out.append((name, version))
    return out


def read_package_lock(path):
    data = json.load(open(path))
    out = []
    if "packages" in data:
        for key, entry in data["packages"].items():
            if not key or entry.get("link") or "node_modules/" not in key:
                continue
            name = entry.get("name") or key.rsplit("node_modules/", 1)[1]
            out.append((name, entry.get("version", "")))
        return sorted(set(out))

    def walk(dependencies):
        for name, entry in (dependencies or {}).items():
            version = entry.get("version", "")
            if version.startswith("npm:"):
                name, version = version[4:].rsplit("@", 1)
            out.append((name, version))
            walk(entry.get("dependencies"))

    walk(data.get("dependencies"))
    return sorted(set(out))


def read_gradle_lockfile(path):
    out = []
    for line in open(path, encoding="utf-8"):
        coordinate = line.split("=")[0].strip()
        parts = coordinate.split(":")
        if line.startswith("#") or len(parts) != 3:
            continue
        out.append((parts[0] + ":" + parts[1], parts[2]))
    return out


def read_pom(path):
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    root = ET.parse(path).getroot()
    properties = {p.tag.split("}")[1]: (p.text or "").strip() for p in root.findall("m:properties/*", ns)}
    parent = root.find("m:parent/m:version", ns)
    own = root.find("m:version", ns)
    properties["project.version"] = (own if own is not None else parent).text.strip() if (own is not None or parent is not None) else ""
    if parent is not None:
        properties["project.parent.version"] = parent.text.strip()
    managed = {}
    for dependency in root.findall("m:dependencyManagement/m:dependencies/m:dependency", ns):
        key = dependency.findtext("m:groupId", "", ns) + ":" + dependency.findtext("m:artifactId", "", ns)
        managed[key] = dependency.findtext("m:version", "", ns)

    def resolve(text):
        return re.sub(r"\$\{([^}]+)\}", lambda m: properties.get(m.group(1), m.group(0)), text or "")

    out = []
    for dependency in root.findall("m:dependencies/m:dependency", ns):
        key = dependency.findtext("m:groupId", "", ns) + ":" + dependency.findtext("m:artifactId", "", ns)
        version = resolve(dependency.findtext("m:version", None, ns) or managed.get(key, ""))
        if version and "${" not in version:
            out.append((key, version))
    return out


def read_dotnet(path):
    data = json.load(open(path))
    out = set()
    if "dependencies" in data and "libraries" not in data:  # packages.lock.json
        for framework in data["dependencies"].values():
            for name, entry in framework.items():
                if entry.get("type") in ("Direct", "Transitive", "CentralTransitive"):
                    out.add((name, entry.get("resolved", "")))
    for key, entry in (data.get("libraries") or {}).items():  # *.deps.json
        if entry.get("type") == "package":
            name, version = key.split("/", 1)
            out.add((name, version))
    return sorted(out)


def read_mix_lock(path):
    return [(m.group(1), m.group(2)) for m in
            re.finditer(r'"([a-z0-9_]+)": \{:hex, :[a-z0-9_]+, "([^"]+)"', open(path, encoding="utf-8").read())]


def read_pubspec_lock(path):
    data = yaml.safe_load(open(path, encoding="utf-8"))
    return [(name, str(entry["version"])) for name, entry in (data.get("packages") or {}).items()
            if entry.get("source") == "hosted"]


def read_package_resolved(path):
    data = json.load(open(path))
    pins = data.get("pins") or (data.get("object") or {}).get("pins") or []
    # Named as Swift's purls name them: the repository URL without scheme and `.git`.
    return [(re.sub(r"^[a-z+]+://|\.git$", "", pin.get("location") or pin.get("repositoryURL")), pin["state"]["version"])
            for pin in pins if pin.get("state", {}).get("version")]


FORMATS = [
    # (file-name pattern, format, ecosystem, reader)
    (r"^requirements.*\.txt$", "requirements.txt", "PyPI", read_requirements),
    (r"^poetry\.lock$", "poetry.lock", "PyPI", read_toml_packages),
    (r"^uv\.lock$", "uv.lock", "PyPI",
     lambda p: read_toml_packages(p, lambda package: "registry" not in package.get("source", {}))),
    (r"^pdm\.lock$", "pdm.lock", "PyPI", read_toml_packages),
    (r"^Pipfile\.lock$", "Pipfile.lock", "PyPI", read_pipfile_lock),
    (r"^go\.mod$", "go.mod", "Go", read_go_mod),
    (r"^Cargo\.lock$", "Cargo.lock", "crates.io", read_cargo_lock),
    (r"^Gemfile\.lock$", "Gemfile.lock", "RubyGems", read_gemfile_lock),
    (r"^composer\.lock$", "composer.lock", "Packagist", read_composer_lock),
    (r"^yarn.*\.lock$", "yarn.lock", "npm", read_yarn_lock),
    (r"^pnpm.*\.yaml$", "pnpm-lock.yaml", "npm", read_pnpm_lock),
    (r"^(package-lock|npm-shrinkwrap)\.json$", "package-lock.json", "npm", read_package_lock),
    (r"^gradle\.lockfile$", "gradle.lockfile", "Maven", read_gradle_lockfile),
    (r"^pom\.xml$", "pom.xml", "Maven", read_pom),
    (r"^(packages\.lock|.*\.deps)\.json$", "packages.lock.json", "NuGet", read_dotnet),
    (r"^mix\.lock$", "mix.lock", "Hex", read_mix_lock),
    (r"^pubspec\.lock$", "pubspec.lock", "Pub", read_pubspec_lock),
    (r"^(Package\.resolved|swiftpm-resolved.*\.json)$", "Package.resolved", "SwiftURL", read_package_resolved),
]

# --- judging with the ecosystems' own tools -----------------------------------------------


def once(function):
    """Builds or unpacks a tool once per run, whatever scratch directory later calls pass."""
    made = {}

    def wrapper(*args):
        key = args[1:] if function.__name__ == "unpack" else ()
        if key not in made:
            made[key] = function(*args)
        return made[key]

    return wrapper


def osv_events(entry, kind):
    """The (event, value) pairs of `entry`'s ranges of type `kind`, one list per range."""
    return [[next(iter(e.items())) for e in r.get("events", [])] for r in entry.get("ranges", []) if r.get("type") == kind]


def in_range(events, compare):
    """OSV range evaluation; compare(a, b) is the ecosystem's own ordering (-1, 0, 1)."""
    state = False
    order = {"introduced": 0, "fixed": 1, "last_affected": 1}
    ordered = sorted(((k, v) for k, v in events if k in order), key=lambda e: (OrderKey(e[1], compare), order[e[0]]))
    for kind, bound in ordered:
        if kind == "introduced" and (bound == "0" or compare(None, bound) >= 0):
            state = True
        elif kind == "fixed" and compare(None, bound) >= 0:
            state = False
        elif kind == "last_affected" and compare(None, bound) > 0:
            state = False
    return state


class OrderKey:
    def __init__(self, value, compare):
        self.value, self.compare = value, compare

    def __lt__(self, other):
        if self.value == "0":
            return other.value != "0"
        if other.value == "0":
            return False
        return self.compare(self.value, other.value) < 0


def osv_pypi_oracle():
    """scripts/osv-pypi-oracle.py as a module: its record loader and `affected` judge."""
    spec = importlib.util.spec_from_file_location("osv_pypi_oracle", os.path.join(SCRIPTS, "osv-pypi-oracle.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@once
def pypi_records(vulndata):
    return osv_pypi_oracle().load_records(os.path.join(vulndata, "pypi/vulns-pypi-osv.tar.gz"))


def judge_pypi(vulndata, packages):
    records = pypi_records(vulndata)
    oracle = osv_pypi_oracle()
    return [(name, version, advisory) for name, version in packages if oracle.parse(version) is not None
            for advisory, entry in records.get(name, []) if oracle.affected(entry, name, version)]


def build_tool(directory, command, binary):
    if subprocess.run(command, cwd=directory, capture_output=True).returncode != 0 or not os.path.exists(binary):
        sys.exit(f"crosscheck-lockfiles: could not build {binary}: {' '.join(command)}")
    return binary


@once
def go_oracle(scratch):
    goroot = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip()
    directory = os.path.join(scratch, "go-oracle")
    os.makedirs(os.path.join(directory, "xmod"))
    os.symlink(goroot + "/src/cmd/vendor/golang.org/x/mod/semver", os.path.join(directory, "xmod/semver"))
    open(os.path.join(directory, "xmod/go.mod"), "w").write("module golang.org/x/mod\n\ngo 1.18\n")
    open(os.path.join(directory, "go.mod"), "w").write(
        "module oracle\n\ngo 1.18\n\nrequire golang.org/x/mod v0.0.0\n\nreplace golang.org/x/mod => ./xmod\n")
    repository = os.path.dirname(SCRIPTS)
    with open(os.path.join(repository, "Tests/Fixtures/versions/oracles/go_compare.go")) as source:
        open(os.path.join(directory, "main.go"), "w").write(source.read())
    env = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local", GOWORK="off")
    if subprocess.run(["go", "build", "-o", "oracle", "."], cwd=directory, env=env, capture_output=True).returncode:
        sys.exit("crosscheck-lockfiles: could not build the Go semver oracle")
    return os.path.join(directory, "oracle")


def ask(command, lines):
    """Runs an oracle over `lines` (all input first), returning its answer lines."""
    result = subprocess.run(command, input="".join(line + "\n" for line in lines), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"crosscheck-lockfiles: {' '.join(command[:2])} failed: {result.stderr.strip()}")
    return result.stdout.split("\n")[: len(lines)]


@once
def go_records(vulndata):
    records = {}
    with tarfile.open(os.path.join(vulndata, "go/vulndb-osv.tar.gz")) as tar:
        for member in tar:
            if not (member.name.endswith(".json") and "/osv/" in member.name):
                continue
            record = json.load(tar.extractfile(member))
            if record.get("withdrawn"):
                continue
            for entry in record.get("affected", []):
                records.setdefault(entry["package"]["name"], []).append((record["id"], entry))
    return records


def judge_go(vulndata, packages, scratch):
    records = go_records(vulndata)
    oracle = go_oracle(scratch)
    pairs = set()
    for name, version in packages:
        for _, entry in records.get(name, []):
            for events in osv_events(entry, "SEMVER"):
                values = ["v" + v for _, v in events if v != "0"]
                pairs.update((version, v) for v in values)
                pairs.update((a, b) for a in values for b in values)
    pairs = sorted(pairs)
    answers = dict(zip(pairs, ask([oracle], [f"{a}\t{b}" for a, b in pairs])))
    out = []
    for name, version in packages:
        def compare(a, b):
            return int(answers[(version if a is None else "v" + a, "v" + b)])

        for advisory, entry in records.get(name, []):
            if any(in_range(events, compare) for events in osv_events(entry, "SEMVER")):
                out.append((name, version, advisory))
    return out


@once
def rustsec(vulndata):
    advisories = {}
    with tarfile.open(os.path.join(vulndata, "rust/rustsec-advisory-db.tar.gz")) as tar:
        for member in tar:
            if not (member.name.endswith(".md") and "/crates/" in member.name):
                continue
            text = tar.extractfile(member).read().decode("utf-8")
            front = re.match(r"^```toml\n(.*?)\n```", text, re.S)
            if not front:
                continue
            data = tomllib.loads(front.group(1))
            if data["advisory"].get("withdrawn") or data["advisory"].get("informational"):
                continue
            versions = data.get("versions", {})
            safe = versions.get("patched", []) + versions.get("unaffected", [])
            advisories.setdefault(data["advisory"]["package"], []).append((data["advisory"]["id"], safe))
    return advisories


@once
def cargo_oracle(scratch):
    registry = "/usr/share/cargo/registry"
    crates = sorted(c for c in os.listdir(registry) if c.startswith("semver-1.")) if os.path.isdir(registry) else []
    if not crates:
        sys.exit("crosscheck-lockfiles: the semver crate is missing (apt-get install librust-semver-dev)")
    directory = os.path.join(scratch, "cargo-oracle")
    os.makedirs(os.path.join(directory, "src"))
    with open(os.path.join(SCRIPTS, "cargo-req-oracle.rs")) as source:
        open(os.path.join(directory, "src/main.rs"), "w").write(source.read())
    open(os.path.join(directory, "Cargo.toml"), "w").write(
        '[package]\nname = "oracle"\nversion = "0.0.0"\nedition = "2021"\n\n'
        f'[dependencies]\nsemver = {{ path = "{registry}/{crates[-1]}" }}\n')
    cargo = os.environ.get("CARGO") or next(
        (c for c in ("cargo", os.path.expanduser("~/.cargo/bin/cargo")) if subprocess.run(
            ["sh", "-c", f"command -v {c}"], capture_output=True).returncode == 0), "cargo")
    return build_tool(directory, [cargo, "build", "--offline", "--release", "-q"],
                      os.path.join(directory, "target/release/oracle"))


def judge_cargo(vulndata, packages, scratch):
    advisories = rustsec(vulndata)
    oracle = cargo_oracle(scratch)
    cases = [(name, version, advisory, requirement) for name, version in packages
             for advisory, safe in advisories.get(name, []) for requirement in safe]
    answers = ask([oracle], [f"{requirement}\t{version}" for _, version, _, requirement in cases])
    matched = {(name, version, advisory) for (name, version, advisory, _), answer in zip(cases, answers) if answer == "1"}
    return [(name, version, advisory) for name, version in packages for advisory, _ in advisories.get(name, [])
            if (name, version, advisory) not in matched]


@once
def unpack(scratch, archive, vulndata):
    target = os.path.join(scratch, os.path.basename(archive))
    os.makedirs(target)
    with tarfile.open(os.path.join(vulndata, archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def judge_by_script(command, packages):
    answers = ask(command, [f"{name}\t{version}" for name, version in packages])
    return [(name, version, advisory) for (name, version), answer in zip(packages, answers)
            if answer not in ("-", "E") for advisory in answer.split()]


def judge(ecosystem, packages, vulndata, scratch):
    if ecosystem == "PyPI":
        return judge_pypi(vulndata, packages)
    if ecosystem == "Go":
        return judge_go(vulndata, packages, scratch)
    if ecosystem == "crates.io":
        return judge_cargo(vulndata, packages, scratch)
    if ecosystem == "npm":
        tree = unpack(scratch, "npm/nodejs-security-wg-vuln.tar.gz", vulndata)
        npm_root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True).stdout.strip()
        folder = glob.glob(tree + "/*")[0]
        return judge_by_script(["node", SCRIPTS + "/nswg-oracle.js", npm_root + "/npm/node_modules/semver", folder], packages)
    if ecosystem == "RubyGems":
        tree = unpack(scratch, "ruby/ruby-advisory-db.tar.gz", vulndata)
        return judge_by_script(["ruby", SCRIPTS + "/rubysec-oracle.rb", glob.glob(tree + "/*")[0]], packages)
    if ecosystem == "Packagist":
        tree = unpack(scratch, "php/friendsofphp-security-advisories.tar.gz", vulndata)
        return judge_by_script(["php", SCRIPTS + "/friendsofphp-oracle.php",
                                "/usr/share/php/Composer/Semver/autoload.php", glob.glob(tree + "/*")[0]], packages)
    return None


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    vulndata, files = sys.argv[1], sys.argv[2:]
    results = []
    with tempfile.TemporaryDirectory(prefix="plimsoll-crosscheck-") as scratch:
        for index, path in enumerate(files):
            name = os.path.basename(path)
            known = next((f for f in FORMATS if re.match(f[0], name)), None)
            if known is None:
                sys.exit(f"crosscheck-lockfiles: {path}: not a lock file this script reads")
            _, form, ecosystem, reader = known
            packages = sorted(set((n, v) for n, v in reader(path) if v))
            work = os.path.join(scratch, str(index))
            os.makedirs(work)
            vulnerabilities = judge(ecosystem, packages, vulndata, work)
            results.append({
                "file": name, "format": form, "ecosystem": ecosystem,
                "packages": [list(p) for p in packages],
                "vulnerabilities": sorted(list(v) for v in set(vulnerabilities or [])),
                "source": vulnerabilities is not None,
            })
    json.dump(results, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
