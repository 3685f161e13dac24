import Foundation

/// The real Docker engine that `scripts/start-docker-engine` starts for the tests, driven
/// through the `docker` command line to set up containers.
///
/// Tests that need the engine call `DockerEngine.available()`: without an engine they are
/// skipped, unless `PLIMSOLL_REQUIRE_ENGINE=1` (set by `scripts/test`), when they fail.
public enum DockerEngine {
  /// The image `scripts/test` loads into the engine (the project's test image).
  public static let testImage = "plimsoll/test-image:1.0"

  /// The engine's unix socket path (`DOCKER_HOST=unix://…`, else `/var/run/docker.sock`).
  public static var socketPath: String {
    let host = ProcessInfo.processInfo.environment["DOCKER_HOST"] ?? ""
    return host.hasPrefix("unix://") ? String(host.dropFirst("unix://".count)) : "/var/run/docker.sock"
  }

  /// Whether a missing engine is a failure rather than a skip: `PLIMSOLL_REQUIRE_ENGINE=1`
  /// (`scripts/test`), or CI (`CI=true`).
  public static var required: Bool {
    ProcessInfo.processInfo.environment["PLIMSOLL_REQUIRE_ENGINE"] == "1" || Requirement.inCI
  }

  /// True when the engine answers and has the test image (`Requirement.engine` decides
  /// whether a test without it is skipped or fails).
  public static func available() -> Bool {
    (try? docker(["image", "inspect", "--format", "{{.Id}}", testImage])) != nil
  }

  /// Runs `docker ARGS…`; returns standard output, throws with standard error on failure.
  @discardableResult
  public static func docker(_ arguments: [String]) throws -> String {
    let result = try ProcessOutput.run(["docker"] + arguments)
    guard result.status == 0 else {
      throw NSError(domain: "docker", code: Int(result.status), userInfo: [
        NSLocalizedDescriptionKey: "docker \(arguments.joined(separator: " ")): "
          + String(decoding: result.errors, as: UTF8.self)])
    }
    return String(decoding: result.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Starts a container from the test image with no network and returns its id; remove it
  /// with `remove(_:)`. `options` go before the image (e.g. `["--privileged"]`).
  public static func run(_ options: [String], command: [String] = ["sleep", "600"]) throws -> String {
    let name = "plimsoll-test-" + UUID().uuidString.prefix(8).lowercased()
    return try docker(["run", "-d", "--network", "none", "--name", name] + options + [testImage] + command)
  }

  /// Removes a container the test started.
  public static func remove(_ id: String) {
    _ = try? docker(["rm", "-f", id])
  }
}
