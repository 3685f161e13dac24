import Foundation
import PlimsollSource
import PlimsollTestSupport
import Testing
@testable import PlimsollRegistry

/// Pulls from a real CNCF registry on loopback, images pushed with skopeo.
@Suite(.enabled(if: LocalRegistry.runs, "docker-registry and skopeo are not installed"))
struct RegistryPullTests {
  func testImage() throws -> String {
    try #require(TestImage.available(), "run scripts/build-test-image")
  }

  func pull(_ text: String, from registry: LocalRegistry, platform: Platform = .defaultPlatform,
            credentials: RegistryCredentials? = nil, caCertificate: String? = nil,
            into scratch: Scratch) async throws
    -> (RegistryPull.Result, Artifact)
  {
    let reference = try ImageReference(parsing: "\(registry.host)/\(text)")
    var options = RegistryClient.Options()
    options.insecure = registry.caCertificate == nil
    options.credentials = credentials
    options.caCertificateFile = caCertificate
    let layout = scratch.url.appendingPathComponent("layout-\(UUID().uuidString)")
    let result = try await RegistryClient.withClient(reference, options: options) { client in
      try await RegistryPull(reference, platform: platform).pull(with: client, into: layout)
    }
    return (result, try SourceResolver.resolve("oci:" + layout.path, platform: platform))
  }

  @Test func aPulledImageIsTheImageThatWasPushed() async throws {
    let images = try testImage()
    let registry = try LocalRegistry()
    try registry.push("oci:\(images)/test-image-oci:1.0", as: "team/app:1.4")
    let scratch = try Scratch()
    let (result, pulled) = try await pull("team/app:1.4", from: registry, into: scratch)
    let local = try SourceResolver.resolve("oci:\(images)/test-image-oci:1.0")
    #expect(pulled.layers.map(\.diffID) == local.layers.map(\.diffID))
    #expect(pulled.layers.map(\.digest) == local.layers.map(\.digest))
    #expect(pulled.configDigest == local.configDigest)
    #expect(result.layersDownloaded == local.layers.count)
    #expect(result.requests == local.layers.count + 2)
    // By digest, the same manifest.
    let (byDigest, _) = try await pull("team/app@\(result.manifestDigest)", from: registry, into: scratch)
    #expect(byDigest.manifestDigest == result.manifestDigest)
  }

