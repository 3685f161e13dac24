import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

@Suite struct TagSeriesTests {
  @Test(arguments: [
    ("3.19.1", ["3.19.0", "3.19.4", "3.20.0", "4.0.0", "3.19.4-alpine", "latest", "3.19"], false,
     ["3.20.0", "3.19.4"]),
    ("3.19.1", ["3.19.4", "4.0.0", "4.1.0"], true, ["4.1.0", "4.0.0", "3.19.4"]),
    ("1.27-alpine", ["1.27-alpine", "1.28-alpine", "1.28", "1.29-alpine-slim", "2.0-alpine"], false,
     ["1.28-alpine"]),
    ("bookworm-20240101", ["bookworm-20231201", "bookworm-20240212", "bullseye-20240301", "bookworm"], false,
     ["bookworm-20240212"]),
    ("latest", ["1.0", "2.0"], false, []),
  ])
  func newerTagsStayInTheSeries(tag: String, tags: [String], allowMajor: Bool, expected: [String]) {
    #expect(TagSeries.newer(than: tag, among: tags, allowMajor: allowMajor) == expected)
  }
}

/// The base tag moves to a rebuilt base under an image built on its old image: the verdict
/// changes, against a real registry.
@Suite(.enabled(if: LocalRegistry.runs, "docker-registry and skopeo are not installed"))
struct FreshnessRegistryTests {
  @Test func anImageIsStaleOnceItsBaseTagMoves() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let layout = try EditableLayout(in: try Scratch())
    try layout.addLayer("app", on: "1.0", file: "app.conf")        // the image, built on base 1.0
    try layout.addLayer("rebuilt", on: "1.0", file: "security-fix")  // the base, rebuilt
    let registry = try LocalRegistry()
    try registry.push(layout.source("1.0"), as: "library/base:1.2.0")
    try registry.push(layout.source("app"), as: "team/app:1.0")
    let base = "\(registry.host)/library/base:1.2.0"
    // A cache of its own: no advisory database, whatever the user's cache holds.
    let cache = try Scratch().path
    let arguments = ["freshness", "\(registry.host)/team/app:1.0", "--base", base, "--insecure",
                     "--format", "json", "--exit-code", "3", "--cache-dir", cache]
    func verdicts() async throws -> (Int32, [String: String], String) {
      let (status, output, errors) = try await runPlimsollAsync(plimsoll, arguments)
      let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(errors)")
      let findings = try #require(document["findings"] as? [[String: Any]])
      var statuses: [String: String] = [:]
      var evidence = ""
      for finding in findings {
        statuses[finding["id"] as? String ?? ""] = finding["status"] as? String
        evidence += (finding["evidence"] as? String ?? "") + "\n"
      }
      return (status, statuses, evidence)
    }
    let (freshStatus, fresh, freshEvidence) = try await verdicts()
    #expect(freshStatus == 0)
    #expect(fresh == ["PLM-FRESH-001": "pass", "PLM-FRESH-002": "pass"], "\(freshEvidence)")
    #expect(freshEvidence.contains("of its 8 layers are the base's"))

    // A Dockerfile names the candidates: the FROM the image is built on is found by its layers,
    // even when the final stage starts from an unrelated image.
    let unrelated = try Scratch()
    try unrelated.run(["umoci", "init", "--layout", "tools"])
    try unrelated.run(["umoci", "new", "--image", "tools:1"])
    try unrelated.write("l/opt/tool", "tool\n")
    try unrelated.run(["tar", "-C", "l", "-cf", "l.tar", "opt"])
    try unrelated.run(["umoci", "raw", "add-layer", "--image", "tools:1", "--tag", "1b", "l.tar"])
    try registry.push("oci:\(unrelated.path)/tools:1b", as: "other/tools:1")
    let dockerfile = try unrelated.write("Dockerfile", "FROM \(base) AS runtime\nFROM \(registry.host)/other/tools:1\n")
    let (fromFileStatus, fromFile, fromFileErrors) = try await runPlimsollAsync(
      plimsoll, ["freshness", "\(registry.host)/team/app:1.0", "--base", dockerfile, "--insecure", "--format", "json"])
    #expect(fromFileStatus == 0, "\(fromFileErrors)")
    #expect(fromFile.contains("built on the current \(base)"), "\(fromFile)")

