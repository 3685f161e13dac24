import Foundation
import PlimsollEngine
import PlimsollFindings
import PlimsollRuntime
import Testing

@Test func driftRuleTableIsNumberedAndDocumented() {
  let infos = DriftRules.infos
  #expect(infos.map(\.id) == (1...13).map { String(format: "PLM-DRIFT-%03d", $0) })
  for info in infos {
    #expect(info.kind == .drift)
    #expect(!info.title.isEmpty && !info.rationale.isEmpty && !info.remediation.isEmpty)
  }
  #expect(DriftRules.executableModified.info.severity == .critical)
  #expect(DriftRules.preloadWritten.info.severity == .critical)
  #expect(DriftRules.metadataChanged.status == .info)
}

@Test func shallowAnalysisOfARealChangesList() throws {
  let text = try String(contentsOf: driftFixtures.appendingPathComponent("docker-diff.txt"),
                        encoding: .utf8)
  let changes = parseDockerDiff(text)
  #expect(changes.count == 16)
  let report = DriftAnalyzer.report(container: "c1", image: "plimsoll/test-image:1.0",
                                    changes: changes)
  #expect(report.target == "c1")
  #expect(report.warnings.isEmpty)
  // Directories listed only as parents (C /etc, C /usr/share/doc/bash, …) are not findings.
  #expect(summary(report) == [
    "/etc/cron.d/evil PLM-DRIFT-012 HIGH",
    "/tmp/x PLM-DRIFT-011 LOW",
    "/usr/bin/env PLM-DRIFT-003 HIGH",
    "/usr/bin/ls PLM-DRIFT-003 HIGH",
    "/usr/share/doc/bash/copyright PLM-DRIFT-005 HIGH",
    "/var/log/drift.log PLM-DRIFT-011 LOW",
  ])
  let cron = try #require(report.findings.first)
  #expect(cron.kind == .drift && cron.status == .fail)
  #expect(cron.evidence == "A /etc/cron.d/evil (changes list only; content not compared with the image)")
  #expect(cron.properties["analysis"] == "shallow")
  #expect(cron.properties["image"] == "plimsoll/test-image:1.0")
  #expect(report.findings[1].status == .info)
}

/// Shallow verdicts by path and kind alone.
@Test(arguments: [
  ("A /var/lib/dpkg/status", "PLM-DRIFT-004"),
  ("D /var/lib/dpkg/status", "PLM-DRIFT-004"),
  ("C /lib/apk/db/installed", "PLM-DRIFT-004"),
  ("A /usr/lib/sysimage/rpm/rpmdb.sqlite", "PLM-DRIFT-004"),
  ("A /etc/ld.so.preload", "PLM-DRIFT-013"),
  ("A /root/.ssh/authorized_keys", "PLM-DRIFT-012"),
  ("A /home/app/.ssh/authorized_keys", "PLM-DRIFT-012"),
  ("C /etc/passwd", "PLM-DRIFT-012"),
  ("A /etc/sudoers.d/evil", "PLM-DRIFT-012"),
  ("A /var/spool/cron/crontabs/root", "PLM-DRIFT-012"),
  ("A /lib64/evil.so", "PLM-DRIFT-003"),
  ("A /boot/x", "PLM-DRIFT-003"),
  ("A /sbin/x", "PLM-DRIFT-003"),
  ("D /etc/cron.d/e2scrub_all", "PLM-DRIFT-005"),
  ("D /opt/app/readme", "PLM-DRIFT-006"),
  ("A /run/app.pid", "PLM-DRIFT-011"),
  ("A /var/cache/apt/x", "PLM-DRIFT-011"),
  ("A /var/tmp/y", "PLM-DRIFT-011"),
  ("A /opt/app/data.db", "PLM-DRIFT-010"),
  ("A /usrlocal", "PLM-DRIFT-010"),
  ("A /etcetera/x", "PLM-DRIFT-010"),
  ("A /home/app/.ssh/x/authorized_keys", "PLM-DRIFT-010"),
])
func shallowVerdict(line: String, id: String) throws {
  let report = DriftAnalyzer.report(container: "c", image: "i", changes: parseDockerDiff(line))
  #expect(report.findings.map(\.id) == [id])
  let rule = try #require(DriftRules.all.first { $0.info.id == id })
  #expect(report.findings.first?.severity == rule.info.severity)
}

