import Foundation
import PlimsollFindings
@testable import PlimsollHost
import PlimsollTestSupport
import Testing

@Suite struct DaemonJSONParserTests {
  @Test func parsesTheValuesDaemonJSONHolds() throws {
    let value = try DaemonJSONParser.parse(
      """
      {"icc": false, "hosts": ["unix:///var/run/docker.sock"], "max-concurrent-downloads": 3,
       "log-opts": {"max-size": "10m"}, "label": "caf\\u00e9 \\ud83d\\ude00", "x": null, "y": -1.5e3}
      """)
    guard case .object(let members) = value else {
      Issue.record("not an object")
      return
    }
    #expect(members["icc"] == .bool(false))
    #expect(members["hosts"] == .array([.string("unix:///var/run/docker.sock")]))
    #expect(members["max-concurrent-downloads"] == .number("3"))
    #expect(members["label"] == .string("café 😀"))
    #expect(members["x"] == .null)
    #expect(members["y"] == .number("-1.5e3"))
    #expect(members["log-opts"]?.description == "{\"max-size\":\"10m\"}")
  }

  @Test(arguments: [
    ("{\"icc\": false,}", "line 1, column 15: expected a quoted key"),
    ("{\n  \"icc\": False\n}", "line 2, column 10: unexpected character 'F'; expected a value"),
    ("{\"icc\": fals}", "line 1, column 9: invalid literal; expected 'false'"),
    ("{\"icc\": false", "line 1, column 14: unexpected end of file; expected ',' or '}'"),
    ("{\"a\": \"b}", "line 1, column 10: unterminated string"),
    ("{\"a\": 01}", "line 1, column 8: expected ',' or '}' after the value of \"a\""),
    ("{} {}", "line 1, column 4: unexpected text after the JSON value"),
    ("{\"a\" 1}", "line 1, column 6: expected ':' after key \"a\""),
    ("", "line 1, column 1: unexpected end of file; expected a value"),
    ("{'a': 1}", "line 1, column 2: expected a quoted key"),
    ("{\"a\": \"\\q\"}", "line 1, column 8: invalid escape '\\q' in string"),
  ])
  func reportsWhereAndWhatIsWrong(text: String, message: String) {
    #expect(throws: DaemonJSONError.self) { try DaemonJSONParser.parse(text) }
    do {
      _ = try DaemonJSONParser.parse(text)
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func refusesDeepNesting() {
    let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect(throws: DaemonJSONError.self) { try DaemonJSONParser.parse(text) }
  }
}

@Suite struct SystemdUnitTests {
  @Test func joinsContinuationsAndHonoursResets() {
    let text = """
      [Service]
      # ExecStart=/usr/bin/ignored
      ExecStart=/usr/bin/dockerd -H fd:// \\
        --containerd=/run/containerd/containerd.sock
      ExecStart=
      ExecStart = /usr/bin/dockerd --icc=false
      """
    #expect(
      SystemdUnit.execStartAssignments(text).map(SystemdUnit.words)
        == [
          ["/usr/bin/dockerd", "-H", "fd://", "--containerd=/run/containerd/containerd.sock"], [],
          ["/usr/bin/dockerd", "--icc=false"],
        ])
  }

  @Test func splitsWordsAsSystemdDoes() {
    #expect(
      SystemdUnit.words("-/usr/bin/dockerd --label \"a b\" --x='c d' e\\ f")
        == ["/usr/bin/dockerd", "--label", "a b", "--x=c d", "e f"])
  }

  @Test func readsDockerdFlagsAsDaemonJSONKeys() {
    let flags = DaemonSettings.parseFlags([
      "-H", "fd://", "--host=tcp://0.0.0.0:2376", "--icc=false", "--live-restore", "--log-level",
      "warn",
      "--insecure-registry", "a:5000", "--insecure-registry=b:5000", "--unknown", "-s", "overlay2",
    ])
    #expect(flags["hosts"] == .array([.string("fd://"), .string("tcp://0.0.0.0:2376")]))
    #expect(flags["icc"] == .bool(false))
    #expect(flags["live-restore"] == .bool(true))
    #expect(flags["log-level"] == .string("warn"))
    #expect(flags["insecure-registries"] == .array([.string("a:5000"), .string("b:5000")]))
    #expect(flags["storage-driver"] == .string("overlay2"))
  }

  @Test func debugFlagAndSchemelessHostsAreJudged() throws {
    let tree = try HostTree()
    try tree.file(
      "/etc/systemd/system/docker.service",
      "[Service]\nExecStart=/usr/bin/dockerd -D -H unix:///var/run/docker.sock -H 0.0.0.0:2375\n")
    let report = HostAuditor.audit(root: tree.root)
    #expect(report.check("2.3")?.status == .fail)
    #expect(
      report.check("2.3")?.evidence == "/etc/systemd/system/docker.service ExecStart: debug=true")
    #expect(report.check("2.7")?.status == .fail)
    #expect(report.check("2.7")?.evidence?.hasPrefix("hosts=0.0.0.0:2375 but tlsverify") == true)
  }

  @Test func aFlagIsReadBeforeTheFile() {
    let settings = DaemonSettings(
      fileState: .parsed, file: ["icc": .bool(true)],
      flags: ["icc": .bool(false)], flagSource: "/etc/systemd/system/docker.service")
    #expect(settings.bool("icc") == false)
    #expect(
      settings.setting("icc")?.evidence("icc")
        == "/etc/systemd/system/docker.service ExecStart: icc=false")
  }
}

