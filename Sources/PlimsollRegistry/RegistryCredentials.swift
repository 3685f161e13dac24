public import Foundation

/// A user name and password (or identity token) for one registry.
public struct RegistryCredentials: Sendable, Hashable {
  public var username: String
  public var password: String

  public init(username: String, password: String) {
    self.username = username
    self.password = password
  }

  /// `Basic base64(user:password)`.
  var basicAuthorization: String {
    "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
  }
}

/// Credentials the way the Docker CLI finds them: `$DOCKER_CONFIG/config.json` (else
/// `~/.docker/config.json`), its `credHelpers` for this registry, then its `auths` entry,
/// then its `credsStore`; a helper is `docker-credential-<name> get`, fed the server URL.
public enum DockerCredentials {
  /// The server name Docker Hub's credentials are stored under.
  static let dockerHubServer = "https://index.docker.io/v1/"

  /// The credentials for `registry` (`docker.io`, `localhost:5000`), or nil when none are
  /// configured. A helper that fails is a warning in `warnings`, not an error.
  public static func lookup(
    registry: String, environment: [String: String] = ProcessInfo.processInfo.environment,
    warnings: inout [String]
  ) -> RegistryCredentials? {
    let directory = environment["DOCKER_CONFIG"]
      ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.docker")
    let path = directory + "/config.json"
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    guard let config = try? JSONDecoder().decode(DockerConfigFile.self, from: data) else {
      warnings.append("\(path): not a Docker client configuration; no credentials read from it")
      return nil
    }
    let names = registry == ImageReference.dockerHub
      ? [dockerHubServer, "docker.io", "index.docker.io", "registry-1.docker.io"]
      : [registry, "https://" + registry, "http://" + registry]
    if let helper = names.lazy.compactMap({ config.credHelpers?[$0] }).first {
      return fromHelper(helper, server: names[0], environment: environment, warnings: &warnings)
    }
    for name in names {
      if let auth = config.auths?[name], let credentials = auth.credentials { return credentials }
    }
    if let store = config.credsStore {
      return fromHelper(store, server: names[0], environment: environment, warnings: &warnings)
    }
    return nil
  }

  /// Runs `docker-credential-<helper> get` (found on `environment`'s PATH) with `server` on its
  /// standard input.
  static func fromHelper(
    _ helper: String, server: String, environment: [String: String], warnings: inout [String]
  ) -> RegistryCredentials? {
    guard helper.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
      warnings.append("credential helper name '\(helper)' is not a plain name; not run")
      return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["docker-credential-" + helper, "get"]
    process.environment = environment
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      warnings.append("docker-credential-\(helper): cannot run it: \(error.localizedDescription)")
      return nil
    }
    input.fileHandleForWriting.write(Data(server.utf8))
    try? input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      // "credentials not found" is how helpers say there are none for this server.
      return nil
    }
    guard let answer = try? JSONDecoder().decode(HelperAnswer.self, from: data) else {
      warnings.append("docker-credential-\(helper) get: the answer is not {\"Username\", \"Secret\"} JSON")
      return nil
    }
    return RegistryCredentials(username: answer.username, password: answer.secret)
  }

  struct HelperAnswer: Decodable {
    var username: String
    var secret: String
    enum CodingKeys: String, CodingKey {
      case username = "Username"
      case secret = "Secret"
    }
  }

  /// The parts of `config.json` that hold credentials.
  struct DockerConfigFile: Decodable {
    struct Auth: Decodable {
      var auth: String?
      var username: String?
      var password: String?
      var identitytoken: String?

      var credentials: RegistryCredentials? {
        if let auth, let decoded = Data(base64Encoded: auth),
          let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        {
          return RegistryCredentials(
            username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        }
        if let username, let password { return RegistryCredentials(username: username, password: password) }
        if let identitytoken { return RegistryCredentials(username: "<token>", password: identitytoken) }
        return nil
      }
    }
    var auths: [String: Auth]?
    var credHelpers: [String: String]?
    var credsStore: String?
  }
}