@Test func dockerDiffLinesAreParsedAndBadOnesWarned() {
  let text = "C /etc\r\nA /etc/new file\n\nX /what\nD \nD /gone\n"
  let (changes, warnings) = DockerDiff.parse(text, input: "diff.txt")
  #expect(changes == [ContainerChange(path: "/etc", kind: .modified),
                      ContainerChange(path: "/etc/new file", kind: .added),
                      ContainerChange(path: "/gone", kind: .deleted)])
  #expect(warnings.map(\.input) == ["diff.txt:4", "diff.txt:5"])
}

@Test func hostileAndDuplicateChangePathsAreDroppedWithAWarning() {
  let changes = [
    ContainerChange(path: "../../etc/passwd", kind: .added),
    ContainerChange(path: "/../../x", kind: .added),
    ContainerChange(path: "tmp/relative", kind: .added),
    ContainerChange(path: "/tmp//a/./b", kind: .added),
    ContainerChange(path: "/tmp/a/b", kind: .added),
  ]
  let report = DriftAnalyzer.report(container: "c", image: "i", changes: changes)
  #expect(summary(report) == ["/tmp/a/b PLM-DRIFT-011 LOW"])
  #expect(report.warnings.map(\.input) == ["c:../../etc/passwd", "c:/../../x", "c:tmp/relative"])
  #expect(DriftAnalyzer.pathsToIndex(changes) == ["/tmp/a/b"])
}

// MARK: - Deep verdicts over known file states

private let shaA = "sha256:" + String(repeating: "a", count: 64)
private let shaB = "sha256:" + String(repeating: "b", count: 64)

private func file(_ mode: UInt32, _ sha: String, _ kind: DriftFileState.ContentKind = .data,
                  size: Int64 = 10) -> DriftFileState {
  DriftFileState(type: .file, mode: mode, size: size, sha256: sha, contentKind: kind)
}

private func deep(_ changes: [ContainerChange], image: [String: DriftFileState],
                  container: [String: DriftFileState]) -> FindingReport {
  DriftAnalyzer.report(
    container: "c", image: "i", changes: changes,
    imageFiles: DriftFilesystemIndex(states: image),
    containerFiles: DriftFilesystemIndex(states: container))
}

@Test func addedButInTheImageIsAModifiedBinary() throws {
  // The vfs driver reports an appended-to image file as added.
  let report = deep([ContainerChange(path: "/usr/bin/tool", kind: .added)],
                    image: ["/usr/bin/tool": file(0o755, shaA, .elf, size: 100)],
                    container: ["/usr/bin/tool": file(0o755, shaB, .elf, size: 101)])
  #expect(summary(report) == ["/usr/bin/tool PLM-DRIFT-001 CRITICAL"])
  let finding = try #require(report.findings.first)
  #expect(finding.evidence == "image: regular file, mode 0755, 100 bytes, ELF, \(shaA); "
    + "container: regular file, mode 0755, 101 bytes, ELF, \(shaB)")
  #expect(finding.properties["imageSHA256"] == shaA)
  #expect(finding.properties["containerSHA256"] == shaB)
  #expect(finding.properties["change"] == "A")
  #expect(finding.properties["drift"] == "modified")
  #expect(finding.properties["reclassified"] != nil)
}

@Test func binaryByTheImagesViewEvenWithoutExecuteBits() {
  // A shared library: ELF, mode 0644. Replaced by text: still a modified binary.
  let report = deep([ContainerChange(path: "/usr/lib/libx.so", kind: .modified)],
                    image: ["/usr/lib/libx.so": file(0o644, shaA, .elf)],
                    container: ["/usr/lib/libx.so": file(0o644, shaB)])
  #expect(summary(report) == ["/usr/lib/libx.so PLM-DRIFT-001 CRITICAL"])
}

