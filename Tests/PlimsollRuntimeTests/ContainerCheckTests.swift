import Foundation
import PlimsollEngine
import PlimsollFindings
import PlimsollRuntime
import Testing

@Suite struct ContainerCheckFixtureTests {
  /// Audits one fixture and returns its statuses by CIS alias.
  func audit(_ fixture: String) throws -> (FindingReport, String, [String: FindingStatus]) {
    let container = try RuntimeFixtures.container(fixture)
    let report = ContainerAuditor.audit([container], engine: RuntimeFixtures.engine)
    let location = "container:" + container.displayName
    return (report, location, statusesByCIS(report, at: location))
  }

  @Test func hardenedContainerPassesWhatItCan() throws {
    let (report, location, statuses) = try audit("container-hardened.json")
    #expect(location == "container:plimsoll-fixture-hardened")
    #expect(statuses == Expected.hardened)
    #expect(finding(report, "5.1", at: ContainerAuditor.engineLocation)?.status == .pass)
    #expect(
      finding(report, "5.11", at: location)?.evidence == "HostConfig.Memory=67108864 (64 MiB)")
    #expect(
      finding(report, "5.15", at: location)?.evidence
        == "HostConfig.RestartPolicy=on-failure, MaximumRetryCount=5")
    #expect(finding(report, "5.27", at: location)?.evidence == "State.Health.Status=starting")
  }

  @Test func insecureContainerFailsEachOption() throws {
    let (report, location, statuses) = try audit("container-insecure.json")
    #expect(statuses == Expected.insecure)
    #expect(finding(report, "5.4", at: location)?.evidence == "HostConfig.CapAdd: SYS_ADMIN")
    #expect(finding(report, "5.6", at: location)?.evidence == "Mounts: / -> /host (rw)")
    #expect(
      finding(report, "5.32", at: location)?.evidence
        == "Mounts: /var/run/docker.sock -> /var/run/docker.sock (rw)")
    #expect(finding(report, "5.16", at: location)?.evidence == "HostConfig.PidMode=host")
    #expect(
      finding(report, "5.22", at: location)?.evidence
        == "HostConfig.SecurityOpt: seccomp=unconfined")
    #expect(
      finding(report, "5.15", at: location)?.evidence
        == "HostConfig.RestartPolicy.Name=always (restarts without limit)")
    #expect(
      finding(report, "5.18", at: location)?.evidence
        == "HostConfig.Devices: /dev/null -> /dev/xnull (rwm)")
    #expect(finding(report, "4.1", at: location)?.evidence == "Config.User=\"\" (root)")
  }

  @Test func privilegedContainerIsCritical() throws {
    let (report, location, statuses) = try audit("container-privileged-created.json")
    #expect(statuses == Expected.privileged)
    let privileged = finding(report, "5.5", at: location)
    #expect(privileged?.evidence == "HostConfig.Privileged=true")
    #expect(privileged?.severity == .critical)
    #expect(privileged?.id == "PLM-CTR-005")
    #expect(privileged?.kind == .container)
  }

  @Test func hostNetworkFailsOnlyTheNetworkCheck() throws {
    let (report, location, statuses) = try audit("container-hostnet.json")
    #expect(statuses == Expected.with(Expected.hardened, ["5.10": .fail, "5.9": .info]))
    #expect(finding(report, "5.10", at: location)?.evidence == "HostConfig.NetworkMode=host")
  }

  @Test func publishedPortsAreJudgedFromTheLiveBindings() throws {
    let (report, location, statuses) = try audit("container-published.json")
    #expect(
      statuses
        == Expected.with(
          Expected.hardened, ["5.8": .fail, "5.9": .info, "5.14": .fail, "5.30": .warn]))
    #expect(
      finding(report, "5.8", at: location)?.evidence
        == "NetworkSettings.Ports: 80/tcp -> 0.0.0.0:80, 80/tcp -> [::]:80")
    #expect(
      finding(report, "5.9", at: location)?.evidence
        == "NetworkSettings.Ports: 80/tcp -> 0.0.0.0:80, 80/tcp -> [::]:80, 8443/tcp -> 127.0.0.1:8443"
    )
    #expect(
      finding(report, "5.14", at: location)?.evidence
        == "NetworkSettings.Ports: 80/tcp -> 0.0.0.0:80, 80/tcp -> [::]:80")
  }

  @Test func edgeCasesReachTheRemainingVerdicts() throws {
    let (report, location, statuses) = try audit("container-edge.json")
    #expect(
      statuses
        == Expected.with(
          Expected.hardened,
          [
            "5.2": .fail, "5.6": .warn, "5.7": .fail, "5.11": .fail, "5.12": .fail,
            "5.15": .fail, "5.20": .fail, "5.23": .warn, "5.24": .warn, "5.25": .warn,
            "5.26": .fail, "5.27": .fail, "5.29": .fail, "5.32": .fail, "4.1": .fail,
          ]))
    #expect(
      finding(report, "5.7", at: location)?.evidence
        == "the container's command runs /usr/sbin/sshd")
    #expect(finding(report, "5.6", at: location)?.evidence == "Mounts: /etc/ssl -> /etc/ssl (ro)")
    #expect(finding(report, "5.32", at: location)?.evidence == "Mounts: /run -> /hostrun (ro)")
    #expect(
      finding(report, "5.26", at: location)?.evidence
        == "HostConfig.SecurityOpt: no-new-privileges=false")
    #expect(
      finding(report, "5.29", at: location)?.evidence
        == "HostConfig.PidsLimit=-1 (unlimited)")
  }

  @Test func oneFindingPerContainerAndCheck() throws {
    let containers = try ["container-hardened.json", "container-insecure.json"].map(
      RuntimeFixtures.container)
    let report = ContainerAuditor.audit(containers, engine: RuntimeFixtures.engine)
    // 1 engine-wide check (5.1) + 32 per-container checks (5.2-5.32, 4.1) per container.
    #expect(report.findings.count == 1 + 2 * 32)
    #expect(report.findings.allSatisfy { $0.kind == .container })
    #expect(
      Set(report.findings.compactMap(\.location?.path)) == [
        "engine", "container:plimsoll-fixture-hardened", "container:plimsoll-fixture-insecure",
      ])
  }
}

