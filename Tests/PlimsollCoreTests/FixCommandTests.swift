import Foundation
import PlimsollTestSupport
import Testing

/// `plimsoll fix` through the command line: a diff by default, --write with a backup,
/// --rules, directories of mixed files, and the rule list.
@Suite struct FixCommandTests {
  @Test func diffWriteBackupRulesAndDirectories() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let scratch = try Scratch()
    let dockerfile = "FROM debian:12\nRUN apt-get update && apt-get install -y curl=7.88.1-10\nCMD [\"curl\", \"--version\"]\n"
    try scratch.write("app/Dockerfile", dockerfile)
    try scratch.write("app/compose.yaml", "services:\n  web:\n    image: nginx:1.27.0\n    ports:\n      - \"8080:80\"\n")
    try scratch.write("app/notes.txt", "not a config file\n")

    // Default: a diff on stdout, the summary on stderr, nothing written.
    let (status, diff, summary) = try await runPlimsollAsync(plimsoll, ["fix", scratch.path + "/app"])
    #expect(status == 0, "\(summary)")
    #expect(diff.contains("--- a/Dockerfile\n+++ b/Dockerfile\n"))
    #expect(diff.contains("+USER 10001"))
    #expect(diff.contains("--- a/compose.yaml\n") && diff.contains("+      - \"127.0.0.1:8080:80\""))
    #expect(summary.contains("Dockerfile: fixed") && summary.contains("PLM-DF-002"), "\(summary)")
    #expect(try String(contentsOfFile: scratch.path + "/app/Dockerfile", encoding: .utf8) == dockerfile)

    // The diff applies with GNU patch and gives what --write writes.
    try scratch.write("fix.diff", diff)
    try scratch.run(["cp", "-R", "app", "patched"])
    try scratch.run(["patch", "-d", "patched", "-p1", "-i", scratch.path + "/fix.diff"])

    // --rules: only those fixers; --write keeps FILE.orig.
    let (written, _, writeSummary) = try await runPlimsollAsync(plimsoll, [
      "fix", scratch.path + "/app/Dockerfile", "--write", "--rules", "PLM-DF-009,PLM-DF-007",
    ])
    #expect(written == 0, "\(writeSummary)")
    let fixed = try String(contentsOfFile: scratch.path + "/app/Dockerfile", encoding: .utf8)
    #expect(fixed.contains("apt-get install --no-install-recommends -y curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*"))
    #expect(!fixed.contains("USER"), "only the named rules are fixed")
    #expect(try String(contentsOfFile: scratch.path + "/app/Dockerfile.orig", encoding: .utf8) == dockerfile)

    // --write on the directory, --no-backup: every file as the patched copy, no .orig added.
    try scratch.run(["rm", scratch.path + "/app/Dockerfile.orig"])
    try scratch.write("app/Dockerfile", dockerfile)
    let (all, _, _) = try await runPlimsollAsync(plimsoll, ["fix", scratch.path + "/app", "--write", "--no-backup"])
    #expect(all == 0)
    for name in ["Dockerfile", "compose.yaml"] {
      #expect(try String(contentsOfFile: scratch.path + "/app/" + name, encoding: .utf8)
        == String(contentsOfFile: scratch.path + "/patched/" + name, encoding: .utf8), "\(name)")
    }
    #expect(!FileManager.default.fileExists(atPath: scratch.path + "/app/compose.yaml.orig"))

    // A second run finds nothing more to change.
    let (_, again, _) = try await runPlimsollAsync(plimsoll, ["fix", scratch.path + "/app"])
    #expect(again.isEmpty, "\(again)")

    let (bad, _, message) = try await runPlimsollAsync(plimsoll, ["fix", scratch.path + "/missing"])
    #expect(bad != 0 && message.contains("missing: no such file or directory"), "\(message)")
    let (misuse, _, _) = try await runPlimsollAsync(plimsoll, ["fix", scratch.path + "/app", "--no-backup"])
    #expect(misuse != 0)
  }

  @Test func theRuleListSaysWhichRulesHaveAFix() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let (_, json, _) = try await runPlimsollAsync(plimsoll, ["rules", "--format", "json"])
    let rules = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    let fixes = Dictionary(uniqueKeysWithValues: rules.compactMap { rule -> (String, String)? in
      guard let id = rule["id"] as? String, let fix = rule["fix"] as? String else { return nil }
      return (id, fix)
    })
    #expect(fixes["PLM-DF-002"]?.contains("unprivileged user") == true)
    #expect(fixes["PLM-DC-012"]?.contains("127.0.0.1") == true)
    #expect(fixes["PLM-K8S-013"] != nil && fixes["PLM-DF-006"] == nil)
    let (_, table, _) = try await runPlimsollAsync(plimsoll, ["rules"])
    #expect(table.contains("FIX  TITLE") && table.contains("with a fix (`plimsoll fix`)"))
  }
}
