import Foundation
import PlimsollEngine
import PlimsollFindings
import PlimsollRuntime
import PlimsollTestSupport
import Testing

/// The real-engine proof: containers started on the test engine, inspected with the docker
/// command line, decoded with the model and judged by the checks.
@Suite(.serialized) struct RuntimeEngineTests {
  /// Whether to run; records a failure when the engine is required but missing.
  /// The engine facts as `docker info` reports them.
  func engineFacts() throws -> EngineFacts {
    let options = try DockerEngine.docker(["info", "--format", "{{json .SecurityOptions}}"])
    let swarm = try DockerEngine.docker(["info", "--format", "{{.Swarm.LocalNodeState}}"])
    let list = try JSONDecoder().decode([String].self, from: Data(options.utf8))
    return EngineFacts(securityOptions: list, swarmState: swarm)
  }

  func inspect(_ id: String) throws -> ContainerInspect {
    try RuntimeFixtures.decodeContainer(Data(try DockerEngine.docker(["inspect", id]).utf8))
  }

  /// Statuses of the engine's container, with the engine-dependent 5.2/5.3 taken as the
  /// fixture engine's (no AppArmor, no SELinux) when this engine agrees.
  func audit(_ container: ContainerInspect, engine: EngineFacts) -> [String: FindingStatus] {
    let report = ContainerAuditor.audit([container], engine: engine)
    return statusesByCIS(report, at: "container:" + container.displayName)
  }

  @Test(.enabled(if: Requirement.engine, "no Docker engine with the test image (scripts/start-docker-engine)"))
  func hardenedContainerOnTheRealEngine() throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let id = try DockerEngine.run([
      "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
      "--memory", "64m", "--cpu-shares", "512", "--pids-limit", "64", "--user", "1000",
      "--health-cmd", "true", "--restart", "on-failure:5",
    ])
    defer { DockerEngine.remove(id) }
    let container = try inspect(id)
    let engine = try engineFacts()
    #expect(container.id == id)
    #expect(container.state?.running == true)
    #expect(container.hostConfig.memory == 64 * 1024 * 1024)
    #expect(container.hostConfig.pidsLimit == 64)
    var expected = Expected.hardened
    if engine.has("apparmor") { expected["CIS-5.2"] = .pass }
    if engine.has("selinux") { expected["CIS-5.3"] = .pass }
    #expect(audit(container, engine: engine) == expected)
  }

  @Test(.enabled(if: Requirement.engine, "no Docker engine with the test image (scripts/start-docker-engine)"))
  func insecureContainerOnTheRealEngine() throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let id = try DockerEngine.run([
      "--pid", "host", "--ipc", "host", "--uts", "host", "-v", "/:/host",
      "-v", "/var/run/docker.sock:/var/run/docker.sock", "--cap-add", "SYS_ADMIN",
      "--security-opt", "seccomp=unconfined", "--restart", "always",
      "--device", "/dev/null:/dev/xnull", "--ulimit", "nofile=1024:2048", "--userns", "host",
    ])
    defer { DockerEngine.remove(id) }
    let container = try inspect(id)
    let engine = try engineFacts()
    var expected = Expected.insecure
    if engine.has("apparmor") { expected["CIS-5.2"] = .pass }
    #expect(audit(container, engine: engine) == expected)
    let report = ContainerAuditor.audit([container], engine: engine)
    let location = "container:" + container.displayName
    #expect(
      finding(report, "5.32", at: location)?.evidence
        == "Mounts: /var/run/docker.sock -> /var/run/docker.sock (rw)")
  }

  /// The engine's sandbox cannot start a privileged container, so it is created, not run; its
  /// stored HostConfig is what the checks read.
  @Test(.enabled(if: Requirement.engine, "no Docker engine with the test image (scripts/start-docker-engine)"))
  func privilegedContainerOnTheRealEngine() throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let name = "plimsoll-test-" + UUID().uuidString.prefix(8).lowercased()
    let id = try DockerEngine.docker([
      "create", "--network", "none", "--name", name, "--privileged", "--pid", "host",
      "--ipc", "host", "--uts", "host", "-v", "/:/host",
      "-v", "/var/run/docker.sock:/var/run/docker.sock", "--cap-add", "SYS_ADMIN",
      "--security-opt", "seccomp=unconfined", "--restart", "always",
      DockerEngine.testImage, "sleep", "600",
    ])
    defer { DockerEngine.remove(id) }
    let container = try inspect(id)
    #expect(container.hostConfig.privileged)
    #expect(audit(container, engine: try engineFacts()) == Expected.privileged)
  }

  @Test(.enabled(if: Requirement.engine, "no Docker engine with the test image (scripts/start-docker-engine)"))
  func testImageOnTheRealEngine() throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let json = try DockerEngine.docker(["image", "inspect", DockerEngine.testImage])
    let image = try RuntimeFixtures.decodeImage(Data(json.utf8))
    let history = RuntimeFixtures.historyLines(
      try DockerEngine.docker([
        "history", "--no-trunc", "--format", "{{.CreatedBy}}", DockerEngine.testImage,
      ]))
    #expect(image.repoTags?.contains(DockerEngine.testImage) == true)
    let report = ImageAuditor.audit(
      [(image, history: history)], environment: ["DOCKER_CONTENT_TRUST": "1"])
    #expect(statusesByCIS(report, at: "image:" + DockerEngine.testImage) == expectedTestImage)
    #expect(finding(report, "4.5", at: "environment")?.status == .pass)
  }
}
