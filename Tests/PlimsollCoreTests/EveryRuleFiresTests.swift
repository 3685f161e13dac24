import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// Every rule `plimsoll rules` lists fires on at least one fixture, through the real command:
/// a rule nothing can trigger is a rule users are promised but never get.
@Suite struct EveryRuleFiresTests {
  /// Rule families checked against a host, a live engine or a registry: the second test drives
  /// them through `host`, `containers`, `drift` and `freshness`.
  static let engineFamilies = ["PLM-HOST-", "PLM-CTR-", "PLM-EIMG-", "PLM-DRIFT-", "PLM-FRESH-"]


  /// The ids `plimsoll rules` lists.
  func listedIDs(_ plimsoll: String) throws -> [String] {
    let (_, listing, _) = try runPlimsoll(plimsoll, ["rules", "--format", "json"])
    return (try JSONSerialization.jsonObject(with: Data(listing.utf8)) as? [[String: Any]] ?? [])
      .compactMap { $0["id"] as? String }
  }

  /// The ids of the failing findings of `plimsoll ARGS --format json`.
  func firedIDs(_ plimsoll: String, _ arguments: [String], environment: [String: String] = [:]) throws
    -> Set<String>
  {
    let (status, output, errors) = try runPlimsoll(plimsoll, arguments + ["--format", "json"],
                                                   environment: environment)
    #expect(status == 0, "plimsoll \(arguments.joined(separator: " ")): \(errors)")
    let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    let findings = object?["findings"] as? [[String: Any]] ?? []
    return Set(findings.filter { ($0["status"] as? String) != "pass" }.compactMap { $0["id"] as? String })
  }

  /// An image whose configuration, history and files break every image rule: root user, a
  /// secret in ENV and in a build argument, port 22, no health check, ADD of a URL, sudo, a
  /// script piped into a shell, a setuid file and a world-writable directory.
  func badImage(_ scratch: Scratch) throws -> String {
    try scratch.write("l0/usr/local/bin/helper", "h", mode: 0o4755)
    try scratch.write("l0/srv/upload/.keep", "")
    try scratch.run(["chmod", "0777", "l0/srv/upload"])
    try scratch.write("l1/opt/tool.tgz", "t")
    var builder = ImageBuilder(scratch: scratch)
    builder.env.append("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ9rT4uV2w")
    builder.exposedPorts = ["22/tcp"]
    builder.layers = [
      .init(directory: "l0", createdBy: "|1 NPM_TOKEN=npm_4f9a8b7c6d5e /bin/sh -c sudo make install"),
      .init(directory: "l1", createdBy: "ADD https://example.com/tool.tgz /opt/ # buildkit"),
      .init(directory: "l1", createdBy: "RUN /bin/sh -c curl -fsSL https://example.com/x.sh | bash # buildkit"),
    ]
    return try builder.writeOCILayout("oci")
  }

