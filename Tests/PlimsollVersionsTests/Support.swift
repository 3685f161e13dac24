import PlimsollTestSupport
import Foundation

/// Where the version fixtures live, relative to this file.
enum Fixtures {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures").appendingPathComponent("versions")

  static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

  static func lines(_ name: String) throws -> [String] {
    try String(contentsOf: url(name), encoding: .utf8).split(separator: "\n").map(String.init)
  }

  static func corpus(_ name: String) throws -> [String] { try lines("corpus-\(name).txt").filter { !$0.isEmpty } }
}

/// How many pairs each oracle test checks: `PLIMSOLL_SWEEP` or a CI-sized default.
enum Sweep {
  static var size: Int {
    if let text = ProcessInfo.processInfo.environment["PLIMSOLL_SWEEP"], let value = Int(text), value > 0 {
      return value
    }
    return 3000
  }
  static var seed: UInt64 {
    if let text = ProcessInfo.processInfo.environment["PLIMSOLL_SWEEP_SEED"], let value = UInt64(text) {
      return value
    }
    return 20_261_125
  }
}

/// Runs an external oracle once over a batch of tab-separated pairs.
enum Oracle {
  /// The first executable named `name` on PATH (or the absolute path if it exists).
  static func which(_ name: String) -> String? {
    if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Runs `arguments` with `input` on stdin; returns stdout lines, or nil when it failed to run.
  static func run(_ arguments: [String], input: String) -> [String]? {
    let temporary = FileManager.default.temporaryDirectory
      .appendingPathComponent("plimsoll-oracle-\(UUID().uuidString)")
    let inputURL = temporary.appendingPathExtension("in")
    let outputURL = temporary.appendingPathExtension("out")
    defer {
      try? FileManager.default.removeItem(at: inputURL)
      try? FileManager.default.removeItem(at: outputURL)
    }
    do {
      try input.write(to: inputURL, atomically: true, encoding: .utf8)
      _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: arguments[0])
      process.arguments = Array(arguments.dropFirst())
      process.standardInput = try FileHandle(forReadingFrom: inputURL)
      process.standardOutput = try FileHandle(forWritingTo: outputURL)
      process.standardError = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      guard process.terminationStatus == 0 else { return nil }
      return try String(contentsOf: outputURL, encoding: .utf8).split(separator: "\n").map(String.init)
    } catch {
      return nil
    }
  }

  /// A command that succeeds when `probe` runs, else nil (for locating Python with a module).
  static func firstWorking(_ candidates: [[String]]) -> [String]? {
    for candidate in candidates {
      guard let executable = which(candidate[0]) else { continue }
      let command = [executable] + candidate.dropFirst()
      if run(command, input: "") != nil { return [executable] }
    }
    return nil
  }

  static func python(withModule module: String) -> String? {
    firstWorking([["python3", "-c", "import \(module)"], ["/usr/bin/python3", "-c", "import \(module)"]])?.first
  }

  /// A Python with `packaging` 26.3 or newer (whose specifier rules Plimsoll follows);
  /// `PLIMSOLL_PACKAGING_PYTHON` names one explicitly.
  static var packaging26Python: String? {
    let probe = "import packaging; from packaging.version import Version; assert Version(packaging.__version__) >= Version('26.3')"
    var candidates = [["python3", "-c", probe], ["/usr/bin/python3", "-c", probe]]
    if let explicit = ProcessInfo.processInfo.environment["PLIMSOLL_PACKAGING_PYTHON"] {
      candidates.insert([explicit, "-c", probe], at: 0)
    }
    return firstWorking(candidates)?.first
  }

  static var npmSemverModule: String? {
    guard let npm = which("npm"), let root = run([npm, "root", "-g"], input: "")?.first else { return nil }
    let path = "\(root)/npm/node_modules/semver"
    return FileManager.default.fileExists(atPath: path + "/package.json") ? path : nil
  }

