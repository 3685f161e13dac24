import Foundation
import PlimsollEngine
import PlimsollFindings
import PlimsollRuntime
import Testing

/// The test image's verdict on every per-image check.
let expectedTestImage: [String: FindingStatus] = [
  "CIS-4.1": .fail, "CIS-4.2": .manual, "CIS-4.3": .manual, "CIS-4.4": .manual,
  "CIS-4.6": .fail, "CIS-4.7": .pass, "CIS-4.8": .manual, "CIS-4.9": .pass, "CIS-4.10": .warn,
  "CIS-4.11": .manual, "CIS-4.12": .manual,
]

@Suite struct ImageCheckTests {
  func testImage() throws -> (ImageInspect, [String]) {
    let image = try RuntimeFixtures.decodeImage(RuntimeFixtures.data("image-test-image.json"))
    let history = RuntimeFixtures.historyLines(
      String(decoding: try RuntimeFixtures.data("image-test-image.history"), as: UTF8.self))
    return (image, history)
  }

  @Test func testImageVerdicts() throws {
    let (image, history) = try testImage()
    #expect(image.displayName == "plimsoll/test-image:1.0")
    #expect(history.count == 14)
    let report = ImageAuditor.audit([(image, history: history)], environment: [:])
    let location = "image:plimsoll/test-image:1.0"
    #expect(statusesByCIS(report, at: location) == expectedTestImage)
    #expect(finding(report, "4.5", at: ImageAuditor.environmentLocation)?.status == .fail)
    #expect(finding(report, "4.1", at: location)?.evidence == "Config.User=\"\" (root)")
    #expect(
      finding(report, "4.10", at: location)?.evidence
        == "secret-named variables set: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (values not shown)"
    )
    // The secret values never reach a finding.
    #expect(!report.findings.contains { ($0.evidence ?? "").contains("AKIA") })
    #expect(report.findings.allSatisfy { $0.id.hasPrefix("PLM-EIMG-") && $0.kind == .container })
    #expect(report.findings.count == 1 + 11)
  }

  @Test func contentTrustReadsTheEnvironment() {
    func status(_ environment: [String: String]) -> FindingStatus? {
      finding(ImageAuditor.audit([], environment: environment), "4.5", at: "environment")?.status
    }
    #expect(status(["DOCKER_CONTENT_TRUST": "1"]) == .pass)
    #expect(status(["DOCKER_CONTENT_TRUST": "0"]) == .fail)
    #expect(status([:]) == .fail)
  }

  @Test func healthcheckAndUserFromConfig() {
    var config = ContainerInspect.Config(user: "app")
    config.healthcheck = ContainerInspect.Healthcheck(test: ["CMD", "/bin/probe"])
    let good = ImageInspect(id: "sha256:1", repoTags: ["<none>:<none>"], config: config)
    let report = ImageAuditor.audit([(good, history: [])], environment: [:])
    #expect(finding(report, "4.1", at: "image:sha256:1")?.status == .pass)
    #expect(finding(report, "4.6", at: "image:sha256:1")?.status == .pass)
    config.healthcheck = ContainerInspect.Healthcheck(test: ["NONE"])
    let disabled = ImageInspect(id: "sha256:2", config: config)
    let second = ImageAuditor.audit([(disabled, history: [])], environment: [:])
    #expect(finding(second, "4.6", at: "image:sha256:2")?.status == .fail)
  }

  @Test(arguments: [
    ("RUN /bin/sh -c apt-get update # buildkit", FindingStatus.warn),
    ("/bin/sh -c apt-get -q update", .warn),
    ("/bin/sh -c apt-get update && apt-get install -y jq", .pass),
    ("/bin/sh -c apt-get update     && DEBIAN_FRONTEND=noninteractive apt-get upgrade -y", .pass),
    ("/bin/sh -c apk update", .warn),
    ("RUN /bin/sh -c apk add --no-cache curl # buildkit", .pass),
    ("/bin/sh -c yum makecache", .warn),
    ("/bin/sh -c yum -y update && yum clean all", .pass),
    ("/bin/sh -c echo update", .pass),
  ])
  func updateAlone(line: String, expected: FindingStatus) {
    let image = ImageInspect(id: "sha256:u")
    let report = ImageAuditor.audit([(image, history: [line])], environment: [:])
    #expect(finding(report, "4.7", at: "image:sha256:u")?.status == expected)
  }

  @Test(arguments: [
    ("ADD app.tar.gz /app # buildkit", FindingStatus.warn),
    ("/bin/sh -c #(nop) ADD file:0123abcd in /opt ", .warn),
    ("/bin/sh -c #(nop)  ADD https://example.com/x.tgz /x", .warn),
    ("COPY add.sh /usr/local/bin/ # buildkit", .pass),
    ("RUN /bin/sh -c echo ADD it # buildkit", .pass),
  ])
  func addInstructions(line: String, expected: FindingStatus) {
    let image = ImageInspect(id: "sha256:a")
    let history = [line, "/bin/sh -c #(nop) ADD file:1c50f7524ccc in / "]
    let report = ImageAuditor.audit([(image, history: history)], environment: [:])
    #expect(finding(report, "4.9", at: "image:sha256:a")?.status == expected)
  }

  @Test func legacyBuildArgumentsWithSecretNamesAreFound() {
    let image = ImageInspect(id: "sha256:s")
    let history = ["|2 DB_PASSWORD=hunter2 VERSION=1.2 /bin/sh -c make install"]
    let report = ImageAuditor.audit([(image, history: history)], environment: [:])
    let secret = finding(report, "4.10", at: "image:sha256:s")
    #expect(secret?.status == .warn)
    #expect(secret?.evidence?.contains("DB_PASSWORD") == true)
    #expect(secret?.evidence?.contains("hunter2") == false)
    #expect(secret?.evidence?.contains("VERSION") == false)
  }

  @Test(arguments: [
    ("/bin/sh -c apt-get install -y --allow-unauthenticated foo", FindingStatus.fail),
    ("/bin/sh -c curl -k https://get.example | sh", .fail),
    ("RUN /bin/sh -c pip install --trusted-host pypi.example x # buildkit", .fail),
    ("/bin/sh -c dnf install --nogpgcheck -y x", .fail),
    ("/bin/sh -c curl -fsSL https://get.example -o x", .manual),
  ])
  func unverifiedPackages(line: String, expected: FindingStatus) {
    let image = ImageInspect(id: "sha256:v")
    let report = ImageAuditor.audit([(image, history: [line])], environment: [:])
    #expect(finding(report, "4.11", at: "image:sha256:v")?.status == expected)
  }
}