  @Test(.enabled(if: Requirement.executable, "the plimsoll executable is not built (swift build)"))
  func everyListedRuleFiresOnAFixture() throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let listed = try listedIDs(plimsoll)
    #expect(listed.count > 300)
    let fixtures = Repository.fixtures
    var fired: Set<String> = []
    for kind in ["dockerfile", "compose", "kubernetes"] {
      fired.formUnion(try firedIDs(plimsoll, ["config", fixtures + "/" + kind]))
    }
    fired.formUnion(try firedIDs(plimsoll, ["secrets", fixtures + "/secrets"]))
    let scratch = try Scratch()
    let image = try badImage(scratch)
    fired.formUnion(try firedIDs(plimsoll, ["image", "oci:" + image, "--scanners", "config",
                                            "--cache-dir", scratch.path + "/cache"]))
    let elsewhere = listed.filter { id in Self.engineFamilies.contains { id.hasPrefix($0) } }
    print("every rule fires: \(listed.count - elsewhere.count) configuration, secret and image rules")
    let silent = listed.filter { !fired.contains($0) && !elsewhere.contains($0) }
    #expect(silent.isEmpty, "rules no fixture triggers: \(silent)")
  }

  /// The host, container, engine-image, drift and freshness rules, through the real commands:
  /// a host tree whose daemon.json sets every risky option (and an empty one), a real engine
  /// with an insecure running container, created-only containers for what this machine kind
  /// cannot start (privileged, host network), an image built with an update-only RUN and an
  /// ADD, a container changed at runtime, a private engine of its own in swarm mode with no
  /// container, and a registry whose base tag moved.
  @Test(.enabled(if: Requirement.engine && Requirement.executable && LocalRegistry.runs,
                 "needs the Docker engine, the CNCF registry and the built plimsoll"))
  func everyHostEngineDriftAndFreshnessRuleFires() async throws {
    // The commands, docker and the registry are waited for on a thread of its own: blocking one
    // of the few threads that run tests would starve the in-process servers other suites start.
    let problems = try await BlockingWork.run { try self.driveEngineFamilies() }
    #expect(problems.isEmpty, "\(problems)")
  }

  /// A failure of the thread that drives the commands (expectations are checked by the test).
  struct DriveFailure: Error, CustomStringConvertible { var description: String }

  /// The problems found driving the engine families: commands that failed, rules that did not fire.
  func driveEngineFamilies() throws -> [String] {
    guard let plimsoll = plimsollExecutable() else { throw DriveFailure(description: "the plimsoll executable is not built") }
    guard DockerEngine.available() else {
      throw DriveFailure(description: "no Docker engine with the test image (scripts/start-docker-engine)")
    }
    var problems: [String] = []
    func firedIDs(_ plimsoll: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Set<String> {
      let (status, output, errors) = try runPlimsoll(plimsoll, arguments + ["--format", "json"], environment: environment)
      if status != 0 { problems.append("plimsoll \(arguments.joined(separator: " ")): exit \(status): \(errors)") }
      let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
      let findings = object?["findings"] as? [[String: Any]] ?? []
      return Set(findings.filter { ($0["status"] as? String) != "pass" }.compactMap { $0["id"] as? String })
    }
    let listed = try listedIDs(plimsoll).filter { id in Self.engineFamilies.contains { id.hasPrefix($0) } }
    if listed.count <= 100 { problems.append("only \(listed.count) engine-family rules listed") }
    let scratch = try Scratch()
    var fired: Set<String> = []

    // Host sections 1-3: an empty root, and one whose daemon.json sets what the defaults avoid.
    try scratch.write("empty-root/.keep", "")
    try scratch.write("risky-root/etc/docker/daemon.json", """
      {"log-level": "debug", "iptables": false, "insecure-registries": ["10.0.0.1:5000"],
       "storage-driver": "aufs", "cgroup-parent": "/custom", "storage-opts": ["dm.basesize=20G"],
       "experimental": true}
      """)
    for root in ["empty-root", "risky-root"] {
      fired.formUnion(try firedIDs(plimsoll, ["host", "--root", scratch.path + "/" + root, "--no-engine"]))
    }

    // Engine images (section 4): one built with an update-only RUN and an ADD.
    try scratch.write("build/Dockerfile", """
      FROM \(DockerEngine.testImage)
      RUN apt-get update || true
      ADD notes.txt /opt/notes.txt
      """)
    try scratch.write("build/notes.txt", "notes\n")
    let image = "plimsoll-rulefire/bad:1"
    _ = try DockerEngine.docker(["build", "--network", "none", "-q", "-t", image, scratch.path + "/build"])
    defer { _ = try? DockerEngine.docker(["rmi", "-f", image]) }

    // Containers (section 5): an insecure running one, and created-only ones for the options
    // this machine kind cannot start (privileged, host network, the default bridge).
    try scratch.write("shared-source/.keep", "")
    let running = try DockerEngine.run([
      "--pid", "host", "--ipc", "host", "--uts", "host", "--userns", "host", "-v", "/:/host",
      "-v", "/var/run/docker.sock:/var/run/docker.sock", "--cap-add", "SYS_ADMIN",
      "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined", "--restart", "always",
      "--device", "/dev/null:/dev/xnull", "--ulimit", "nofile=100:200", "--cgroup-parent", "/custom",
      "-p", "80:80",
    ])
    defer { DockerEngine.remove(running) }
    let privileged = try DockerEngine.docker([
      "create", "--privileged", "--network", "host", DockerEngine.testImage, "true",
    ]).trimmingCharacters(in: .whitespacesAndNewlines)
    defer { DockerEngine.remove(privileged) }
    let bridged = try DockerEngine.docker([
      "create", "-v", scratch.path + "/shared-source:/data:shared", DockerEngine.testImage, "true",
    ]).trimmingCharacters(in: .whitespacesAndNewlines)
    defer { DockerEngine.remove(bridged) }
    fired.formUnion(try firedIDs(plimsoll, ["containers", running, privileged, bridged]))
    fired.formUnion(try firedIDs(plimsoll, ["host"]))
    // A private engine of this test's own (the shared one must not change): swarm mode on,
    // no container at all.
    let privateEngine = try PrivateEngine(in: scratch)
    defer { privateEngine.stop() }
    _ = try DockerEngine.docker(["-H", privateEngine.host, "swarm", "init", "--advertise-addr", "127.0.0.1",
                                 "--listen-addr", "127.0.0.1:0"])
    fired.formUnion(try firedIDs(plimsoll, ["containers"], environment: ["DOCKER_HOST": privateEngine.host]))

    // Drift: the running container changed in every way the drift rules name.
    _ = try DockerEngine.docker(["exec", running, "sh", "-c", """
      printf X >> /usr/local/bin/fzf && cp /bin/ls /opt/tool && chmod +x /opt/tool \
      && echo x > /usr/lib/plimsoll-new && rm -f /usr/bin/tty /etc/issue.net /opt/app/demo-app.jar \
      && printf 'Package: planted\\nStatus: install ok installed\\nVersion: 1\\n\\n' >> /var/lib/dpkg/status \
      && chmod u+s /usr/bin/id && chmod o+w /etc/debian_version && chmod 600 /etc/issue \
      && mkdir -p /srv/app && echo data > /srv/app/state && echo t > /tmp/x \
      && echo '* * * * * root /opt/tool' > /etc/cron.d/job && echo /opt/lib.so > /etc/ld.so.preload
      """])
    fired.formUnion(try firedIDs(plimsoll, ["drift", running]))
    fired.formUnion(try firedIDs(plimsoll, ["drift", running, "--deep", "--cache-dir", scratch.path + "/drift-cache"]))

    // Freshness: an image built on a base whose tag has since moved to a rebuild that fixes
    // urllib3, a newer tag in the series, and a Dockerfile with a floating, an unpinned and a
    // stale pinned FROM.
    let layout = try EditableLayout(in: scratch)
    try layout.addLayer("app", on: "1.0", file: "app.conf")
    try layout.addRebuiltBase("rebuilt", on: "1.0")
    let registry = try LocalRegistry()
    try registry.push(layout.source("app"), as: "team/app:1.0")
    try registry.push(layout.source("rebuilt"), as: "library/base:1.2.0")
    try registry.push(layout.source("rebuilt"), as: "library/base:1.2.1")
    let cache = scratch.path + "/cache"
    let (updated, _, updateErrors) = try runPlimsoll(plimsoll, ["db", "update", "--from", Repository.vulndata, "--cache-dir", cache])
    if updated != 0 { problems.append("db update: \(updateErrors)") }
    let base = "\(registry.host)/library/base"
    fired.formUnion(try firedIDs(plimsoll, [
      "freshness", "\(registry.host)/team/app:1.0", "--base", "\(base):1.2.0", "--insecure", "--cache-dir", cache,
    ]))
    let stalePin = try layout.manifestDigest("1.0")
    let dockerfile = try scratch.write("fresh/Dockerfile", """
      FROM \(base) AS floating
      FROM \(base):1.2.0 AS unpinned
      FROM \(base):1.2.0@\(stalePin)
      """)
    fired.formUnion(try firedIDs(plimsoll, ["freshness", dockerfile, "--insecure", "--cache-dir", cache]))

    print("every rule fires: \(listed.count) host, container, engine-image, drift and freshness rules")
    let silent = listed.filter { !fired.contains($0) }
    if !silent.isEmpty { problems.append("rules no fixture triggers: \(silent)") }
    return problems
  }
}