@Test(arguments: [
  // (path, image state, container state, expected findings)
  ("/etc/motd", file(0o644, shaA), file(0o644, shaA), [String]()),
  ("/usr/bin/env", file(0o755, shaA, .elf), file(0o4755, shaA, .elf), ["PLM-DRIFT-007 HIGH"]),
  ("/usr/bin/wall", file(0o755, shaA, .elf), file(0o2755, shaA, .elf), ["PLM-DRIFT-007 HIGH"]),
  ("/etc/issue", file(0o644, shaA), file(0o646, shaA), ["PLM-DRIFT-008 MEDIUM"]),
  ("/etc/issue", file(0o644, shaA), file(0o600, shaA), ["PLM-DRIFT-009 LOW"]),
  ("/etc/issue", file(0o644, shaA), file(0o644, shaB), ["PLM-DRIFT-003 HIGH"]),
  ("/etc/issue", file(0o644, shaA), file(0o666, shaB),
   ["PLM-DRIFT-003 HIGH", "PLM-DRIFT-008 MEDIUM"]),
  ("/opt/app/run.txt", file(0o644, shaA), file(0o755, shaB, .script), ["PLM-DRIFT-002 HIGH"]),
  ("/opt/app/data", file(0o644, shaA), file(0o644, shaB), ["PLM-DRIFT-010 LOW"]),
  ("/var/log/app.log", file(0o644, shaA), file(0o644, shaB), ["PLM-DRIFT-011 LOW"]),
  ("/var/lib/dpkg/status", file(0o644, shaA), file(0o644, shaB), ["PLM-DRIFT-004 HIGH"]),
  ("/etc/cron.daily/job", file(0o755, shaA, .script), file(0o755, shaB, .script),
   ["PLM-DRIFT-001 CRITICAL"]),
  ("/etc/crontab", file(0o644, shaA), file(0o644, shaB), ["PLM-DRIFT-012 HIGH"]),
  ("/usr/bin/python3", DriftFileState(type: .symlink, mode: 0o777, linkTarget: "python3.11"),
   DriftFileState(type: .symlink, mode: 0o777, linkTarget: "/tmp/evil"), ["PLM-DRIFT-003 HIGH"]),
  ("/usr/bin/python3", DriftFileState(type: .symlink, mode: 0o777, linkTarget: "python3.11"),
   DriftFileState(type: .symlink, mode: 0o777, linkTarget: "python3.11"), []),
])
func deepVerdictOfAChangedImageFile(path: String, before: DriftFileState,
                                    after: DriftFileState, expected: [String]) {
  let report = deep([ContainerChange(path: path, kind: .modified)],
                    image: [path: before], container: [path: after])
  #expect(report.findings.map { "\($0.id) \($0.severity.rawValue)" } == expected)
  #expect(report.findings.allSatisfy { $0.location?.path == path })
  #expect(report.warnings.isEmpty)
}

@Test(arguments: [
  ("/tmp/x", file(0o755, shaA, .script), ["PLM-DRIFT-002 HIGH"]),
  ("/tmp/x", file(0o644, shaA, .elf), ["PLM-DRIFT-002 HIGH"]),
  ("/tmp/notes", file(0o644, shaA), ["PLM-DRIFT-011 LOW"]),
  ("/tmp/shared", file(0o666, shaA), ["PLM-DRIFT-011 LOW"]),
  ("/usr/local/bin/su2", file(0o4755, shaA, .elf), ["PLM-DRIFT-002 HIGH", "PLM-DRIFT-007 HIGH"]),
  ("/etc/ld.so.preload", file(0o644, shaA), ["PLM-DRIFT-013 CRITICAL"]),
  ("/etc/cron.d/evil", file(0o755, shaA, .script), ["PLM-DRIFT-012 HIGH"]),
  ("/etc/app.conf", file(0o666, shaA), ["PLM-DRIFT-003 HIGH", "PLM-DRIFT-008 MEDIUM"]),
])
func deepVerdictOfAnAddedFile(path: String, after: DriftFileState, expected: [String]) throws {
  let report = deep([ContainerChange(path: path, kind: .added)], image: [:],
                    container: [path: after])
  #expect(report.findings.map { "\($0.id) \($0.severity.rawValue)" } == expected)
  let finding = try #require(report.findings.first)
  #expect(finding.evidence == "added: " + (after.type == .file ? "regular file" : "")
    + ", mode " + String(after.mode, radix: 8).leftPadded(4) + ", 10 bytes"
    + (after.contentKind == .data ? "" : ", " + after.contentKind.rawValue) + ", " + shaA)
  #expect(finding.properties["drift"] == "added")
  #expect(finding.properties["containerSHA256"] == shaA)
  #expect(finding.properties["reclassified"] == nil)
  let reported = deep([ContainerChange(path: path, kind: .modified)], image: [:],
                      container: [path: after])
  #expect(reported.findings.map(\.id) == report.findings.map(\.id))
  #expect(reported.findings.first?.properties["reclassified"]
    == "reported as modified, but the image does not hold this path")
}