    for tag in ["1.2.0", "1.2.1", "2.0.0"] {
      try registry.push(layout.source("rebuilt"), as: "library/base:\(tag)")
    }
    let (staleStatus, stale, staleEvidence) = try await verdicts()
    #expect(staleStatus == 3)
    #expect(stale == ["PLM-FRESH-001": "fail", "PLM-FRESH-002": "fail"], "\(staleEvidence)")
    #expect(staleEvidence.contains("the image shares 7 of its 8 layers with it"))
    #expect(staleEvidence.contains("newer than 1.2.0: 1.2.1"))
    #expect(!staleEvidence.contains("2.0.0"))
    // A base rebuilt fewer days ago than --max-age allows is a warning, not a failure (a
    // tolerance of 100 years covers any build date).
    let (graceStatus, graceOutput, _) = try await runPlimsollAsync(plimsoll, arguments + ["--max-age", "36500"])
    #expect(graceStatus == 3)  // PLM-FRESH-002 still fails
    let grace = try #require(try JSONSerialization.jsonObject(with: Data(graceOutput.utf8)) as? [String: Any])
    let graceFindings = try #require(grace["findings"] as? [[String: Any]])
    #expect(graceFindings.first { $0["id"] as? String == "PLM-FRESH-001" }?["status"] as? String == "warn")
  }

  /// A registry whose `library/base:1.2.0` is the layout's `1.0`; the layout also holds a
  /// `rebuilt` image to move the tag to.
  func baseTagInRegistry(_ scratch: Scratch) throws -> (EditableLayout, LocalRegistry, String) {
    let layout = try EditableLayout(in: scratch)
    try layout.addLayer("rebuilt", on: "1.0", file: "security-fix")
    let registry = try LocalRegistry()
    try registry.push(layout.source("1.0"), as: "library/base:1.2.0")
    return (layout, registry, "\(registry.host)/library/base:1.2.0")
  }

  /// A Dockerfile's FROM lines: the line to pin, then a pin that goes stale when the tag moves.
  @Test func dockerfilePinsAreOfferedAndGoStaleWhenTheTagMoves() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let scratch = try Scratch()
    let (layout, registry, base) = try baseTagInRegistry(scratch)
    func check(_ from: String) async throws -> [(id: String, status: String, line: Int, evidence: String)] {
      let dockerfile = try scratch.write("Dockerfile", "FROM \(from) AS build\nRUN true\nFROM build\n")
      let (status, output, errors) = try await runPlimsollAsync(plimsoll, ["freshness", dockerfile, "--insecure", "--format", "json"])
      #expect(status == 0, "\(errors)")
      let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
      return (document["findings"] as? [[String: Any]] ?? []).map { finding in
        let location = finding["location"] as? [String: Any]
        return (finding["id"] as? String ?? "", finding["status"] as? String ?? "",
                location?["startLine"] as? Int ?? 0, finding["evidence"] as? String ?? "")
      }
    }
    let unpinned = try await check(base)
    #expect(unpinned.map(\.id) == ["PLM-FRESH-004"])
    #expect(unpinned.first?.line == 1)
    let offered = try #require(unpinned.first?.evidence.components(separatedBy: "pin it: FROM ").last)
    #expect(offered.hasPrefix(base + "@sha256:"))
    let pinned = try await check(offered)
    #expect(pinned.map(\.id) == ["PLM-FRESH-005"] && pinned.map(\.status) == ["pass"])
    try registry.push(layout.source("rebuilt"), as: "library/base:1.2.0")
    let stale = try await check(offered)
    #expect(stale.map(\.id) == ["PLM-FRESH-005"] && stale.map(\.status) == ["fail"])
    #expect(stale.first?.evidence.contains("write: FROM \(base)@sha256:") == true)
    let rewritten = stale.first?.evidence.components(separatedBy: "write: FROM ").last
    #expect(rewritten != nil && rewritten != offered)
    let floating = try await check("\(registry.host)/library/base")
    #expect(Set(floating.map(\.id)) == ["PLM-FRESH-003", "PLM-FRESH-004"])
  }

  /// `plimsoll fix --pin-base` writes the digest each FROM's tag points to now, and replaces a
  /// pin that went stale; a FROM written with build arguments is left and named.
  @Test func fixPinsBaseImagesToTheirCurrentDigest() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let scratch = try Scratch()
    let (layout, registry, base) = try baseTagInRegistry(scratch)
    let dockerfile = try scratch.write(
      "Dockerfile", "ARG TAG=1.2.0\nFROM \(base) AS build\nRUN true\nFROM \(registry.host)/library/base:${TAG}\nUSER 10001\n")
    let (status, diff, summary) = try await runPlimsollAsync(plimsoll, [
      "fix", dockerfile, "--pin-base", "--insecure", "--rules", "PLM-DF-005",
    ])
    #expect(status == 0, "\(summary)")
    let pinned = try #require(diff.split(separator: "\n").first { $0.hasPrefix("+FROM ") }.map(String.init), "\(diff)")
    #expect(pinned.hasPrefix("+FROM \(base)@sha256:") && pinned.hasSuffix(" AS build"))
    #expect(summary.contains("PLM-FRESH-004: pinned to the current digest"), "\(summary)")
    #expect(summary.contains("written with build arguments; pin it by hand"), "\(summary)")
    // Written, then the tag moves: a second run replaces the stale digest.
    let (written, _, _) = try await runPlimsollAsync(plimsoll, ["fix", dockerfile, "--pin-base", "--insecure", "--write"])
    #expect(written == 0)
    let first = try String(contentsOfFile: dockerfile, encoding: .utf8)
    try registry.push(layout.source("rebuilt"), as: "library/base:1.2.0")
    let (_, moved, _) = try await runPlimsollAsync(plimsoll, ["fix", dockerfile, "--pin-base", "--insecure"])
    let old = try #require(first.split(separator: "\n").first { $0.hasPrefix("FROM \(base)@") })
    #expect(moved.contains("-" + old) && moved.contains("+FROM \(base)@sha256:"), "\(moved)")
  }

  /// With an advisory database, a stale image's vulnerabilities that the current base no
  /// longer has are counted: here the rebuilt base upgrades urllib3 past its advisories.
  @Test func aRebuildCountsTheVulnerabilitiesItRemoves() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let feeds = Repository.vulndata
    #expect(FileManager.default.fileExists(atPath: feeds), "no advisory snapshot beside the repository")
    let scratch = try Scratch()
    let layout = try EditableLayout(in: scratch)
    try layout.addLayer("app", on: "1.0", file: "app.conf")
    let metadata = "usr/local/lib/python3.11/site-packages/urllib3-1.26.4.dist-info/METADATA"
    try layout.addLayer("rebuilt", on: "1.0", files: [metadata: "Metadata-Version: 2.1\nName: urllib3\nVersion: 2.2.2\n"])
    let registry = try LocalRegistry()
    try registry.push(layout.source("app"), as: "team/app:1.0")
    try registry.push(layout.source("rebuilt"), as: "library/base:1.2.0")
    let cache = scratch.path + "/cache"
    let (updated, _, updateErrors) = try await runPlimsollAsync(plimsoll, ["db", "update", "--from", feeds, "--cache-dir", cache])
    #expect(updated == 0, "\(updateErrors)")
    let (_, output, errors) = try await runPlimsollAsync(
      plimsoll, ["freshness", "\(registry.host)/team/app:1.0", "--base", "\(registry.host)/library/base:1.2.0",
                 "--insecure", "--format", "json", "--cache-dir", cache])
    let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(errors)")
    let findings = try #require(document["findings"] as? [[String: Any]])
    let removed = try #require(findings.first { $0["id"] as? String == "PLM-FRESH-006" })
    #expect(removed["status"] as? String == "fail")
    let evidence = removed["evidence"] as? String ?? ""
    #expect(evidence.hasPrefix("3 vulnerabilities ("), "\(evidence)")
    #expect(evidence.contains("GHSA-v845-jxx5-vc9f") || evidence.contains("PYSEC-"), "\(evidence)")
  }

  /// An image whose annotation names the digest of the base it was built on: that old base,
  /// still in the registry, and the current base are both scanned, and what a rebuild removes
  /// is their difference. When the old digest is gone from the registry, a warning says so and
  /// the count comes from the image's own packages.
  @Test func aRebuildIsCountedBetweenTheOldAndTheCurrentBase() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let feeds = Repository.vulndata
    #expect(FileManager.default.fileExists(atPath: feeds), "no advisory snapshot beside the repository")
    let scratch = try Scratch()
    let layout = try EditableLayout(in: scratch)
    let registry = try LocalRegistry()
    let oldBase = try layout.manifestDigest("1.0")
    let base = "\(registry.host)/library/base"
    try layout.addLayer("app", on: "1.0", file: "app.conf")
    try layout.annotate("annotated", from: "app", [
      "org.opencontainers.image.base.name": "\(base):1.2.0", "org.opencontainers.image.base.digest": oldBase,
    ])
    try layout.annotate("lost", from: "app", [
      "org.opencontainers.image.base.name": "\(base):1.2.0",
      "org.opencontainers.image.base.digest": "sha256:" + String(repeating: "5", count: 64),
    ])
    let metadata = "usr/local/lib/python3.11/site-packages/urllib3-1.26.4.dist-info/METADATA"
    try layout.addLayer("rebuilt", on: "1.0", files: [metadata: "Metadata-Version: 2.1\nName: urllib3\nVersion: 2.2.2\n"])
    try registry.push(layout.source("1.0"), as: "library/base:old")
    try registry.push(layout.source("rebuilt"), as: "library/base:1.2.0")
    try registry.push(layout.source("annotated"), as: "team/app:1.0")
    try registry.push(layout.source("lost"), as: "team/app:lost")
    let cache = scratch.path + "/cache"
    let (updated, _, updateErrors) = try await runPlimsollAsync(plimsoll, ["db", "update", "--from", feeds, "--cache-dir", cache])
    #expect(updated == 0, "\(updateErrors)")
    func check(_ tag: String) async throws -> (evidence: String, warnings: [String]) {
      let (_, output, errors) = try await runPlimsollAsync(
        plimsoll, ["freshness", "\(registry.host)/team/app:\(tag)", "--insecure", "--format", "json", "--cache-dir", cache])
      let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(errors)")
      let findings = try #require(document["findings"] as? [[String: Any]])
      let removed = try #require(findings.first { $0["id"] as? String == "PLM-FRESH-006" })
      #expect(removed["status"] as? String == "fail")
      let warnings = (document["warnings"] as? [[String: Any]] ?? []).map { "\($0["input"] ?? ""): \($0["message"] ?? "")" }
      return (removed["evidence"] as? String ?? "", warnings)
    }
    let scanned = try await check("1.0")
    #expect(scanned.evidence.hasPrefix("3 vulnerabilities ("), "\(scanned.evidence)")
    #expect(scanned.evidence.hasSuffix("the base it was built on (\(oldBase)) and the current base were both scanned"),
            "\(scanned.evidence)")
    #expect(scanned.warnings.isEmpty, "\(scanned.warnings)")
    let lost = try await check("lost")
    #expect(lost.evidence.hasPrefix("3 vulnerabilities ("), "\(lost.evidence)")
    #expect(!lost.evidence.contains("both scanned"))
    #expect(lost.warnings.contains { $0.contains("the base the image was built on cannot be scanned") }, "\(lost.warnings)")
  }

  /// `plimsoll fix --bump-base`: of the newer tags in the series, the one whose image has the
  /// fewest vulnerabilities (here 1.2.1, whose urllib3 is fixed; 1.2.2 is newer but no better).
  @Test func fixBumpsTheBaseToTheTagWithTheFewestVulnerabilities() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let feeds = Repository.vulndata
    #expect(FileManager.default.fileExists(atPath: feeds), "no advisory snapshot beside the repository")
    let scratch = try Scratch()
    let layout = try EditableLayout(in: scratch)
    let metadata = "usr/local/lib/python3.11/site-packages/urllib3-1.26.4.dist-info/METADATA"
    try layout.addLayer("rebuilt", on: "1.0", files: [metadata: "Metadata-Version: 2.1\nName: urllib3\nVersion: 2.2.2\n"])
    let registry = try LocalRegistry()
    try registry.push(layout.source("1.0"), as: "library/base:1.2.0")
    try registry.push(layout.source("rebuilt"), as: "library/base:1.2.1")
    try registry.push(layout.source("1.0"), as: "library/base:1.2.2")
    try registry.push(layout.source("rebuilt"), as: "library/base:2.0.0")
    let cache = scratch.path + "/cache"
    let (updated, _, updateErrors) = try await runPlimsollAsync(plimsoll, ["db", "update", "--from", feeds, "--cache-dir", cache])
    #expect(updated == 0, "\(updateErrors)")
    let base = "\(registry.host)/library/base"
    let dockerfile = try scratch.write("Dockerfile", "FROM \(base):1.2.0\nUSER 10001\nCMD [\"true\"]\n")
    let (status, diff, summary) = try await runPlimsollAsync(plimsoll, [
      "fix", dockerfile, "--bump-base", "--insecure", "--cache-dir", cache, "--rules", "PLM-DF-005",
    ])
    #expect(status == 0, "\(summary)")
    #expect(diff.contains("-FROM \(base):1.2.0\n+FROM \(base):1.2.1\n"), "\(diff)\n\(summary)")
    let header = try #require(diff.split(separator: "\n").first, "\(diff)")
    #expect(header.hasPrefix("# ") && header.contains("-> \(base):1.2.1: ") && header.hasSuffix(" vulnerabilities"))
    let counts = header.split(separator: ":").last?.split(separator: " ").compactMap { Int($0) } ?? []
    #expect(counts.count == 2 && counts[0] > counts[1], "\(header)")
    // The header is text before `---`: GNU patch still applies the diff.
    try scratch.write("bump.diff", diff)
    try scratch.run(["patch", dockerfile, "-i", scratch.path + "/bump.diff"])
    #expect(try String(contentsOfFile: dockerfile, encoding: .utf8).hasPrefix("FROM \(base):1.2.1\n"))
  }
}
