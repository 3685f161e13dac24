import Foundation
import PlimsollTestSupport
import Testing

/// `plimsoll containers`, `plimsoll drift` and `plimsoll host` through the built executable,
/// against the real Docker engine, with containers this test starts (`--network none`).
@Suite(.serialized) struct EngineCommandsTests {
  private struct Report: Decodable {
    struct Finding: Decodable {
      struct Location: Decodable { var path: String }
      var kind: String
      var id: String
      var aliases: [String]
      var severity: String
      var status: String
      var evidence: String?
      var location: Location?
    }
    struct Warning: Decodable {
      var input: String
      var message: String
    }
    var target: String
    var findings: [Finding]
    var warnings: [Warning]

    /// `id status` of every finding at `location`.
    func verdicts(at location: String) -> [String: String] {
      var out: [String: String] = [:]
      for finding in findings where finding.location?.path == location {
        out[finding.id] = finding.status
      }
      return out
    }
  }

  private func run(_ arguments: [String], environment: [String: String] = [:]) throws
    -> (status: Int32, output: String, errors: String)
  {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built (swift build)")
    return try runPlimsoll(plimsoll, arguments, environment: environment)
  }

  private func report(_ text: String) throws -> Report {
    try JSONDecoder().decode(Report.self, from: Data(text.utf8))
  }

  /// Validates `document` against a schema with the project's validator (python jsonschema).
  private func schemaErrors(_ document: String, schema: String) throws -> String {
    let scratch = try Scratch()
    try scratch.write("document.json", document)
    let script = Repository.root.appendingPathComponent("scripts/validate-json-schema.py").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, schema, scratch.path + "/document.json"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return process.terminationStatus == 0 ? "" : String(decoding: data, as: UTF8.self)
  }

  private func name(_ id: String) throws -> String {
    try DockerEngine.docker(["inspect", "--format", "{{.Name}}", id]).trimmingCharacters(
      in: CharacterSet(charactersIn: "/"))
  }

  @Test(.enabled(if: Requirement.engine && Requirement.executable,
                 "needs a Docker engine with the test image and the built plimsoll"))
  func containersReportsHardenedAndInsecureContainers() throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let good = try DockerEngine.run([
      "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--memory", "64m",
      "--cpu-shares", "512", "--pids-limit", "64", "--user", "1000", "--health-cmd", "true",
      "--restart", "on-failure:5",
    ])
    defer { DockerEngine.remove(good) }
    let bad = try DockerEngine.run([
      "--pid", "host", "--ipc", "host", "--uts", "host", "-v", "/:/host",
      "-v", "/var/run/docker.sock:/var/run/docker.sock", "--cap-add", "SYS_ADMIN",
      "--security-opt", "seccomp=unconfined", "--restart", "always",
    ])
    defer { DockerEngine.remove(bad) }

    let (status, output, errors) = try run(["containers", good, bad, "--format", "json"])
    #expect(status == 0, "\(errors)")
    let result = try report(output)
    #expect(result.target == "unix://" + DockerEngine.socketPath)
    let goodVerdicts = result.verdicts(at: "container:" + (try name(good)))
    let badVerdicts = result.verdicts(at: "container:" + (try name(bad)))
    for id in ["PLM-CTR-004", "PLM-CTR-005", "PLM-CTR-006", "PLM-CTR-011", "PLM-CTR-013",
               "PLM-CTR-015", "PLM-CTR-016", "PLM-CTR-017", "PLM-CTR-021", "PLM-CTR-022",
               "PLM-CTR-026", "PLM-CTR-027", "PLM-CTR-029", "PLM-CTR-032", "PLM-CTR-033"] {
      #expect(goodVerdicts[id] == "pass", "hardened \(id): \(goodVerdicts[id] ?? "missing")")
    }
    for id in ["PLM-CTR-004", "PLM-CTR-006", "PLM-CTR-011", "PLM-CTR-013", "PLM-CTR-015",
               "PLM-CTR-016", "PLM-CTR-017", "PLM-CTR-021", "PLM-CTR-022", "PLM-CTR-026",
               "PLM-CTR-029", "PLM-CTR-032", "PLM-CTR-033"] {
      #expect(badVerdicts[id] == "fail", "insecure \(id): \(badVerdicts[id] ?? "missing")")
    }
    let socket = result.findings.first {
      $0.id == "PLM-CTR-032" && $0.location?.path == "container:" + ((try? name(bad)) ?? "")
    }
    #expect(socket?.evidence?.contains("/var/run/docker.sock -> /var/run/docker.sock (rw)") == true)
    #expect(socket?.aliases == ["CIS-5.32"])
    #expect(socket?.severity == "CRITICAL")

