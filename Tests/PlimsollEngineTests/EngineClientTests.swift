import Foundation
import PlimsollEngine
import PlimsollTestSupport
import Testing

/// The client against the real engine (`scripts/start-docker-engine`).
@Suite struct EngineClientTests {
  private func withEngine<T>(_ body: (EngineClient) async throws -> T) async throws -> T {
    try await EngineClient.withClient(EngineEndpoint(unixSocket: DockerEngine.socketPath), body)
  }

  @Test(.enabled(if: Requirement.engine, "no Docker engine with the test image (scripts/start-docker-engine)"))
  func negotiatesTheServersVersion() async throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let expected = try DockerEngine.docker(["version", "--format", "{{.Server.APIVersion}}"])
    try await withEngine { client in
      #expect(try await client.apiVersion().description == expected)
      let version = try await client.version()
      #expect(version.apiVersion == expected)
      #expect(version.version == (try DockerEngine.docker(["version", "--format", "{{.Server.Version}}"])))
      #expect(version.os == "linux")
      #expect(version.goVersion?.hasPrefix("go") == true)
    }
  }

  @Test(.enabled(if: Requirement.engine, "no Docker engine with the test image (scripts/start-docker-engine)"))
  func infoMatchesTheCommandLine() async throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    try await withEngine { client in
      let info = try await client.info()
      #expect(info.serverVersion == (try DockerEngine.docker(["info", "--format", "{{.ServerVersion}}"])))
      #expect(info.driver == (try DockerEngine.docker(["info", "--format", "{{.Driver}}"])))
      #expect(info.dockerRootDir == (try DockerEngine.docker(["info", "--format", "{{.DockerRootDir}}"])))
      #expect(info.swarm?.localNodeState
        == (try DockerEngine.docker(["info", "--format", "{{.Swarm.LocalNodeState}}"])))
      #expect(info.liveRestoreEnabled.map(String.init)
        == (try DockerEngine.docker(["info", "--format", "{{.LiveRestoreEnabled}}"])))
      let options = try DockerEngine.docker(["info", "--format", "{{json .SecurityOptions}}"])
      #expect(try JSONDecoder().decode([String].self, from: Data(options.utf8)) == info.securityOptions)
    }
  }

  @Test(.enabled(if: Requirement.engine, "no Docker engine with the test image (scripts/start-docker-engine)"))
  func inspectsListsAndDiffsAContainer() async throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let id = try DockerEngine.run([])
    defer { DockerEngine.remove(id) }
    try await withEngine { client in
      let inspected = try await client.inspectContainer(id)
      #expect(inspected.id == id)
      let byName = try await client.inspectContainer(String(inspected.name.dropFirst()))
      #expect(byName.id == id)
      let imageID = try DockerEngine.docker(["image", "inspect", "--format", "{{.Id}}", DockerEngine.testImage])
      #expect(inspected.image == imageID)

      let running = try await client.containers()
      let row = try #require(running.first { $0.id == id })
      #expect(row.names == [inspected.name])
      #expect(row.image == DockerEngine.testImage)
      #expect(row.imageID == imageID)
      #expect(row.state == "running")
      #expect(try await client.containers(all: true).contains { $0.id == id })

      let before = try await client.changes(id)
      #expect(!before.contains { $0.path == "/tmp/plimsoll-marker" })
      try DockerEngine.docker(["exec", id, "sh", "-c", "echo x > /tmp/plimsoll-marker && rm /etc/issue"])
      let after = try await client.changes(id)
      #expect(after.contains(ContainerChange(path: "/tmp/plimsoll-marker", kind: .added)))
      #expect(after.contains(ContainerChange(path: "/etc/issue", kind: .deleted)))
      #expect(after.contains(ContainerChange(path: "/tmp", kind: .modified)))
    }
  }

  @Test(.enabled(if: Requirement.engine, "no Docker engine with the test image (scripts/start-docker-engine)"))
  func missingContainerAndImageAreNotFound() async throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    try await withEngine { client in
      let version = try await client.apiVersion()
      let name = "plimsoll-missing-\(UUID().uuidString.prefix(8).lowercased())"
      let container = await #expect(throws: EngineError.self) { try await client.inspectContainer(name) }
      #expect(container?.isNotFound == true)
      #expect(container?.description
        == "no such container: \(name) (HTTP 404 from GET /v\(version)/containers/\(name)/json at unix://\(DockerEngine.socketPath))")
      let image = await #expect(throws: EngineError.self) { try await client.inspectImage("plimsoll/missing:0.1") }
      #expect(image?.isNotFound == true)
      #expect(image?.engineMessage == "no such image: plimsoll/missing:0.1")
      #expect(image?.description.contains("GET /v\(version)/images/plimsoll%2Fmissing%3A0.1/json") == true)
    }
  }

  @Test(.enabled(if: Requirement.engine, "no Docker engine with the test image (scripts/start-docker-engine)"))
  func listsImagesAndHistory() async throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    try await withEngine { client in
      let imageID = try DockerEngine.docker(["image", "inspect", "--format", "{{.Id}}", DockerEngine.testImage])
      let images = try await client.images()
      let row = try #require(images.first { $0.id == imageID })
      #expect(row.repoTags.contains(DockerEngine.testImage))
      #expect(try await client.inspectImage(DockerEngine.testImage).id == imageID)
      // By id as well as by name.
      #expect(try await client.inspectImage(imageID).id == imageID)

      let history = try await client.imageHistory(DockerEngine.testImage)
      let expected = try DockerEngine.docker(["history", "--no-trunc", "--format", "{{.CreatedBy}}", DockerEngine.testImage])
        .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      // The command line trims each step; compare trimmed.
      #expect(history.map { $0.createdBy.trimmingCharacters(in: .whitespaces) } == expected)
      #expect(history.first?.id == imageID)
      #expect(history.first?.tags == [DockerEngine.testImage])
    }
  }

  @Test(.enabled(if: Requirement.engine, "no Docker engine with the test image (scripts/start-docker-engine)"))
  func exportImageEqualsDockerSave() async throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let scratch = try Scratch()
    let file = scratch.path + "/exported.tar"
    let size = try await withEngine { client in try await client.exportImage(DockerEngine.testImage, to: file) }
    try DockerEngine.docker(["save", "-o", scratch.path + "/saved.tar", DockerEngine.testImage])
    let attributes = try FileManager.default.attributesOfItem(atPath: file)
    #expect((attributes[.size] as? NSNumber)?.int64Value == size)
    let exported = try scratch.run(["sha256sum", "exported.tar"]).prefix(64)
    let saved = try scratch.run(["sha256sum", "saved.tar"]).prefix(64)
    #expect(exported == saved)
    let members = String(decoding: try scratch.run(["tar", "-tf", "exported.tar"]), as: UTF8.self)
      .split(separator: "\n")
    #expect(members.contains("manifest.json"))
    #expect(members.contains { $0.hasSuffix("/layer.tar") })
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["exported.tar", "saved.tar"])
  }

  @Test(.enabled(if: Requirement.engine, "no Docker engine with the test image (scripts/start-docker-engine)"))
  func exportOverTheLimitLeavesNoFile() async throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let scratch = try Scratch()
    let file = scratch.path + "/exported.tar"
    let error = await #expect(throws: EngineError.self) {
      try await withEngine { client in try await client.exportImage(DockerEngine.testImage, to: file, limit: 1 << 20) }
    }
    guard case .responseTooLarge(_, _, let limit)? = error else {
      Issue.record("unexpected \(String(describing: error))")
      return
    }
    #expect(limit == 1 << 20)
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == [])
  }

  @Test(.enabled(if: Requirement.engine, "no Docker engine with the test image (scripts/start-docker-engine)"))
  func exportsAContainersFilesystem() async throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let id = try DockerEngine.run([])
    defer { DockerEngine.remove(id) }
    try DockerEngine.docker(["exec", id, "sh", "-c", "echo exported > /root/plimsoll-marker"])
    let scratch = try Scratch()
    try await withEngine { client in
      _ = try await client.exportContainer(id, to: scratch.path + "/container.tar")
    }
    let members = String(decoding: try scratch.run(["tar", "-tf", "container.tar"]), as: UTF8.self)
      .split(separator: "\n").map(String.init)
    #expect(members.contains("root/plimsoll-marker"))
    #expect(members.contains("etc/os-release"))
    let marker = try scratch.run(["tar", "-xOf", "container.tar", "root/plimsoll-marker"])
    #expect(String(decoding: marker, as: UTF8.self) == "exported\n")
  }
}
