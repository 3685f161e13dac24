public import PlimsollDiagnostics
import Foundation
import Yams

/// A registries.d directory (containers-registries.d(5)): YAML files that say, per registry
/// scope, where the lookaside store of simple signatures is. The most specific scope
/// (`host`, `host/namespace`, `host/namespace/repository`) that matches an image wins, else
/// `default-docker`.
public struct RegistriesDirectory: Sendable {
  /// One scope's settings.
  public struct Entry: Sendable, Equatable {
    /// Where signatures are read from (`lookaside`, formerly `sigstore`).
    public var lookaside: String?
    /// Where signing tools write them (`lookaside-staging`, formerly `sigstore-staging`).
    public var lookasideStaging: String?

    /// The base URL signatures are read from: `lookaside`, else the staging store.
    public var readURL: String? { lookaside ?? lookasideStaging }
  }

  /// The directory read.
  public var path: String
  /// `default-docker`.
  public var defaultEntry: Entry?
  /// `docker:` scopes.
  public var scopes: [String: Entry]

  /// Reads every `*.yaml` file of `path`; a scope defined twice is an error, as in containers/image.
  public init(path: String) throws(InputError) {
    self.path = path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw InputError(path, "not a registries.d directory")
    }
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    var defaultEntry: Entry?
    var scopes: [String: Entry] = [:]
    for file in files {
      let filePath = (path as NSString).appendingPathComponent(file)
      guard let data = FileManager.default.contents(atPath: filePath) else {
        throw InputError(filePath, "cannot read the file")
      }
      let parsed: Any?
      do {
        parsed = try Yams.load(yaml: String(decoding: data, as: UTF8.self))
      } catch {
        throw InputError(filePath, "not YAML: \(error)")
      }
      guard let top = parsed as? [String: Any] else {
        if parsed == nil { continue }
        throw InputError(filePath, "the top level is not a mapping")
      }
      if let value = top["default-docker"] {
        guard defaultEntry == nil else { throw InputError(filePath, "default-docker is defined in more than one file") }
        defaultEntry = try Self.entry(value, file: filePath, scope: "default-docker")
      }
      if let docker = top["docker"] {
        guard let docker = docker as? [String: Any] else { throw InputError(filePath, "docker is not a mapping") }
        for (scope, value) in docker {
          guard scopes[scope] == nil else { throw InputError(filePath, "scope \(scope) is defined twice") }
          scopes[scope] = try Self.entry(value, file: filePath, scope: scope)
        }
      }
    }
    self.defaultEntry = defaultEntry
    self.scopes = scopes
  }

  static func entry(_ value: Any, file: String, scope: String) throws(InputError) -> Entry {
    guard let mapping = value as? [String: Any] else { throw InputError(file, "\(scope) is not a mapping") }
    func url(_ keys: [String]) throws(InputError) -> String? {
      for key in keys {
        guard let value = mapping[key] else { continue }
        guard let text = value as? String, let url = URL(string: text),
          ["http", "https", "file"].contains(url.scheme ?? "")
        else { throw InputError(file, "\(scope).\(key) is not an http(s):// or file:// URL") }
        return text
      }
      return nil
    }
    return Entry(lookaside: try url(["lookaside", "sigstore"]),
                 lookasideStaging: try url(["lookaside-staging", "sigstore-staging"]))
  }

  /// The entry for `registry/repository` (no tag): the longest matching scope, else the default.
  public func entry(forRepository name: String) -> (scope: String, entry: Entry)? {
    var candidate = name
    while true {
      if let entry = scopes[candidate] { return (candidate, entry) }
      guard let slash = candidate.lastIndex(of: "/") else { break }
      candidate = String(candidate[..<slash])
    }
    return defaultEntry.map { ("default-docker", $0) }
  }
}
