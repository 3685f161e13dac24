import Foundation
import PlimsollTestSupport
import Testing

/// `docker:NAME` through the built executable, against the real engine.
@Suite struct EngineImageSourceTests {
  private struct SBOM: Decodable {
    struct Target: Decodable { var name: String }
    struct Package: Decodable, Hashable {
      var name: String
      var version: String
      var purl: String?
    }
    var target: Target
    var packages: [Package]
  }

  private func run(_ plimsoll: String, _ arguments: [String], environment: [String: String] = [:]) throws
    -> (Int32, String, String)
  {
    try runPlimsoll(plimsoll, arguments, environment: environment)
  }

  @Test(.enabled(if: Requirement.engine && Requirement.executable && Requirement.testImage,
                 "needs a Docker engine, the test image archive and the built plimsoll"))
  func sbomOfAnEngineImageEqualsItsDockerArchive() throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built (swift build)")
    let archive = TestImage.directory + "/test-image.tar"
    try #require(FileManager.default.fileExists(atPath: archive), "no \(archive); run scripts/build-test-image")
    let scratch = try Scratch()
    let cache = scratch.path + "/cache"
    let (status, output, errors) = try run(
      plimsoll, ["sbom", "docker:" + DockerEngine.testImage, "--format", "json", "--cache-dir", cache])
    #expect(status == 0, "\(errors)")
    let fromEngine = try JSONDecoder().decode(SBOM.self, from: Data(output.utf8))
    #expect(fromEngine.target.name == "docker:" + DockerEngine.testImage)

    let (archiveStatus, archiveOutput, archiveErrors) = try run(
      plimsoll, ["sbom", "docker-archive:" + archive, "--format", "json", "--no-cache"])
    #expect(archiveStatus == 0, "\(archiveErrors)")
    let fromArchive = try JSONDecoder().decode(SBOM.self, from: Data(archiveOutput.utf8))

    let engineDebs = Set(fromEngine.packages.filter { $0.purl?.hasPrefix("pkg:deb/") == true })
    let archiveDebs = Set(fromArchive.packages.filter { $0.purl?.hasPrefix("pkg:deb/") == true })
    #expect(engineDebs.count > 50)
    #expect(engineDebs == archiveDebs)
    #expect(Set(fromEngine.packages) == Set(fromArchive.packages))
    // The exported archive is gone.
    let exports = cache + "/engine-exports"
    #expect((try? FileManager.default.contentsOfDirectory(atPath: exports)) ?? [] == [])
  }

  @Test(.enabled(if: Requirement.engine && Requirement.executable,
                 "needs a Docker engine with the test image and the built plimsoll"))
  func missingImageExitsTwoWithTheEnginesWords() throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built (swift build)")
    let scratch = try Scratch()
    let (status, _, errors) = try run(
      plimsoll, ["sbom", "docker:plimsoll/no-such-image:0.0", "--cache-dir", scratch.path])
    #expect(status == 2)
    #expect(errors == "plimsoll: error: docker:plimsoll/no-such-image:0.0: no such image: plimsoll/no-such-image:0.0\n")
    let (imageStatus, _, imageErrors) = try run(
      plimsoll, ["image", "docker:plimsoll/no-such-image:0.0", "--scanners", "config", "--cache-dir", scratch.path])
    #expect(imageStatus == 2)
    #expect(imageErrors.hasPrefix("plimsoll: error: docker:plimsoll/no-such-image:0.0: no such image"), "\(imageErrors)")
  }

  @Test(.enabled(if: Requirement.executable, "the plimsoll executable is not built (swift build)"))
  func unreachableEngineExitsTwoNamingTheSocket() throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built (swift build)")
    let scratch = try Scratch()
    let socket = scratch.path + "/docker.sock"
    let (status, _, errors) = try run(
      plimsoll, ["sbom", "docker:app:1.0", "--no-cache"], environment: ["DOCKER_HOST": "unix://" + socket])
    #expect(status == 2)
    #expect(errors == "plimsoll: error: docker:app:1.0: cannot connect to the Docker engine at unix://\(socket): "
      + "no such file (is dockerd running?)\n")
    let (badHost, _, badHostErrors) = try run(
      plimsoll, ["sbom", "docker:app:1.0", "--no-cache"], environment: ["DOCKER_HOST": "ssh://builder"])
    #expect(badHost == 2)
    #expect(badHostErrors.hasPrefix("plimsoll: error: docker:app:1.0: DOCKER_HOST=ssh://builder is not usable"))
  }

  @Test(.enabled(if: Requirement.engine && Requirement.executable,
                 "needs a Docker engine with the test image and the built plimsoll"))
  func imageCommandScansAnEngineImage() throws {
    try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built (swift build)")
    let scratch = try Scratch()
    let (status, output, errors) = try run(
      plimsoll, ["image", "docker:" + DockerEngine.testImage, "--scanners", "config", "--format", "json",
                 "--cache-dir", scratch.path])
    #expect(status == 0, "\(errors)")
    #expect(output.contains("docker:" + DockerEngine.testImage))
  }
}