@Suite struct InspectDecodingTests {
  @Test func nullListsAndMapsDecodeEmpty() throws {
    let json = """
      [{"Id":"x","Name":"/n","Image":"sha256:i","ExecIDs":null,"State":null,"Mounts":null,
        "HostConfig":{"CapAdd":null,"CapDrop":null,"SecurityOpt":null,"Binds":null,
          "PortBindings":null,"Devices":null,"Ulimits":null,"PidsLimit":null,
          "RestartPolicy":null,"Memory":null},
        "Config":{"Env":null,"Cmd":null,"Entrypoint":null,"Labels":null,"ExposedPorts":null,
          "Healthcheck":null,"User":null},
        "NetworkSettings":{"Ports":null,"Networks":null}}]
      """
    let container = try RuntimeFixtures.decodeContainer(Data(json.utf8))
    #expect(container.execIDs.isEmpty)
    #expect(container.hostConfig.capAdd.isEmpty)
    #expect(container.hostConfig.pidsLimit == nil)
    #expect(container.config.cmd.isEmpty)
    #expect(container.networkSettings?.ports.isEmpty == true)
    let report = ContainerAuditor.audit([container], engine: RuntimeFixtures.engine)
    #expect(report.findings.count == 33)
  }

  @Test func missingHostConfigAndConfigDecodeAsDefaults() throws {
    let container = try RuntimeFixtures.decodeContainer(
      Data(#"[{"Id":"x","Name":"/n","Image":"i"}]"#.utf8))
    #expect(container.hostConfig == ContainerInspect.HostConfig())
    #expect(container.config.user.isEmpty)
  }

  @Test func commandAsOneStringDecodes() throws {
    let container = try RuntimeFixtures.decodeContainer(
      Data(#"[{"Id":"x","Name":"/n","Image":"i","Config":{"Cmd":"/usr/sbin/sshd -D"}}]"#.utf8))
    #expect(container.config.cmd == ["/usr/sbin/sshd -D"])
  }

  @Test(arguments: [
    #"[{"Id":5,"Name":"/n","Image":"i"}]"#,
    #"[{"Name":"/n","Image":"i"}]"#,
    #"[{"Id":"x","Name":"/n","Image":"i","HostConfig":{"CapAdd":"SYS_ADMIN"}}]"#,
    #"[{"Id":"x","Name":"/n","Image":"i","HostConfig":{"Memory":"64m"}}]"#,
    #"[{"Id":"x","Name":"/n","Image":"i","Mounts":[{"RW":"yes"}]}]"#,
    #"[{"Id":"x","Name":"/n","Image":"i","NetworkSettings":{"Ports":{"80/tcp":[{"HostPort":80}]}}}]"#,
    #"[{"Id":"x","Name":"/n","#,
    "",
    "null",
  ])
  func malformedInspectIsADecodingError(json: String) {
    #expect(throws: DecodingError.self) {
      _ = try JSONDecoder().decode([ContainerInspect].self, from: Data(json.utf8))
    }
  }

  @Test func truncatedFixtureIsADecodingError() throws {
    let whole = try RuntimeFixtures.data("container-insecure.json")
    for cut in stride(from: 1, to: whole.count, by: 97) {
      #expect(throws: DecodingError.self) {
        _ = try JSONDecoder().decode([ContainerInspect].self, from: whole.prefix(cut))
      }
    }
  }

  @Test func malformedImageIsADecodingError() {
    #expect(throws: DecodingError.self) {
      _ = try JSONDecoder().decode(
        [ImageInspect].self, from: Data(#"[{"Id":"x","Config":{"Env":"A=1"}}]"#.utf8))
    }
  }

  @Test func modelRoundTripsThroughJSON() throws {
    let container = try RuntimeFixtures.container("container-insecure.json")
    let again = try JSONDecoder().decode(
      ContainerInspect.self, from: JSONEncoder().encode(container))
    #expect(again == container)
  }
}