@Suite struct ContainerCheckRuleTests {
  func container(
    mounts: [ContainerInspect.Mount] = [], binds: [String] = [],
    configure: (inout ContainerInspect) -> Void = { _ in }
  ) -> ContainerInspect {
    var container = ContainerInspect(
      id: "c0ffee", name: "/unit", image: "sha256:abc",
      hostConfig: ContainerInspect.HostConfig(binds: binds), mounts: mounts)
    configure(&container)
    return container
  }

  func status(
    _ cis: String, _ container: ContainerInspect, engine: EngineFacts = RuntimeFixtures.engine
  )
    -> FindingStatus?
  {
    let report = ContainerAuditor.audit([container], engine: engine)
    return finding(report, cis, at: "container:unit")?.status
  }

  @Test(arguments: [
    ("/var/run/docker.sock", "/var/run/docker.sock", FindingStatus.fail),
    ("/run/docker.sock", "/docker.sock", .fail),
    ("/home/ci/.docker/run/docker.sock", "/sock", .fail),
    ("/srv/sock", "/var/run/docker.sock", .fail),
    ("/var/run", "/hostrun", .fail),
    ("/run/", "/hostrun", .fail),
    ("/srv/docker.sock.bak", "/backup", .pass),
    ("/srv/data", "/data", .pass),
  ])
  func dockerSocketMounts(source: String, destination: String, expected: FindingStatus) {
    let mount = ContainerInspect.Mount(source: source, destination: destination)
    #expect(status("5.32", container(mounts: [mount])) == expected)
  }

  @Test func dockerSocketInBindsOnlyIsFound() {
    #expect(status("5.32", container(binds: ["/run/docker.sock:/var/run/docker.sock:ro"])) == .fail)
  }

  @Test(arguments: [
    ("/", true, FindingStatus.fail),
    ("//", true, .fail),
    ("/etc/", true, .fail),
    ("/usr/local/share", true, .fail),
    ("/proc", false, .warn),
    ("/sys/fs/cgroup", false, .warn),
    ("/var/lib/data", true, .pass),
    ("/etcetera", true, .pass),
  ])
  func sensitiveDirectories(source: String, writable: Bool, expected: FindingStatus) {
    let mount = ContainerInspect.Mount(source: source, destination: "/mnt", rw: writable)
    #expect(status("5.6", container(mounts: [mount])) == expected)
  }

