public import Foundation

/// Images in a registry (`nginx:1.27`, `localhost:5000/team/app:1.4`): pulled into an OCI
/// layout under the cache, scanned like one, and deleted afterwards.
public enum RegistryImageSource {
  /// How to reach registries: plain HTTP, credentials.
  public struct Options: Sendable {
    /// Plain HTTP (`--insecure`).
    public var insecure = false
    /// `--username` with `--password-stdin`; else the Docker client's configuration.
    public var credentials: RegistryCredentials?
    /// CA certificates trusted besides the system's roots (`--ca-cert`).
    public var caCertificateFile: String?

    public init(insecure: Bool = false, credentials: RegistryCredentials? = nil,
                caCertificateFile: String? = nil) {
      self.insecure = insecure
      self.credentials = credentials
      self.caCertificateFile = caCertificateFile
    }
  }

  /// The registry reference `text` names, or nil when it names a path: one that exists, one
  /// with a source prefix (`docker:`, `oci:`, …), one written as a path (`/…`, `./…`, `~/…`)
  /// or an archive file name (`app.tar`). Throws when it is neither a path nor a valid
  /// reference (`Team/app`: repository names are lowercase).
  public static func reference(in text: String) throws -> PlimsollRegistry.ImageReference? {
    let prefixes = ["docker:", "docker-archive:", "oci:", "oci-archive:", "rootfs:", "dir:"]
    let pathPrefixes = ["/", "./", "../", "~", "."]
    let archiveSuffixes = [".tar", ".tar.gz", ".tgz", ".tar.zst", ".tar.xz", ".oci", ".zip"]
    let lowered = text.lowercased()
    guard !prefixes.contains(where: text.hasPrefix), !pathPrefixes.contains(where: text.hasPrefix),
      !archiveSuffixes.contains(where: lowered.hasSuffix),
      !FileManager.default.fileExists(atPath: SourceResolver.pathPart(of: text))
    else { return nil }
    return try PlimsollRegistry.ImageReference(parsing: text)
  }

  /// Pulls `reference` for `platform` into `directory` and runs `body` with it resolved as an
  /// `Artifact` named as the user wrote it; the pulled files are deleted afterwards.
  /// `hasFacts(diffID)` names layers whose facts are cached: they are not downloaded.
  public static func withArtifact<T>(
    _ reference: PlimsollRegistry.ImageReference, name: String, platform: Platform, options: Options,
    directory: URL, hasFacts: @escaping @Sendable (String) -> Bool = { _ in false },
    _ body: (Artifact) async throws -> T
  ) async throws -> T {
    var clientOptions = RegistryClient.Options()
    clientOptions.insecure = options.insecure
    clientOptions.caCertificateFile = options.caCertificateFile
    var warnings: [String] = []
    clientOptions.credentials = options.credentials
      ?? DockerCredentials.lookup(registry: reference.registry, warnings: &warnings)
    for warning in warnings {
      FileHandle.standardError.write(Data(DiagnosticLine.warning(warning).utf8 + [10]))
    }
    let layout = directory.appendingPathComponent("pull-\(UUID().uuidString)", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: layout) }
    let pull = RegistryPull(reference, platform: platform)
    let result = try await RegistryClient.withClient(reference, options: clientOptions) { client in
      try await pull.pull(with: client, into: layout) { !hasFacts($0) }
    }
    var artifact = try SourceResolver.resolve(
      "oci:" + layout.path, platform: platform, absentLayers: result.layersSkipped)
    artifact.name = name
    artifact.manifestDigest = Digest(result.manifestDigest)
    return try await body(artifact)
  }
}
