import Foundation
import PlimsollFindings
import PlimsollHost
import Testing

/// A well-configured Docker host: every section 1-3 check that can pass does.
func goodHost() throws -> HostTree {
  let tree = try HostTree()
  try tree.file(
    "/etc/docker/daemon.json",
    """
    {
      "icc": false,
      "log-level": "info",
      "userns-remap": "default",
      "live-restore": true,
      "userland-proxy": false,
      "no-new-privileges": true,
      "default-ulimits": {"nofile": {"Name": "nofile", "Hard": 64000, "Soft": 64000}},
      "authorization-plugins": ["authz-broker"],
      "log-driver": "syslog",
      "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],
      "tlsverify": true,
      "tlscacert": "/etc/docker/tls/ca.pem",
      "tlscert": "/etc/docker/tls/server.pem",
      "tlskey": "/etc/docker/tls/server-key.pem",
      "seccomp-profile": "/etc/docker/seccomp.json"
    }
    """)
  try tree.directory("/etc/docker", mode: 0o755)
  try tree.file("/etc/docker/seccomp.json", "{}")
  try tree.file("/etc/docker/tls/ca.pem", "ca", mode: 0o444)
  try tree.file("/etc/docker/tls/server.pem", "cert", mode: 0o444)
  try tree.file("/etc/docker/tls/server-key.pem", "key", mode: 0o400)
  try tree.file("/etc/docker/certs.d/registry.example:5000/ca.crt", "ca", mode: 0o444)
  try tree.file("/etc/docker/certs.d/registry.example:5000/client.cert", "cert", mode: 0o444)
  // Merged /usr: /lib is a relative link to usr/lib, /var/run an absolute link to /run.
  try tree.link("/lib", to: "usr/lib")
  try tree.link("/var/run", to: "/run")
  try tree.file(
    "/usr/lib/systemd/system/docker.service",
    """
    [Service]
    Type=notify
    # flags live in daemon.json
    ExecStart=/usr/bin/dockerd --containerd=/run/containerd/containerd.sock
    """)
  try tree.file(
    "/usr/lib/systemd/system/docker.socket", "[Socket]\nListenStream=/run/docker.sock\n")
  try tree.file("/usr/bin/dockerd", "", mode: 0o755)
  try tree.file("/usr/bin/containerd", "", mode: 0o755)
  try tree.file("/usr/sbin/runc", "", mode: 0o755)
  try tree.directory("/var/lib/docker", mode: 0o710)
  try tree.file("/etc/default/docker", "DOCKER_OPTS=\n")
  try tree.file(
    "/etc/audit/rules.d/docker.rules",
    """
    # Docker (CIS 1.1)
    -w /usr/bin/dockerd -p rwxa -k docker
    -w /run/containerd -p rwxa -k docker
    -a always,exit -F dir=/var/lib/docker -F perm=war -k docker
    -w /etc/docker -p rwxa -k docker
    -w /lib/systemd/system/docker.service -p rwxa -k docker
    -w /run/containerd/containerd.sock -p rwxa -k docker
    -w /usr/lib/systemd/system/docker.socket -p rwxa -k docker
    -w /etc/default/docker -p rwxa -k docker
    -w /usr/bin/containerd -p rwxa -k docker
    -a always,exit -F path=/usr/sbin/runc -F perm=x -k docker
    """)
  try tree.file(
    "/etc/fstab",
    """
    # <file system> <mount point> <type> <options> <dump> <pass>
    UUID=1111 / ext4 errors=remount-ro 0 1
    /dev/mapper/vg0-docker /var/lib/docker ext4 defaults 0 2
    """)
  try tree.file("/etc/group", "root:x:0:\ndocker:x:998:\n")
  try tree.file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
  try tree.socket("/run/docker.sock", mode: 0o660, uid: 0, gid: 998)
  try tree.socket("/run/containerd/containerd.sock", mode: 0o660)
  try tree.file(
    "/var/lib/dpkg/status",
    """
    Package: docker.io
    Status: install ok installed
    Version: 26.1.5+dfsg1-9+b9

    """)
  return tree
}