  @Test func volumesAreNotHostDirectories() {
    let volume = ContainerInspect.Mount(
      type: "volume", name: "data", source: "/var/lib/docker/volumes/data/_data",
      destination: "/etc")
    #expect(status("5.6", container(mounts: [volume])) == .pass)
  }

  @Test(arguments: [
    ([String](), [String](), FindingStatus.warn),
    ([], ["NET_RAW"], .pass),
    ([], ["net_raw"], .pass),
    (["CAP_NET_RAW"], ["ALL"], .warn),
    (["NET_ADMIN"], ["ALL"], .fail),
    (["ALL"], [], .fail),
    (["chown", "CAP_KILL"], ["NET_RAW"], .pass),
  ])
  func capabilities(added: [String], dropped: [String], expected: FindingStatus) {
    let subject = container {
      $0.hostConfig.capAdd = added
      $0.hostConfig.capDrop = dropped
    }
    #expect(status("5.4", subject) == expected)
  }

  @Test(arguments: [
    (nil as String?, 0, FindingStatus.pass),
    ("no", 0, .pass),
    ("on-failure", 3, .pass),
    ("on-failure", 5, .pass),
    ("on-failure", 6, .fail),
    ("on-failure", 0, .fail),
    ("always", 0, .fail),
    ("unless-stopped", 0, .fail),
  ])
  func restartPolicies(name: String?, retries: Int, expected: FindingStatus) {
    let subject = container {
      $0.hostConfig.restartPolicy = name.map {
        ContainerInspect.RestartPolicy(name: $0, maximumRetryCount: retries)
      }
    }
    #expect(status("5.15", subject) == expected)
  }

  @Test(arguments: [
    ("", FindingStatus.fail), ("root", .fail), ("0", .fail), ("0:0", .fail),
    ("root:wheel", .fail), ("1000", .pass), ("app", .pass), ("1000:0", .pass),
  ])
  func rootUser(user: String, expected: FindingStatus) {
    #expect(status("4.1", container { $0.config.user = user }) == expected)
  }

  @Test func appArmorIsJudgedAgainstTheEngine() {
    let apparmor = EngineFacts(securityOptions: ["name=apparmor", "name=seccomp,profile=default"])
    #expect(status("5.2", container(), engine: apparmor) == .fail)
    #expect(
      status("5.2", container { $0.appArmorProfile = "docker-default" }, engine: apparmor)
        == .pass)
    #expect(status("5.2", container(), engine: RuntimeFixtures.engine) == .info)
    #expect(status("5.2", container(), engine: EngineFacts()) == .manual)
  }

  @Test func seLinuxIsJudgedAgainstTheEngine() {
    let selinux = EngineFacts(securityOptions: ["name=selinux", "name=seccomp,profile=default"])
    #expect(status("5.3", container(), engine: selinux) == .fail)
    #expect(
      status(
        "5.3", container { $0.processLabel = "system_u:system_r:container_t:s0:c1,c2" },
        engine: selinux) == .pass)
    #expect(
      status(
        "5.3", container { $0.hostConfig.securityOpt = ["label:disable"] },
        engine: selinux) == .fail)
  }

  @Test func seccompFailsWhenTheEngineHasNone() {
    let noSeccomp = EngineFacts(securityOptions: ["name=apparmor"])
    #expect(status("5.22", container(), engine: noSeccomp) == .fail)
    #expect(
      status("5.22", container { $0.hostConfig.securityOpt = ["seccomp:unconfined"] })
        == .fail)
    #expect(
      status("5.22", container { $0.hostConfig.securityOpt = ["seccomp=/etc/p.json"] })
        == .pass)
  }

  @Test func daemonWideNoNewPrivilegesPasses() {
    let engine = EngineFacts(
      securityOptions: ["name=seccomp,profile=default"], noNewPrivilegesByDefault: true)
    #expect(status("5.26", container(), engine: engine) == .pass)
    #expect(status("5.26", container()) == .fail)
  }

  @Test func cgroupParentMatchingTheDaemonDefaultPasses() {
    let engine = EngineFacts(securityOptions: ["name=seccomp"], defaultCgroupParent: "/docker")
    #expect(
      status("5.25", container { $0.hostConfig.cgroupParent = "/docker" }, engine: engine)
        == .pass)
    #expect(
      status("5.25", container { $0.hostConfig.cgroupParent = "/other" }, engine: engine)
        == .warn)
  }

  @Test func cpuPriorityAcceptsAnyLimit() {
    #expect(status("5.12", container { $0.hostConfig.cpuShares = 1024 }) == .fail)
    #expect(status("5.12", container { $0.hostConfig.nanoCpus = 500_000_000 }) == .pass)
    #expect(status("5.12", container { $0.hostConfig.cpuQuota = 50_000 }) == .pass)
    #expect(status("5.12", container { $0.hostConfig.cpusetCpus = "0" }) == .pass)
  }

  @Test func sharedPropagationInBindsIsFound() {
    #expect(status("5.20", container(binds: ["/srv/data:/data:rw,shared"])) == .fail)
    #expect(status("5.20", container(binds: ["/srv/data:/data:rslave"])) == .pass)
  }

  @Test(arguments: [
    (nil as String?, FindingStatus.manual), ("inactive", .pass), ("active", .warn),
    ("locked", .warn),
  ])
  func swarmMode(state: String?, expected: FindingStatus) {
    let report = ContainerAuditor.audit([], engine: EngineFacts(swarmState: state))
    #expect(finding(report, "5.1", at: "engine")?.status == expected)
  }

  @Test func noContainersIsReportedNotSilent() {
    let report = ContainerAuditor.audit([], engine: RuntimeFixtures.engine)
    #expect(report.findings.map(\.id) == ["PLM-CTR-001", "PLM-CTR-000"])
    #expect(report.findings.last?.status == .info)
    #expect(report.findings.last?.evidence?.contains("no running containers") == true)
  }
}

