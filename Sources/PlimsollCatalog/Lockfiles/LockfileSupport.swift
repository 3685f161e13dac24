import Foundation
import PlimsollDiagnostics
import PlimsollLayers
import PlimsollIO

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

/// The `[[package]]` tables that TOML lock files share (Cargo.lock, poetry.lock, uv.lock,
/// pdm.lock), read with `TOMLDocument`; a file that is not valid TOML is one warning naming the line.
struct TOMLLockFile: Decodable {
  /// One `[[package]]` table: the keys the catalogers read.
  struct Entry: Decodable {
    var name: String?
    var version: String?
    /// Cargo's `source` string (`registry+…`), or the keys of uv's and Poetry's source table
    /// (`registry`, `editable`, `virtual`, `git`, `type`…).
    var source: Source?
    /// Poetry (before 1.5): `main` or `dev`.
    var category: String?
    /// PDM: the dependency groups that need the package.
    var groups: [String]?
  }

  /// A `source` value: a string or a table of strings.
  enum Source: Decodable {
    case text(String)
    case table([String: String])

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let text = try? container.decode(String.self) {
        self = .text(text)
      } else {
        self = .table(try container.decode([String: String].self))
      }
    }
  }

  var package: [Entry]?

  /// The file's packages, or a warning naming it and the first TOML error.
  static func read(_ file: LayerFile) -> Result<[Entry], ScanWarning> {
    let name = (file.path as NSString).lastPathComponent
    do {
      return .success(try TOMLDocument.decode(TOMLLockFile.self, from: String(decoding: file.contents, as: UTF8.self))
        .package ?? [])
    } catch let error as TOMLError {
      return .failure(ScanWarning(input: file.path, message: "malformed \(name): \(error.problem) at line \(error.line)"))
    } catch {
      return .failure(ScanWarning(input: file.path, message: "malformed \(name): \(error)"))
    }
  }
}