  @Test func anIndexGivesTheRequestedPlatformOrListsWhatItHas() async throws {
    let images = try testImage()
    let registry = try LocalRegistry()
    try registry.push("oci:\(images)/test-image-multiarch-oci:1.0", as: "team/multi:1.0", all: true)
    let scratch = try Scratch()
    let arm = Platform(os: "linux", architecture: "arm64")
    let (_, pulled) = try await pull("team/multi:1.0", from: registry, platform: arm, into: scratch)
    #expect(pulled.platform?.architecture == "arm64")
    await #expect {
      _ = try await pull("team/multi:1.0", from: registry, platform: Platform(os: "linux", architecture: "s390x"), into: scratch)
    } throws: { error in
      guard case .noMatchingPlatform(_, let requested, let available) = error as? RegistryError else { return false }
      return requested == "linux/s390x" && available == ["linux/amd64", "linux/arm64/v8"]
    }
  }

  @Test func aMissingTagIsNotFoundWithTheRegistrysWords() async throws {
    let registry = try LocalRegistry()
    let scratch = try Scratch()
    await #expect {
      _ = try await pull("team/none:1", from: registry, into: scratch)
    } throws: { error in
      (error as? RegistryError)?.errorDescription?.contains("not found: MANIFEST_UNKNOWN") == true
    }
  }

  /// A registry that serves a blob whose content is not what its digest says (its storage was
  /// tampered with): the pull fails naming the blob, and keeps nothing of it.
  @Test func aLyingRegistryIsADigestMismatchAndNothingIsKept() async throws {
    let images = try testImage()
    let registry = try LocalRegistry()
    try registry.push("oci:\(images)/test-image-oci:1.0", as: "team/app:1.4")
    let local = try SourceResolver.resolve("oci:\(images)/test-image-oci:1.0")
    let victim = try #require(local.layers.last).digest.description
    let blob = registry.blobPath(victim)
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: blob)))
    bytes[bytes.count / 2] ^= 0xFF
    try Data(bytes).write(to: URL(fileURLWithPath: blob))
    let scratch = try Scratch()
    await #expect {
      _ = try await pull("team/app:1.4", from: registry, into: scratch)
    } throws: { error in
      guard case .digestMismatch(_, let what, let expected, _) = error as? RegistryError else { return false }
      return what == "blob \(victim)" && expected == victim
    }
    let kept = try FileManager.default.subpathsOfDirectory(atPath: scratch.path)
    #expect(!kept.contains { $0.hasSuffix(String(victim.dropFirst(7))) || $0.contains(".partial-") })
  }

  @Test func basicAuthenticationNeedsTheCredentials() async throws {
    let images = try testImage()
    let registry = try LocalRegistry(basicAuth: ("scanner", "s3cret-pass"))
    try registry.push("oci:\(images)/test-image-multiarch-oci:1.0", as: "team/multi:1.0", all: true)
    let scratch = try Scratch()
    await #expect {
      _ = try await pull("team/multi:1.0", from: registry, into: scratch)
    } throws: { error in
      (error as? RegistryError)?.errorDescription?.contains("the registry asks for a user name and password") == true
    }
    await #expect {
      _ = try await pull("team/multi:1.0", from: registry,
                         credentials: RegistryCredentials(username: "scanner", password: "wrong"), into: scratch)
    } throws: { error in
      if case .unauthorized = error as? RegistryError { return true }
      return false
    }
    let (result, _) = try await pull(
      "team/multi:1.0", from: registry, credentials: RegistryCredentials(username: "scanner", password: "s3cret-pass"),
      into: scratch)
    #expect(result.layersDownloaded >= 1)
  }

  /// The bearer-token flow against a registry that validates every token itself: anonymous
  /// tokens grant nothing, a token fetched with the credentials grants the pull.
  @Test func bearerTokensFromTheTokenServiceOpenTheRepository() async throws {
    let images = try testImage()
    let registry = try LocalRegistry(tokenAuth: ("robot", "t0ken-pass"))
    try registry.push("oci:\(images)/test-image-multiarch-oci:1.0", as: "team/multi:1.0", all: true)
    let scratch = try Scratch()
    await #expect {
      _ = try await pull("team/multi:1.0", from: registry, into: scratch)
    } throws: { error in
      guard case .unauthorized = error as? RegistryError else { return false }
      return true
    }
    await #expect {
      _ = try await pull("team/multi:1.0", from: registry,
                         credentials: RegistryCredentials(username: "robot", password: "wrong"), into: scratch)
    } throws: { error in
      (error as? RegistryError)?.errorDescription?.contains("token service") == true
    }
    let granted = try registry.grantedTokens().count
    let (result, _) = try await pull(
      "team/multi:1.0", from: registry, credentials: RegistryCredentials(username: "robot", password: "t0ken-pass"),
      into: scratch)
    #expect(result.layersDownloaded >= 1)
    // One token served the manifests and every blob: it is cached for its scope.
    let tokens = try registry.grantedTokens().dropFirst(granted)
    #expect(tokens.count == 1)
    #expect(tokens.first?.contains(#""actions": ["pull"]"#) == true)
  }

  /// HTTPS with a certificate from a CA made for the test: trusted with that CA, refused
  /// without it (the system's roots do not know it).
  @Test func tlsRegistriesAreVerifiedAgainstTheGivenCA() async throws {
    let images = try testImage()
    let registry = try LocalRegistry(tls: true)
    try registry.push("oci:\(images)/test-image-multiarch-oci:1.0", as: "team/multi:1.0", all: true)
    let scratch = try Scratch()
    let (result, _) = try await pull("team/multi:1.0", from: registry, caCertificate: registry.caCertificate,
                                     into: scratch)
    #expect(result.layersDownloaded >= 1)
    await #expect {
      _ = try await pull("team/multi:1.0", from: registry, into: scratch)
    } throws: { error in
      guard case .transport(_, let detail) = error as? RegistryError else { return false }
      return detail.contains("TLS handshake failed") && !detail.contains(" at /")
    }
    await #expect {
      _ = try await pull("team/multi:1.0", from: registry, caCertificate: scratch.path + "/none.pem", into: scratch)
    } throws: { error in
      if case .certificate = error as? RegistryError { return true }
      return false
    }
  }

  /// `auths` of a Docker client configuration, and a credential helper on PATH answering
  /// `get` as the real protocol does.
  @Test func credentialsComeFromTheDockerConfiguration() throws {
    let scratch = try Scratch()
    let auth = Data("scanner:s3cret-pass".utf8).base64EncodedString()
    try scratch.write("docker/config.json", #"{"auths": {"127.0.0.1:5000": {"auth": "\#(auth)"}}, "credHelpers": {"helped.example.com": "plimsolltest"}}"#)
    try scratch.write("bin/docker-credential-plimsolltest", """
      #!/bin/sh
      read server
      [ "$1" = get ] && [ "$server" = helped.example.com ] && echo '{"ServerURL":"helped.example.com","Username":"robot","Secret":"t0ken"}' && exit 0
      echo "credentials not found in native keychain"; exit 1
      """, mode: 0o755)
    let environment = ["DOCKER_CONFIG": scratch.path + "/docker",
                       "PATH": scratch.path + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "")]
    var warnings: [String] = []
    #expect(DockerCredentials.lookup(registry: "127.0.0.1:5000", environment: environment, warnings: &warnings)
      == RegistryCredentials(username: "scanner", password: "s3cret-pass"))
    #expect(DockerCredentials.lookup(registry: "helped.example.com", environment: environment, warnings: &warnings)
      == RegistryCredentials(username: "robot", password: "t0ken"))
    #expect(DockerCredentials.lookup(registry: "other.example.com", environment: environment, warnings: &warnings) == nil)
    #expect(warnings.isEmpty)
  }
}
