import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// SARIF from the real command places files as code-scanning UIs expect: relative to the
/// `SRCROOT` it declares, whether the file was named by an absolute path or a directory was
/// scanned, and valid against the SARIF 2.1.0 schema.
@Suite struct SARIFLocationCommandTests {
  /// `plimsoll ARGS` run in `directory`; its standard output.
  func sarif(_ plimsoll: String, _ arguments: [String], in directory: String) throws -> [String: Any] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: plimsoll)
    process.arguments = arguments + ["--format", "sarif"]
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    if Requirement.runs(when: (try? Scratch().run(["python3", "-c", "import jsonschema"])) != nil) {
      let scratch = try Scratch()
      let document = try scratch.write("report.sarif", text)
      let schema = URL(fileURLWithPath: Repository.root.deletingLastPathComponent().path)
        .appendingPathComponent("shared/schemas/sarif-schema-2.1.0.json").path
      let local = Repository.fixtures + "/schemas/sarif-schema-2.1.0.json"
      try scratch.run(["python3", Repository.root.path + "/scripts/validate-json-schema.py",
                       FileManager.default.fileExists(atPath: schema) ? schema : local, document])
    }
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  func locations(_ document: [String: Any]) -> (base: String?, uris: Set<String>, baseIDs: Set<String>) {
    let run = (document["runs"] as? [[String: Any]])?.first ?? [:]
    let base = ((run["originalUriBaseIds"] as? [String: Any])?["SRCROOT"] as? [String: Any])?["uri"] as? String
    let artifacts = (run["results"] as? [[String: Any]] ?? []).flatMap { result in
      (result["locations"] as? [[String: Any]] ?? []).compactMap {
        ($0["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any]
      }
    }
    return (base, Set(artifacts.compactMap { $0["uri"] as? String }),
            Set(artifacts.compactMap { $0["uriBaseId"] as? String }))
  }

  @Test(.enabled(if: Requirement.executable, "the plimsoll executable is not built (swift build)"))
  func aFileNamedByAbsolutePathIsRelativeToTheWorkingDirectory() throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let file = Repository.fixtures + "/dockerfile/curl-pipe.Dockerfile"
    let found = locations(try sarif(plimsoll, ["config", file], in: Repository.root.path))
    #expect(found.base == "file://" + Repository.root.standardizedFileURL.path + "/")
    #expect(found.uris == ["Tests/Fixtures/dockerfile/curl-pipe.Dockerfile"])
    #expect(found.baseIDs == ["SRCROOT"])
  }

  @Test(.enabled(if: Requirement.executable, "the plimsoll executable is not built (swift build)"))
  func aScannedDirectoryIsTheRoot() throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let directory = Repository.fixtures + "/kubernetes"
    let found = locations(try sarif(plimsoll, ["config", directory], in: "/"))
    #expect(found.base == "file://" + directory + "/")
    #expect(found.uris.contains("rbac-overbroad.yaml"))
    #expect(found.uris.allSatisfy { !$0.hasPrefix("/") && !$0.contains("..") })
    #expect(found.baseIDs == ["SRCROOT"])
  }
}