  /// Builds the Go oracle against the x/mod copy vendored in the Go toolchain; nil without Go.
  static func goSemverOracle(driver: String) -> [String]? {
    guard let go = which("go"), let goroot = run([go, "env", "GOROOT"], input: "")?.first else { return nil }
    let vendored = "\(goroot)/src/cmd/vendor/golang.org/x/mod/semver"
    guard FileManager.default.fileExists(atPath: vendored + "/semver.go") else { return nil }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plimsoll-go-oracle-\(UUID().uuidString)")
    let xmod = directory.appendingPathComponent("xmod")
    do {
      try FileManager.default.createDirectory(at: xmod, withIntermediateDirectories: true)
      try FileManager.default.createSymbolicLink(
        atPath: xmod.appendingPathComponent("semver").path, withDestinationPath: vendored)
      try "module golang.org/x/mod\n\ngo 1.18\n".write(
        to: xmod.appendingPathComponent("go.mod"), atomically: true, encoding: .utf8)
      try "module plimsolloracle\n\ngo 1.18\n\nrequire golang.org/x/mod v0.0.0\n\nreplace golang.org/x/mod => ./xmod\n"
        .write(to: directory.appendingPathComponent("go.mod"), atomically: true, encoding: .utf8)
      try FileManager.default.copyItem(atPath: driver, toPath: directory.appendingPathComponent("main.go").path)
    } catch {
      return nil
    }
    let binary = directory.appendingPathComponent("go-oracle").path
    let script = "cd '\(directory.path)' && GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local GOWORK=off '\(go)' build -o '\(binary)' . >/dev/null 2>&1"
    guard run(["/bin/sh", "-c", script], input: "") != nil, FileManager.default.isExecutableFile(atPath: binary)
    else { return nil }
    return [binary]
  }

  /// Builds the Cargo oracle against the semver crate Debian ships in its offline registry
  /// (librust-semver-dev); nil without cargo or the crate.
  static func cargoSemverOracle(driver: String) -> [String]? {
    let registry = "/usr/share/cargo/registry"
    guard let cargo = which("cargo") ?? which("\(NSHomeDirectory())/.cargo/bin/cargo"),
      let crate = ((try? FileManager.default.contentsOfDirectory(atPath: registry)) ?? [])
        .filter({ $0.hasPrefix("semver-1.") }).sorted().last
    else { return nil }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plimsoll-cargo-oracle-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(at: directory.appendingPathComponent("src"), withIntermediateDirectories: true)
      try FileManager.default.copyItem(atPath: driver, toPath: directory.appendingPathComponent("src/main.rs").path)
      try "[package]\nname = \"plimsoll-cargo-oracle\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\nsemver = { path = \"\(registry)/\(crate)\" }\n"
        .write(to: directory.appendingPathComponent("Cargo.toml"), atomically: true, encoding: .utf8)
    } catch {
      return nil
    }
    let script = "cd '\(directory.path)' && '\(cargo)' build --offline --release -q >/dev/null 2>&1"
    let binary = directory.appendingPathComponent("target/release/plimsoll-cargo-oracle").path
    guard run(["/bin/sh", "-c", script], input: "") != nil, FileManager.default.isExecutableFile(atPath: binary)
    else { return nil }
    return [binary]
  }

  /// composer/semver's autoloader (Debian package php-composer-semver).
  static var composerSemverAutoload: String? {
    let path = "/usr/share/php/Composer/Semver/autoload.php"
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  /// Whether go and the x/mod copy vendored in its toolchain are there (the Go oracle's needs).
  static var goAvailable: Bool {
    guard let go = which("go"), let goroot = run([go, "env", "GOROOT"], input: "")?.first else { return false }
    return FileManager.default.fileExists(atPath: "\(goroot)/src/cmd/vendor/golang.org/x/mod/semver/semver.go")
  }

  /// Whether cargo and Debian's offline semver crate are there (the Cargo oracle's needs).
  static var cargoAvailable: Bool {
    guard which("cargo") ?? which("\(NSHomeDirectory())/.cargo/bin/cargo") != nil else { return false }
    let crates = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/share/cargo/registry")) ?? []
    return crates.contains { $0.hasPrefix("semver-1.") }
  }

  static var mavenArtifactJar: String? {
    let directory = "/usr/share/maven/lib"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.first { $0.hasPrefix("maven-artifact") && $0.hasSuffix(".jar") }.map { "\(directory)/\($0)" }
  }
}

/// Our verdict in the oracle's vocabulary: -1, 0, 1, or E when either side is rejected.
func verdict(_ compare: () throws -> Int) -> String {
  do { return String(try compare()) } catch { return "E" }
}

/// A disagreement between us and an oracle.
struct Disagreement: CustomStringConvertible {
  let left: String
  let right: String
  let ours: String
  let theirs: String
  var description: String { "\"\(left)\" vs \"\(right)\": ours \(ours), oracle \(theirs)" }
}

/// Compares every pair with the oracle; returns the disagreements (or nil when the oracle did not run).
func sweep(
  pairs: [(String, String)], oracle: [String], ours: (String, String) -> String
) -> [Disagreement]? {
  let input = pairs.map { "\($0.0)\t\($0.1)" }.joined(separator: "\n") + "\n"
  guard let answers = Oracle.run(oracle, input: input), answers.count == pairs.count else { return nil }
  var found: [Disagreement] = []
  for (pair, answer) in zip(pairs, answers) {
    let mine = ours(pair.0, pair.1)
    if mine != answer { found.append(Disagreement(left: pair.0, right: pair.1, ours: mine, theirs: answer)) }
  }
  return found
}
