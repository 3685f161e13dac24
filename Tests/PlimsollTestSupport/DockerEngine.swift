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
  /// with `remove(_:)`. `options` go before the image (e.g. `["--privileged"]`). The default
  /// command runs an hour: a suite under ThreadSanitizer on a busy machine may reach the container
  /// ten minutes after starting it.
  public static func run(_ options: [String], command: [String] = ["sleep", "3600"]) throws -> String {
    let name = "plimsoll-test-" + UUID().uuidString.prefix(8).lowercased()
    return try docker(["run", "-d", "--network", "none", "--name", name] + options + [testImage] + command)
  }

  /// Removes a container the test started.
  public static func remove(_ id: String) {
    _ = try? docker(["rm", "-f", id])
  }
}

/// A Docker engine of a test's own, with its data under the test's scratch directory: for what
/// must not touch the engine the suites share (swarm mode, an engine with no container).
/// Stopped by `stop()`.
public final class PrivateEngine {
  /// `unix://…` for `DOCKER_HOST` or `docker -H`.
  public let host: String
  private let process: Process
  /// A short directory for the sockets (a unix socket path has at most 104 bytes).
  private let sockets: String

  public init(in scratch: Scratch) throws {
    let root = scratch.path + "/private-engine"
    var template = Array("/tmp/pe-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else {
      throw NSError(domain: "PrivateEngine", code: 2, userInfo: [NSLocalizedDescriptionKey: "mkdtemp failed"])
    }
    sockets = String(cString: made)
    let socket = sockets + "/docker.sock"
    host = "unix://" + socket
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "dockerd", "--bridge", "none", "--iptables=false", "--ip-masq=false", "--storage-driver", "vfs",
      "--host", host, "--data-root", root + "/data", "--exec-root", sockets + "/exec",
      "--pidfile", sockets + "/docker.pid",
    ]
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    try process.run()
    for _ in 0..<120 {
      if (try? DockerEngine.docker(["-H", host, "version", "--format", "{{.Server.Version}}"])) != nil { return }
      Thread.sleep(forTimeInterval: 0.25)
    }
    stop()
    throw NSError(domain: "PrivateEngine", code: 1, userInfo: [NSLocalizedDescriptionKey: "dockerd did not answer on \(socket)"])
  }

  /// Stops dockerd (it unmounts what it mounted) and removes its socket directory.
  public func stop() {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
    try? FileManager.default.removeItem(atPath: sockets)
  }

  deinit { stop() }
}