@Suite struct HostFactsTests {
  @Test func auditRulesCoverWatchedPathsAndTheirSubtrees() {
    let rules = AuditRule.parse(
      """
      # comment -w /etc/shadow
      -w /etc/docker/ -p wa -k docker
      -a always,exit -F path=/usr/bin/runc -F perm=x -k docker
      -a always,exit -F dir=/var/lib/docker -F perm=wa
      """, file: "/etc/audit/rules.d/docker.rules")
    #expect(rules.count == 3)
    #expect(rules.first?.line == 2)
    #expect(rules.contains { $0.covers("/etc/docker/daemon.json") })
    #expect(rules.contains { $0.covers("/etc/docker") })
    #expect(!rules.contains { $0.covers("/etc/dockerfile") })
    #expect(rules.contains { $0.covers("/usr/bin/runc") })
    #expect(!rules.contains { $0.covers("/usr/bin/runc/x") })
    #expect(rules.contains { $0.covers("/var/lib/docker/overlay2") })
    #expect(!rules.contains { $0.covers("/etc/shadow") })
  }

  @Test func parsesGroupsUsersAndMounts() {
    let groups = HostGroup.parse("root:x:0:\nbroken\ndocker:x:998:alice, bob\n")
    #expect(
      groups == [
        HostGroup(name: "root", gid: 0, members: []),
        HostGroup(name: "docker", gid: 998, members: ["alice", "bob"]),
      ])
    #expect(
      HostUser.parse("carol:x:1000:998::/home/carol:/bin/sh\nbad:x\n")
        == [HostUser(name: "carol", gid: 998)])
    let mounts = HostMount.parse(
      "# comment\n/dev/sdb1\t/srv/docker\\040data ext4 defaults 0 2\n",
      file: "/etc/fstab")
    #expect(mounts.map(\.mountPoint) == ["/srv/docker data"])
  }
}

@Suite struct HostRootTests {
  @Test func resolvesLinksInsideTheRoot() throws {
    let tree = try HostTree()
    try tree.file("/usr/lib/x/file", "hello")
    try tree.link("/lib", to: "usr/lib")
    try tree.link("/abs", to: "/usr/lib/x")
    try tree.link("/climb", to: "../../../../../../usr/lib/x/file")
    let root = HostRoot(tree.root + "/")
    #expect(
      root.readText("/lib/x/file")
        == .text(
          "hello",
          ResolvedPath(
            hostPath: "/usr/lib/x/file",
            localPath: tree.root + "/usr/lib/x/file")))
    if case .text(_, let resolved) = root.readText("/abs/file") {
      #expect(resolved.hostPath == "/usr/lib/x/file")
    }
    if case .text(_, let resolved) = root.readText("/climb") {
      #expect(resolved.hostPath == "/usr/lib/x/file")
    }
    #expect(root.readText("/usr/lib/x/file/more") == .missing)
    #expect(root.readText("/nothing") == .missing)
    #expect(root.list("/lib") == ["x"])
  }

  @Test func reportsLoopsOversizeAndNonRegularFiles() throws {
    let tree = try HostTree()
    try tree.link("/a", to: "/b")
    try tree.link("/b", to: "a")
    try tree.file("/big", String(repeating: "x", count: 2_000))
    try tree.directory("/dir")
    let root = HostRoot(tree.root)
    guard case .failed(let loop) = root.readText("/a") else {
      Issue.record("a symlink loop was followed")
      return
    }
    #expect(loop.contains("too many levels of symbolic links"))
    #expect(
      root.readText("/big", limit: 1_000) == .failed("/big: larger than 1000 bytes; not read"))
    #expect(root.readText("/dir") == .failed("/dir: not a regular file (directory)"))
  }
}

@Test(arguments: [
  ("29.0.4", FindingStatus.pass), ("28.2.2", .pass), ("27.5.1", .warn),
  ("20.10.24+dfsg1", .warn), ("master-dockerproject-2025", .manual),
])
func engineReleaseAgeDecidesTheVersionCheck(version: String, expected: FindingStatus) throws {
  let scratch = try Scratch()
  let report = HostAuditor.audit(
    root: scratch.path, engine: EngineRelease(version: version, apiVersion: "1.41"))
  let check = try #require(report.findings.first { $0.aliases == ["CIS-1.2.2"] })
  #expect(check.status == expected)
  #expect(check.location?.path == "engine")
  #expect(check.evidence?.hasPrefix("engine \(version) (API 1.41)") == true)
  #expect(check.evidence?.contains("backports") == version.contains("+dfsg"))
}