@Suite struct RuntimeRuleTableTests {
  @Test func tableCoversSectionsFourAndFiveOnce() {
    let infos = RuntimeChecks.infos
    #expect(Set(infos.map(\.id)).count == infos.count)
    #expect(infos.count == 1 + 33 + 12)
    let aliases = Set(infos.flatMap(\.aliases))
    for number in 1...32 { #expect(aliases.contains("CIS-5.\(number)")) }
    for number in 1...12 { #expect(aliases.contains("CIS-4.\(number)")) }
    #expect(infos.allSatisfy { $0.references.first == RuntimeBenchmark.reference })
    #expect(infos.allSatisfy { !$0.title.isEmpty && !$0.remediation.isEmpty })
  }

  @Test func idsFollowTheCISNumbers() {
    let byID = Dictionary(uniqueKeysWithValues: RuntimeChecks.infos.map { ($0.id, $0) })
    #expect(byID["PLM-CTR-005"]?.aliases == ["CIS-5.5"])
    #expect(byID["PLM-CTR-032"]?.aliases == ["CIS-5.32"])
    #expect(byID["PLM-CTR-033"]?.aliases == ["CIS-4.1"])
    #expect(byID["PLM-EIMG-009"]?.aliases == ["CIS-4.9"])
    #expect(byID["PLM-CTR-032"]?.severity == .critical)
    #expect(byID["PLM-CTR-006"]?.severity == .critical)
    #expect(byID["PLM-CTR-010"]?.severity == .high)
    #expect(byID["PLM-CTR-016"]?.severity == .high)
  }
}

@Suite struct EngineFactsTests {
  @Test func factsFromTheEngineInfo() throws {
    let facts = try EngineFacts(engineInfo: RuntimeFixtures.data("info.json"))
    #expect(facts.securityOptions == ["name=seccomp,profile=default"])
    #expect(facts.swarmState == "inactive")
    #expect(facts.has("seccomp"))
    #expect(!facts.has("apparmor"))
    #expect(facts == RuntimeFixtures.engine)
  }

  @Test func malformedInfoIsADecodingError() {
    #expect(throws: DecodingError.self) {
      _ = try EngineFacts(engineInfo: Data(#"{"SecurityOptions":"name=seccomp"}"#.utf8))
    }
    #expect(throws: DecodingError.self) { _ = try EngineFacts(engineInfo: Data("[".utf8)) }
  }

  @Test func findingsNameTheContainerAndImage() throws {
    let container = try RuntimeFixtures.container("container-hardened.json")
    let report = ContainerAuditor.audit([container], engine: RuntimeFixtures.engine)
    let perContainer = report.findings.filter { $0.location?.path != "engine" }
    #expect(
      perContainer.allSatisfy {
        $0.properties == [
          "container.id": "5b0231e84ce6", "container.image": "plimsoll/test-image:1.0",
        ]
      })
  }
}