/// A badly configured host: daemon settings, permissions, owners, group and audit all wrong.
func badHost() throws -> HostTree {
  let tree = try HostTree()
  try tree.file(
    "/etc/docker/daemon.json",
    """
    {
      "icc": true,
      "log-level": "debug",
      "iptables": false,
      "storage-driver": "aufs",
      "experimental": true,
      "seccomp-profile": "unconfined",
      "cgroup-parent": "/custom",
      "storage-opts": ["dm.basesize=50G"],
      "live-restore": false
    }
    """, mode: 0o666, uid: 1000, gid: 1000)
  try tree.directory("/etc/docker", mode: 0o777)
  try tree.file(
    "/etc/systemd/system/docker.service",
    """
    [Service]
    ExecStart=/usr/bin/dockerd -H fd://
    """, mode: 0o666, uid: 1000, gid: 1000)
  try tree.file(
    "/etc/systemd/system/docker.service.d/override.conf",
    """
    [Service]
    ExecStart=
    ExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375 \\
      --insecure-registry 10.0.0.5:5000 --userland-proxy=true
    """)
  try tree.file("/etc/docker/certs.d/registry.example/ca.crt", "ca", mode: 0o644, uid: 1000)
  try tree.file("/usr/bin/dockerd", "", mode: 0o755)
  try tree.file("/etc/group", "root:x:0:\ndocker:x:998:alice,bob\n")
  try tree.file("/etc/passwd", "root:x:0:0::/root:/bin/sh\ncarol:x:1002:998::/home/carol:/bin/sh\n")
  try tree.file("/etc/fstab", "UUID=1111 / ext4 defaults 0 1\n")
  try tree.socket("/var/run/docker.sock", mode: 0o666, uid: 0, gid: 0)
  return tree
}

@Suite struct HostAuditorTests {
  @Test func goodHostPassesEveryDecidableCheck() throws {
    let tree = try goodHost()
    let report = HostAuditor.audit(root: tree.root)
    #expect(report.warnings.isEmpty)
    let statuses = report.statusByCIS
    let passing = [
      "1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5", "1.1.6", "1.1.7", "1.1.8", "1.1.9",
      "1.1.10", "1.1.11", "1.1.14", "1.1.18",
      "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "2.10", "2.11", "2.12",
      "2.13", "2.14", "2.15", "2.16", "2.17", "2.18",
      "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11",
      "3.12", "3.13", "3.14", "3.15", "3.16", "3.17", "3.18", "3.19", "3.20", "3.23", "3.24",
    ]
    // Without root the fixture cannot be chowned, so ownership checks are left out.
    let ownership: Set<String> = [
      "3.1", "3.3", "3.5", "3.7", "3.9", "3.11", "3.13", "3.15", "3.17",
      "3.19", "3.23",
    ]
    for cis in passing where runningAsRoot || !ownership.contains(cis) {
      #expect(statuses[cis] == .pass, "CIS \(cis): \(report.check(cis)?.evidence ?? "missing")")
    }
    // Files that are not installed: nothing to audit or check.
    for cis in ["1.1.12", "1.1.13", "1.1.15", "1.1.16", "1.1.17", "3.21", "3.22"] {
      #expect(statuses[cis] == .info, "CIS \(cis): \(report.check(cis)?.evidence ?? "missing")")
    }
    for cis in ["1.2.1", "1.2.2", "2.1"] { #expect(statuses[cis] == .manual) }
    #expect(report.finding(id: "PLM-HOST-021")?.status == .pass)
    #expect(report.check("1.2.2")?.evidence?.contains("docker.io 26.1.5+dfsg1-9+b9") == true)
    // Evidence names the file and the value; locations are host paths, not scratch paths.
    let icc = try #require(report.check("2.2"))
    #expect(icc.evidence == "/etc/docker/daemon.json: icc=false")
    #expect(icc.location?.path == "/etc/docker/daemon.json")
    #expect(icc.kind == .host)
    // The unit was found through the relative /lib link and reported by its real path.
    #expect(
      report.check("3.1")?.evidence?.contains("/usr/lib/systemd/system/docker.service") == true)
    // The socket was found through the absolute /var/run link, re-rooted.
    #expect(report.check("3.16")?.evidence == "/var/run/docker.sock (/run/docker.sock): mode 0660")
    #expect(report.check("1.1.18")?.evidence?.contains("/usr/sbin/runc") == true)
    #expect(report.findings.allSatisfy { $0.location?.path.hasPrefix(tree.root) == false })
  }