@Test func deepDeletionsCarryTheImageFile() throws {
  let report = deep(
    [ContainerChange(path: "/usr/share/doc/bash/copyright", kind: .deleted),
     ContainerChange(path: "/srv/www/index.html", kind: .deleted),
     ContainerChange(path: "/var/lib/dpkg/status", kind: .deleted)],
    image: ["/usr/share/doc/bash/copyright": file(0o644, shaA),
            "/srv/www/index.html": file(0o644, shaB),
            "/var/lib/dpkg/status": file(0o644, shaA)],
    container: [:])
  #expect(summary(report) == [
    "/srv/www/index.html PLM-DRIFT-006 MEDIUM",
    "/usr/share/doc/bash/copyright PLM-DRIFT-005 HIGH",
    "/var/lib/dpkg/status PLM-DRIFT-004 HIGH",
  ])
  #expect(report.findings[1].evidence == "deleted; image: regular file, mode 0644, 10 bytes, \(shaA)")
  #expect(report.findings[0].status == .warn)
}

@Test func parentDirectoriesReportOnlyPermissionChanges() {
  let directory = DriftFileState(type: .directory, mode: 0o755)
  let changes = parseDockerDiff("C /etc\nC /etc/cron.d\nA /etc/cron.d/evil\nC /tmp\nA /tmp/new\nA /tmp/new/f")
  let image = ["/etc": directory, "/etc/cron.d": directory,
               "/tmp": DriftFileState(type: .directory, mode: 0o1777)]
  var container = image
  container["/etc/cron.d"] = DriftFileState(type: .directory, mode: 0o777)
  container["/etc/cron.d/evil"] = file(0o644, shaA)
  container["/tmp/new"] = DriftFileState(type: .directory, mode: 0o777)
  container["/tmp/new/f"] = file(0o644, shaB)
  let report = deep(changes, image: image, container: container)
  #expect(summary(report) == [
    "/etc/cron.d PLM-DRIFT-008 MEDIUM",
    "/etc/cron.d/evil PLM-DRIFT-012 HIGH",
    "/tmp/new/f PLM-DRIFT-011 LOW",
  ])
}

@Test func pathsNeitherSideExplainsFallBackToTheChangesListWithAWarning() {
  let report = deep(
    [ContainerChange(path: "/etc/lost", kind: .modified),
     ContainerChange(path: "/opt/ghost", kind: .deleted),
     ContainerChange(path: "/opt/back", kind: .deleted)],
    image: ["/etc/lost": file(0o644, shaA), "/opt/back": file(0o644, shaA)],
    container: ["/opt/back": file(0o644, shaA)])
  #expect(summary(report) == [
    "/etc/lost PLM-DRIFT-003 HIGH",
    "/opt/back PLM-DRIFT-006 MEDIUM",
    "/opt/ghost PLM-DRIFT-006 MEDIUM",
  ])
  #expect(report.findings.allSatisfy { $0.properties["analysis"] == "shallow" })
  #expect(report.warnings.map(\.description) == [
    "c:/etc/lost: reported changed, but the container export does not hold it; reported from the changes list only",
    "c:/opt/back: reported deleted, but the container export still holds it; reported from the changes list only",
    "c:/opt/ghost: reported deleted, but the image does not hold it; reported from the changes list only",
  ])
}

extension String {
  /// Left-pads with zeros to `width`.
  fileprivate func leftPadded(_ width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}
