import Foundation
import PlimsollLayers

/// What lock-file catalogers share: the metadata keys they set and how a package is made.
public enum LockfileMetadata {
  /// `direct` (the project names it) or `transitive` (pulled in by another dependency),
  /// where the lock file tells.
  public static let dependency = "dependency"
  /// `dev` for development-only dependencies, `prod` otherwise, where the lock file tells.
  public static let scope = "scope"
  /// The lock file format, e.g. `poetry.lock`.
  public static let lockfile = "lockfile"
}

extension Package {
  /// A package pinned by a lock file, with its purl.
  static func locked(_ type: PackageType, name: String, version: String, purl: String? = nil,
                     file: LayerFile, direct: Bool? = nil, dev: Bool? = nil) -> Package {
    var metadata = [LockfileMetadata.lockfile: (file.path as NSString).lastPathComponent]
    if let direct { metadata[LockfileMetadata.dependency] = direct ? "direct" : "transitive" }
    if let dev { metadata[LockfileMetadata.scope] = dev ? "dev" : "prod" }
    return Package(type: type, name: name, version: version,
                   purl: purl ?? PackageURL(type: type.purlType, name: name, version: version).description,
                   foundIn: file.path, metadata: metadata)
  }
}

/// A tiny reader for the TOML that lock files use: `[[package]]` tables of `key = "string"`
/// lines (Cargo.lock, poetry.lock, uv.lock). Arrays and inline tables are kept as raw text.
struct LockTOML {
  /// One `[[name]]` table's string values.
  struct Table {
    var header: String
    var values: [String: String]
  }

  var tables: [Table] = []

  init(_ text: String) {
    var current: Table?
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("[") {
        if let current { tables.append(current) }
        current = Table(header: line.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), values: [:])
        continue
      }
      guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
      let key = line[..<equals].trimmingCharacters(in: .whitespaces)
      var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
        value = String(value.dropFirst().dropLast())
      }
      current?.values[key] = value
    }
    if let current { tables.append(current) }
  }

  /// The `[[package]]` tables.
  var packages: [Table] { tables.filter { $0.header == "package" } }
}
