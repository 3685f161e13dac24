import PlimsollIO

/// An image in a registry, named the way the Docker CLI names it: `nginx:1.27`,
/// `registry.example.com/team/app:1.4`, `localhost:5000/app@sha256:…`.
///
/// No registry host means `docker.io`, a single-name repository there gets `library/`, no tag
/// means `latest`; a digest wins over a tag. The first component is a registry host when it
/// holds a `.` or a `:`, or is `localhost`.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
  /// The registry host and port as written (`docker.io`, `localhost:5000`).
  public var registry: String
  /// The repository path (`library/nginx`, `team/app`).
  public var repository: String
  /// The tag, when one was given (or `latest` when neither tag nor digest was).
  public var tag: String?
  /// `sha256:<64 hex>`, when the reference pins one.
  public var digest: String?

  /// The registry Docker Hub's name stands for.
  public static let dockerHub = "docker.io"

  /// Parses `text`; throws a message naming what is wrong with it.
  public init(parsing text: String) throws(RegistryError) {
    func invalid(_ problem: String) -> RegistryError { .invalidReference(text, problem) }
    var rest = Substring(text)
    if let at = rest.firstIndex(of: "@") {
      let digest = String(rest[rest.index(after: at)...])
      guard Self.isDigest(digest) else { throw invalid("the digest must be sha256: and 64 lowercase hex digits") }
      self.digest = digest
      rest = rest[..<at]
    } else {
      digest = nil
    }
    // A tag follows the last `:` that comes after the last `/` (a port comes before it).
    var tag: String?
    if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
      tag = String(rest[rest.index(after: colon)...])
      rest = rest[..<colon]
      guard let tag, Self.isTag(tag) else {
        throw invalid("a tag is 1 to 128 letters, digits, `_`, `.` or `-`, not starting with `.` or `-`")
      }
    }
    var components = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard let first = components.first, !first.isEmpty else { throw invalid("no repository name") }
    if components.count > 1, first.contains(".") || first.contains(":") || first == "localhost" {
      guard Self.isHost(first) else { throw invalid("'\(first)' is not a registry host[:port]") }
      registry = first
      components.removeFirst()
    } else {
      registry = Self.dockerHub
    }
    if registry == Self.dockerHub && components.count == 1 { components.insert("library", at: 0) }
    guard components.allSatisfy(Self.isPathComponent) else {
      throw invalid("repository path components are lowercase letters and digits, joined by `.`, `_`, `__` or `-`")
    }
    repository = components.joined(separator: "/")
    guard repository.count + registry.count < 256 else { throw invalid("the name is longer than 255 characters") }
    self.tag = tag ?? (digest == nil ? "latest" : nil)
  }

  /// What `GET /v2/<name>/manifests/<reference>` asks for: the digest, else the tag.
  public var manifestReference: String { digest ?? tag ?? "latest" }

  /// The host the Distribution API answers on (Docker Hub's API is `registry-1.docker.io`).
  public var apiHost: String { registry == Self.dockerHub ? "registry-1.docker.io" : registry }

  /// Whether the host is a loopback address, where plain HTTP needs no second thought.
  public var isLoopback: Bool {
    let host = registry.split(separator: ":").first.map(String.init) ?? registry
    return host == "localhost" || host == "127.0.0.1" || host.hasPrefix("127.") || host == "[::1]"
  }

  /// `registry/repository[:tag][@digest]`, fully qualified.
  public var description: String {
    registry + "/" + repository + (tag.map { ":" + $0 } ?? "") + (digest.map { "@" + $0 } ?? "")
  }

  static func isDigest(_ text: String) -> Bool { Digest(text) != nil }

  static func isTag(_ text: String) -> Bool {
    guard let first = text.first, text.count <= 128, first != ".", first != "-" else { return false }
    return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
  }

  static func isHost(_ text: String) -> Bool {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count <= 2, let host = parts.first, !host.isEmpty else { return false }
    if parts.count == 2 {
      guard let port = Int(parts[1]), (1...65535).contains(port) else { return false }
    }
    return host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
  }

  /// `[a-z0-9]+` joined by one `.`, one or two `_`, or any number of `-`.
  static func isPathComponent(_ text: String) -> Bool {
    guard let first = text.first, let last = text.last, isAlphanumeric(first), isAlphanumeric(last)
    else { return false }
    var separator = ""
    for character in text {
      if isAlphanumeric(character) {
        guard separator.isEmpty || separator == "." || separator == "_" || separator == "__"
          || separator.allSatisfy({ $0 == "-" })
        else { return false }
        separator = ""
      } else if character == "." || character == "_" || character == "-" {
        separator.append(character)
      } else {
        return false
      }
    }
    return true
  }

  static func isAlphanumeric(_ character: Character) -> Bool {
    ("a"..."z").contains(character) || ("0"..."9").contains(character)
  }
}