  @Test func badHostFailsWithEvidence() throws {
    let tree = try badHost()
    let report = HostAuditor.audit(root: tree.root)
    let statuses = report.statusByCIS
    for cis in [
      "1.1.1", "1.1.3", "1.1.6", "1.1.7", "1.1.11",
      "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.9", "2.12", "2.13", "2.14", "2.15",
      "2.16", "2.17", "2.18", "3.2", "3.6", "3.8", "3.16", "3.18",
    ] {
      #expect(statuses[cis] == .fail, "CIS \(cis): \(report.check(cis)?.evidence ?? "missing")")
    }
    #expect(statuses["1.1.2"] == .warn)
    #expect(report.check("1.1.2")?.evidence?.contains("alice, bob, carol") == true)
    #expect(statuses["1.1.12"] == .info)
    #expect(statuses["2.10"] == .manual)
    #expect(statuses["2.11"] == .warn)
    #expect(statuses["2.8"] == .manual)
    #expect(report.check("1.1.3")?.evidence?.contains("no audit rules") == true)
    #expect(report.check("2.3")?.evidence == "/etc/docker/daemon.json: log-level=\"debug\"")
    // Flags from the drop-in's ExecStart (after the reset) count as settings.
    let tls = try #require(report.check("2.7"))
    #expect(tls.evidence?.contains("tcp://0.0.0.0:2375") == true)
    #expect(tls.evidence?.contains("tlsverify") == true)
    #expect(tls.location?.path == "/etc/systemd/system/docker.service.d/override.conf")
    #expect(report.check("2.5")?.evidence?.contains("insecure-registries=10.0.0.5:5000") == true)
    #expect(
      report.check("2.16")?.evidence
        == "/etc/systemd/system/docker.service.d/override.conf ExecStart: userland-proxy=true")
    #expect(report.check("3.2")?.evidence == "/etc/systemd/system/docker.service: mode 0666")
    #expect(report.check("3.6")?.evidence == "/etc/docker: mode 0777")
    #expect(report.check("3.16")?.evidence == "/var/run/docker.sock: mode 0666")
  }

  @Test(.enabled(if: runningAsRoot)) func badOwnershipFails() throws {
    let tree = try badHost()
    let report = HostAuditor.audit(root: tree.root)
    #expect(report.check("3.1")?.status == .fail)
    #expect(
      report.check("3.1")?.evidence
        == "/etc/systemd/system/docker.service: owner uid 1000, group gid 1000")
    #expect(report.check("3.17")?.status == .fail)
    #expect(report.check("3.7")?.status == .fail)
    #expect(report.check("3.7")?.location?.path == "/etc/docker/certs.d/registry.example/ca.crt")
    // root:root on the docker socket is stricter than root:docker and passes.
    #expect(report.check("3.15")?.status == .pass)
    #expect(report.check("3.5")?.status == .pass)
  }

  @Test func malformedDaemonJSONFailsNamingTheProblem() throws {
    let tree = try HostTree()
    try tree.file(
      "/etc/docker/daemon.json",
      """
      {
        "icc": false,
        "log-level": "info"
        "live-restore": true
      }
      """)
    let report = HostAuditor.audit(root: tree.root)
    let parse = try #require(report.finding(id: "PLM-HOST-021"))
    #expect(parse.status == .fail)
    #expect(parse.location?.path == "/etc/docker/daemon.json")
    #expect(
      parse.evidence == "/etc/docker/daemon.json: not valid JSON: line 4, column 3: "
        + "expected ',' or '}' after the value of \"log-level\"")
    // Settings in an unreadable file are unknown, not defaults.
    #expect(report.check("2.2")?.status == .manual)
    #expect(report.check("2.15")?.status == .manual)
    #expect(report.check("3.9")?.status == .info)
  }

  @Test func flagsFromAnEnvironmentFileCount() throws {
    let tree = try HostTree()
    try tree.file(
      "/lib/systemd/system/docker.service",
      """
      [Service]
      Environment="EXTRA=--no-new-privileges"
      EnvironmentFile=-/etc/default/docker
      EnvironmentFile=-/etc/default/missing
      ExecStart=/usr/bin/dockerd $DOCKER_OPTS $EXTRA --log-driver=${DRIVER}
      """)
    try tree.file(
      "/etc/default/docker",
      """
      # Options for dockerd
      DOCKER_OPTS="--icc=false --userland-proxy=false -H tcp://0.0.0.0:2376 --tlsverify --tlscacert=/etc/docker/ca.pem"
      export DRIVER=journald
      """)
    let report = HostAuditor.audit(root: tree.root)
    #expect(report.warnings.isEmpty)
    let source = "/lib/systemd/system/docker.service ExecStart"
    #expect(report.check("2.2")?.status == .pass)
    #expect(report.check("2.2")?.evidence == "\(source): icc=false")
    #expect(report.check("2.16")?.status == .pass)
    #expect(report.check("2.14")?.status == .pass)
    #expect(report.check("2.13")?.evidence == "\(source): log-driver=\"journald\"")
    #expect(report.check("2.7")?.status == .fail)
    #expect(report.check("2.7")?.evidence == "hosts=tcp://0.0.0.0:2376 but tlscert, tlskey not set")
    #expect(report.check("3.10")?.status == .warn)
    #expect(
      report.check("3.10")?.evidence == "tlscacert names /etc/docker/ca.pem, which is not present")
  }

  @Test func aDaemonJSONThatIsNotAnObjectOrNotAFileFails() throws {
    let array = try HostTree()
    try array.file("/etc/docker/daemon.json", "[\"icc\"]")
    let arrayReport = HostAuditor.audit(root: array.root)
    #expect(arrayReport.finding(id: "PLM-HOST-021")?.status == .fail)
    #expect(
      arrayReport.finding(id: "PLM-HOST-021")?.evidence
        == "/etc/docker/daemon.json: the top-level value is not a JSON object")
    let directory = try HostTree()
    try directory.directory("/etc/docker/daemon.json")
    let directoryReport = HostAuditor.audit(root: directory.root)
    #expect(directoryReport.finding(id: "PLM-HOST-021")?.status == .fail)
    #expect(
      directoryReport.finding(id: "PLM-HOST-021")?.evidence
        == "/etc/docker/daemon.json: not a regular file (directory)")
    #expect(directoryReport.warnings.map(\.input) == ["/etc/docker/daemon.json"])
  }

  @Test func aMaskedUnitIsNotRead() throws {
    let tree = try HostTree()
    try tree.file("/dev/null", "", mode: 0o666)
    try tree.link("/etc/systemd/system/docker.service", to: "/dev/null")
    try tree.file(
      "/lib/systemd/system/docker.service", "[Service]\nExecStart=/usr/bin/dockerd --icc=false\n")
    let report = HostAuditor.audit(root: tree.root)
    #expect(report.check("2.2")?.status == .fail)
    #expect(report.check("3.2")?.status == .pass)
    #expect(report.check("3.2")?.evidence == "/lib/systemd/system/docker.service: mode 0644")
  }

  @Test func dataRootMovesThePartitionAndAuditTargets() throws {
    let tree = try HostTree()
    try tree.file("/etc/docker/daemon.json", "{\"data-root\": \"/srv/docker\"}")
    try tree.directory("/srv/docker")
    try tree.file("/etc/fstab", "/dev/sdb1 /srv/docker/ xfs defaults 0 2\n")
    try tree.file("/etc/audit/audit.rules", "-w /srv/docker -k docker\n")
    let report = HostAuditor.audit(root: tree.root)
    #expect(report.check("1.1.1")?.status == .pass)
    #expect(report.check("1.1.1")?.evidence == "/etc/fstab: /dev/sdb1 is mounted on /srv/docker")
    #expect(report.check("1.1.5")?.status == .pass)
    #expect(report.check("1.1.5")?.evidence == "/etc/audit/audit.rules:1 audits /srv/docker")
  }

  @Test func emptyRootGivesAStatusForEveryCheck() throws {
    let tree = try HostTree()
    let report = HostAuditor.audit(root: tree.root)
    #expect(report.findings.count == HostChecks.all.count)
    #expect(report.check("1.1.1")?.status == .manual)
    #expect(report.check("1.1.2")?.status == .manual)
    #expect(report.check("3.1")?.status == .info)
    #expect(report.finding(id: "PLM-HOST-021")?.status == .info)
    #expect(report.check("2.3")?.status == .pass)
    #expect(report.check("2.2")?.status == .fail)
  }

  @Test func symlinksOutOfTheRootAreNotFollowed() throws {
    let outside = try HostTree()
    try outside.file("/daemon.json", "{\"icc\": false, \"live-restore\": true}")
    try outside.file("/group", "docker:x:998:mallory\n")
    let tree = try HostTree()
    // An absolute link is re-rooted; a relative one climbs no higher than the root.
    try tree.link("/etc/docker/daemon.json", to: outside.root + "/daemon.json")
    let climbs = String(repeating: "../", count: 12)
    try tree.link("/etc/group", to: climbs + String(outside.root.dropFirst()) + "/group")
    let report = HostAuditor.audit(root: tree.root)
    #expect(report.finding(id: "PLM-HOST-021")?.status == .info)
    #expect(report.check("2.2")?.status == .fail)
    #expect(report.check("1.1.2")?.status == .manual)
    #expect(report.check("3.17")?.status == .info)
    let root = HostRoot(tree.root)
    #expect(root.readText("/etc/docker/daemon.json") == .missing)
    #expect(root.readText("/etc/group") == .missing)
  }

  @Test func theCheckTableIsWellFormed() {
    let infos = HostChecks.infos
    #expect(infos.count >= 50)
    #expect(Set(infos.map(\.id)).count == infos.count)
    #expect(infos.allSatisfy { $0.kind == .host && $0.id.hasPrefix("PLM-HOST-") })
    let cis = infos.flatMap(\.aliases)
    #expect(Set(cis).count == cis.count)
    #expect(cis.count == infos.count - 1)
    // Every numbered check of CIS Docker Benchmark v1.6 sections 1-3, in order.
    let expected =
      (1...18).map { "CIS-1.1.\($0)" } + ["CIS-1.2.1", "CIS-1.2.2"]
      + (1...18).map { "CIS-2.\($0)" } + (1...24).map { "CIS-3.\($0)" }
    #expect(cis == expected)
  }

  @Test func thisMachineAuditsWithoutCrashing() {
    let report = HostAuditor.audit(root: "/")
    #expect(report.findings.count == HostChecks.all.count)
    let allowed: Set<FindingStatus> = [.pass, .fail, .warn, .info, .manual]
    #expect(
      report.findings.allSatisfy { allowed.contains($0.status) && $0.evidence?.isEmpty == false })
  }
}