    // Policy applies as everywhere: only CRITICAL failures, exit code 3.
    let (critical, criticalOutput, _) = try run([
      "containers", good, bad, "--format", "json", "--severity", "CRITICAL", "--exit-code", "3",
    ])
    #expect(critical == 3)
    let criticalIDs = Set(try report(criticalOutput).findings.filter { $0.status == "fail" }.map(\.id))
    #expect(criticalIDs == ["PLM-CTR-006", "PLM-CTR-032"])

    // SARIF of the same audit is valid SARIF 2.1.0; JSON matches the findings schema.
    let (_, sarif, _) = try run(["containers", good, bad, "--format", "sarif"])
    let schemas = Repository.root.appendingPathComponent("Tests/Fixtures/schemas").path
    #expect(try schemaErrors(sarif, schema: schemas + "/sarif-schema-2.1.0.json") == "")
    let findingsSchema = Repository.root.appendingPathComponent("docs/json-schema/findings.schema.json")
    #expect(try schemaErrors(output, schema: findingsSchema.path) == "")

    // Without names: every running container, these two among them.
    let (allStatus, allOutput, _) = try run(["containers", "--format", "json"])
    #expect(allStatus == 0)
    let locations = Set(try report(allOutput).findings.compactMap(\.location?.path))
    #expect(locations.isSuperset(of: ["container:" + (try name(good)), "container:" + (try name(bad))]))
  }

  @Test(.enabled(if: Requirement.engine && Requirement.executable,
                 "needs a Docker engine with the test image and the built plimsoll"))
  func driftReportsChangedFilesButNotMounts() throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let id = try DockerEngine.run(["-v", "/var/run/docker.sock:/var/run/docker.sock"])
    defer { DockerEngine.remove(id) }
    try DockerEngine.docker(["exec", id, "sh", "-c", """
      echo '* * * * * root /tmp/x' > /etc/cron.d/job && cp /bin/ls /tmp/x && chmod +x /tmp/x \
      && printf X >> /usr/local/bin/fzf && mkdir -p /srv/app && echo data > /srv/app/state
      """])
    let (status, output, errors) = try run(["drift", id, "--format", "json"])
    #expect(status == 0, "\(errors)")
    let shallow = try report(output)
    #expect(Set(shallow.findings.map { "\($0.location?.path ?? "") \($0.id)" }) == [
      "/etc/cron.d/job PLM-DRIFT-012", "/tmp/x PLM-DRIFT-011",
      "/usr/local/bin/fzf PLM-DRIFT-003", "/srv/app/state PLM-DRIFT-010",
    ])

    let scratch = try Scratch()
    let (deepStatus, deepOutput, deepErrors) = try run([
      "drift", id, "--deep", "--format", "json", "--cache-dir", scratch.path,
      "--severity", "CRITICAL,HIGH", "--exit-code", "4",
    ])
    #expect(deepStatus == 4, "\(deepErrors)")
    let deep = try report(deepOutput)
    #expect(Set(deep.findings.map { "\($0.location?.path ?? "") \($0.id) \($0.severity)" }) == [
      "/etc/cron.d/job PLM-DRIFT-012 HIGH", "/tmp/x PLM-DRIFT-002 HIGH",
      "/usr/local/bin/fzf PLM-DRIFT-001 CRITICAL",
    ])
    #expect(deep.warnings.isEmpty)
    let (_, sarif, _) = try run(["drift", id, "--deep", "--format", "sarif", "--cache-dir", scratch.path])
    let schemas = Repository.root.appendingPathComponent("Tests/Fixtures/schemas").path
    #expect(try schemaErrors(sarif, schema: schemas + "/sarif-schema-2.1.0.json") == "")
    #expect(sarif.contains("PLM-DRIFT-001"))
    // The exports were deleted after the comparison.
    let left = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path + "/engine-exports")) ?? []
    #expect(left.isEmpty, "\(left)")
  }

  @Test(.enabled(if: Requirement.engine && Requirement.executable,
                 "needs a Docker engine with the test image and the built plimsoll"))
  func hostAddsSectionsFourAndFiveFromTheEngine() throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let id = try DockerEngine.run([])
    defer { DockerEngine.remove(id) }
    let (_, output, errors) = try run(["host", "--format", "json"])
    let result = try report(output)
    #expect(result.warnings.isEmpty, "\(errors)")
    let aliases = Set(result.findings.flatMap(\.aliases))
    for cis in ["CIS-1.1.1", "CIS-2.2", "CIS-3.1", "CIS-4.1", "CIS-4.6", "CIS-5.5", "CIS-5.32"] {
      #expect(aliases.contains(cis), "\(cis)")
    }
    let imageUser = result.findings.first {
      $0.id == "PLM-EIMG-001" && $0.location?.path == "image:" + DockerEngine.testImage
    }
    #expect(imageUser?.status == "fail")
    // 1.2.2 reads the running engine's version.
    let serverVersion = try DockerEngine.docker(["version", "--format", "{{.Server.Version}}"])
    let versionCheck = result.findings.first { $0.aliases.contains("CIS-1.2.2") }
    #expect(versionCheck?.evidence?.hasPrefix("engine \(serverVersion) (API ") == true)
    #expect(versionCheck?.location?.path == "engine")
    #expect(result.findings.contains { $0.location?.path == "container:" + ((try? name(id)) ?? "") })

    // No engine: sections 1-3 still run, and the report says why 4-5 did not.
    let (_, offline, _) = try run(["host", "--format", "json"],
                                  environment: ["DOCKER_HOST": "unix:///nonexistent/docker.sock"])
    let offlineResult = try report(offline)
    #expect(Set(offlineResult.findings.map(\.kind)) == ["host"])
    #expect(offlineResult.warnings.map(\.message) == [
      "CIS sections 4-5 (images, containers) not run: cannot connect to the Docker engine at "
        + "unix:///nonexistent/docker.sock: no such file (is dockerd running?)"])
  }

  @Test(.enabled(if: Requirement.engine && Requirement.executable,
                 "needs a Docker engine with the test image and the built plimsoll"))
  func engineErrorsExitWithStatusTwo() throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let (status, _, errors) = try run(["drift", "plimsoll-no-such-container"])
    #expect(status == 2)
    #expect(errors.hasPrefix("plimsoll: error: no such container: plimsoll-no-such-container"))
    let (offline, _, offlineErrors) = try run(
      ["containers"], environment: ["DOCKER_HOST": "ssh://user@host"])
    #expect(offline == 2)
    #expect(offlineErrors.contains("ssh://user@host"))
  }

  @Test(.enabled(if: Requirement.executable, "the plimsoll executable is not built (swift build)"))
  func rulesListTheRuntimeChecks() throws {
    let (status, output, _) = try run(["rules", "--format", "json"])
    #expect(status == 0)
    struct Rule: Decodable { var id: String; var aliases: [String] }
    let rules = try JSONDecoder().decode([Rule].self, from: Data(output.utf8))
    let ids = Set(rules.map(\.id))
    #expect(ids.isSuperset(of: ["PLM-CTR-005", "PLM-CTR-032", "PLM-EIMG-001", "PLM-EIMG-009", "PLM-IMG-001",
                                "PLM-DRIFT-001", "PLM-DRIFT-013", "PLM-HOST-001"]))
    #expect(rules.count == ids.count, "rule ids are unique")
    let sectionFive = Set(rules.flatMap(\.aliases).filter { $0.hasPrefix("CIS-5.") })
    #expect(sectionFive.count == 32)
  }
}
