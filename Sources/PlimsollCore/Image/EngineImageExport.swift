public import Foundation
import PlimsollDiagnostics

/// The `docker:NAME` image source: an image the local Docker engine holds, exported as a
/// docker-archive and scanned like one.
public enum EngineImageSource {
  /// The reference prefix, `docker:`.
  public static let scheme = "docker:"

  /// The image name of a `docker:NAME` reference; nil for every other reference.
  public static func imageName(in reference: String) -> String? {
    guard reference.hasPrefix(scheme) else { return nil }
    return String(reference.dropFirst(scheme.count))
  }

  /// Exports the image `docker:NAME` names from the engine `DOCKER_HOST` names into a temporary
  /// file under `directory`, runs `body` with it resolved as an `Artifact` named `docker:NAME`,
  /// and deletes the file afterwards (also when something throws).
  ///
  /// Engine failures become an `InputError` naming the reference: `docker:x: no such image: x`,
  /// `docker:x: cannot connect to the Docker engine at unix:///var/run/docker.sock: …`.
  public static func withArtifact<T>(
    _ reference: String, platform: Platform, directory: URL,
    environment: [String: String] = ProcessInfo.processInfo.environment,
    _ body: (Artifact) async throws -> T
  ) async throws -> T {
    guard let name = imageName(in: reference), !name.isEmpty else {
      throw InputError(reference, "name an image: docker:NAME[:TAG]")
    }
    let endpoint: EngineEndpoint
    do {
      endpoint = try EngineEndpoint.fromEnvironment(environment)
    } catch let error as EngineError {
      throw InputError(reference, error.description)
    }
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw InputError(directory.path, "cannot create the directory for the exported image: \(error.localizedDescription)")
    }
    let file = directory.appendingPathComponent("docker-export-\(UUID().uuidString).tar").path
    defer { try? FileManager.default.removeItem(atPath: file) }
    do {
      try await EngineClient.withClient(endpoint) { client in
        // Inspect first: a missing image is a 404 with the engine's words, before any download.
        _ = try await client.inspectImage(name)
        try await client.exportImage(name, to: file)
      }
    } catch let error as EngineError {
      if error.isNotFound, let message = error.engineMessage {
        throw InputError(reference, message)
      }
      throw InputError(reference, error.description)
    }
    var artifact = try SourceResolver.resolve("docker-archive:" + file, platform: platform)
    artifact.name = reference
    artifact.kind = .engine
    return try await body(artifact)
  }
}
