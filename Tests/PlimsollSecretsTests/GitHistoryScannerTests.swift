import Foundation
import Testing
@testable import PlimsollSecrets

/// Secrets in a real repository's history, built with `git` here: one committed and then
/// deleted, one still in HEAD, one in a file that a later commit edits; packed by `git gc`.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/git")
  || ProcessInfo.processInfo.environment["CI"] == "true"))
struct GitHistoryScannerTests {
  let github = "ghp_R8xq2LmZ4vT7yK1pW9sN3bC6dF0hJ5gA2eUq"
  let gitlab = "glpat-Zx8Kq2Lm9Vt3Rw7Yp1Sd"

  func git(_ arguments: [String], in directory: String, date: String? = nil, mayFail: Bool = false) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    process.arguments = ["-C", directory] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_AUTHOR_NAME"] = "t"
    environment["GIT_AUTHOR_EMAIL"] = "t@example.com"
    environment["GIT_COMMITTER_NAME"] = "t"
    environment["GIT_COMMITTER_EMAIL"] = "t@example.com"
    if let date {
      environment["GIT_AUTHOR_DATE"] = date
      environment["GIT_COMMITTER_DATE"] = date
    }
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if !mayFail { #expect(process.terminationStatus == 0, "git \(arguments)") }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func repository() throws -> (path: String, commits: [String]) {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("plimsoll-git-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    _ = try git(["init", "-q"], in: path)
    var commits: [String] = []
    try "token = \"\(github)\"\n".write(toFile: path + "/settings.py", atomically: true, encoding: .utf8)
    try "print('hello')\n".write(toFile: path + "/app.py", atomically: true, encoding: .utf8)
    _ = try git(["add", "."], in: path)
    _ = try git(["commit", "-qm", "add settings"], in: path, date: "2024-01-10T10:00:00Z")
    commits.append(try git(["rev-parse", "HEAD"], in: path))
    _ = try git(["rm", "-q", "settings.py"], in: path)
    _ = try git(["commit", "-qm", "remove the token"], in: path, date: "2024-02-10T10:00:00Z")
    commits.append(try git(["rev-parse", "HEAD"], in: path))
    try "export TOKEN=\(gitlab)\n".write(toFile: path + "/deploy.sh", atomically: true, encoding: .utf8)
    _ = try git(["add", "deploy.sh"], in: path)
    _ = try git(["commit", "-qm", "deploy"], in: path, date: "2024-03-10T10:00:00Z")
    commits.append(try git(["rev-parse", "HEAD"], in: path))
    try "export TOKEN=\(gitlab)\necho deployed\n".write(toFile: path + "/deploy.sh", atomically: true, encoding: .utf8)
    _ = try git(["commit", "-qam", "edit deploy"], in: path, date: "2024-04-10T10:00:00Z")
    commits.append(try git(["rev-parse", "HEAD"], in: path))
    _ = try git(["gc", "-q"], in: path)
    return (path, commits)
  }

  @Test func everySecretAtTheCommitThatAddedItAndWhetherHEADStillHoldsIt() throws {
    let (path, commits) = try repository()
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(try git(["count-objects", "-v"], in: path).contains("in-pack: "))
    let report = try GitHistoryScanner(scanner: try SecretScanner()).scan(repository: path)
    #expect(report.findings.count == 2, "\(report.findings.map(\.id))")
    let deleted = try #require(report.findings.first { $0.id == "github-pat" })
    #expect(deleted.location?.path == "settings.py" && deleted.location?.startLine == 1)
    #expect(deleted.properties["commit"] == commits[0])
    #expect(deleted.properties["inHead"] == "false")
    #expect(deleted.properties["commitDate"]?.hasPrefix("2024-01-10") == true)
    #expect(deleted.evidence?.contains(github) == false)
    let live = try #require(report.findings.first { $0.id == "gitlab-pat" })
    #expect(live.properties["commit"] == commits[2], "the edit in a later commit is not a new secret")
    #expect(live.properties["inHead"] == "true")
  }

  @Test func aSecretWrittenOnlyInAMergeResolutionIsFoundAtTheMerge() throws {
    let (path, _) = try repository()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let main = try git(["rev-parse", "--abbrev-ref", "HEAD"], in: path)
    _ = try git(["checkout", "-qb", "feature"], in: path)
    try "debug = False\n".write(toFile: path + "/app.py", atomically: true, encoding: .utf8)
    _ = try git(["commit", "-qam", "feature"], in: path, date: "2024-05-10T10:00:00Z")
    _ = try git(["checkout", "-q", main], in: path)
    try "debug = True\n".write(toFile: path + "/app.py", atomically: true, encoding: .utf8)
    _ = try git(["commit", "-qam", "main"], in: path, date: "2024-05-11T10:00:00Z")
    // The merge conflicts; its resolution, written only in the merge commit, holds a key.
    let slack = "xoxb-2048517723-4096301835172-Hq7xVn2Lk9Rw3Tz8Yp1Sd4Fg"
    _ = try git(["merge", "-q", "feature"], in: path, date: "2024-05-12T10:00:00Z", mayFail: true)
    try "debug = False\nSLACK_TOKEN = \"\(slack)\"\n".write(toFile: path + "/app.py", atomically: true, encoding: .utf8)
    _ = try git(["commit", "-qam", "merge feature"], in: path, date: "2024-05-12T10:00:00Z")
    let merge = try git(["rev-parse", "HEAD"], in: path)
    #expect(try git(["rev-list", "--parents", "-n", "1", "HEAD"], in: path).split(separator: " ").count == 3)
    let report = try GitHistoryScanner(scanner: try SecretScanner()).scan(repository: path)
    let found = try #require(report.findings.first { $0.evidence?.contains("xoxb-") == true || $0.id.contains("slack") },
                             "\(report.findings.map(\.id))")
    #expect(found.properties["commit"] == merge)
    #expect(found.location?.path == "app.py" && found.properties["inHead"] == "true")
  }

  @Test func sinceAndRangeNarrowTheHistory() throws {
    let (path, commits) = try repository()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let recent = try GitHistoryScanner(scanner: try SecretScanner(), since: "2024-03-01").scan(repository: path)
    #expect(recent.findings.map(\.id) == ["gitlab-pat"])
    let range = try GitHistoryScanner(scanner: try SecretScanner(), range: "\(commits[0])..\(commits[1])")
      .scan(repository: path)
    #expect(range.findings.isEmpty)
  }

  @Test func aDirectoryThatIsNoRepositoryIsAnErrorNamingIt() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("plimsoll-nogit-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect {
      _ = try GitHistoryScanner(scanner: try SecretScanner()).scan(repository: path)
    } throws: { error in
      "\(error)".contains(path) && "\(error)".contains("not a readable git repository")
    }
  }
}
