import Foundation
import PlimsollDiagnostics
public import PlimsollLayers
import Yams

/// Reads `pnpm-lock.yaml` (lockfile versions 5 to 9): the `packages` keys name each package
/// and version (`/name/1.2.3` in v5, `/name@1.2.3` in v6, `name@1.2.3` in v9, a peer suffix
/// `(…)` dropped); `dev: true` marks development-only packages (v5, v6); the importers'
/// `dependencies` and `devDependencies` say which are direct.
public struct PnpmLockCataloger: Cataloger {
  public var name: String { "pnpm-lock" }

  public init() {}

  public func wants(_ entry: EntryInfo) -> Bool {
    (entry.path as NSString).lastPathComponent == "pnpm-lock.yaml" && !entry.path.contains("/node_modules/")
  }

  public func catalog(_ file: LayerFile) -> CatalogResult {
    guard let document = try? Yams.load(yaml: String(decoding: file.contents, as: UTF8.self)) as? [String: Any] else {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: "malformed pnpm-lock.yaml (not a YAML mapping)")])
    }
    var direct = Set<String>()
    let importers = document["importers"] as? [String: Any] ?? ["." : document]
    for case let importer as [String: Any] in importers.values {
      for section in ["dependencies", "devDependencies", "optionalDependencies"] {
        direct.formUnion((importer[section] as? [String: Any] ?? [:]).keys)
      }
    }
    var packages: [Package] = []
    var seen = Set<String>()
    for (key, value) in (document["packages"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
      guard let (name, version) = Self.nameAndVersion(key), seen.insert(name + "@" + version).inserted else { continue }
      let dev = (value as? [String: Any])?["dev"] as? Bool
      packages.append(.locked(.npm, name: name, version: version, purl: NpmPackage.purl(name: name, version: version),
                              file: file, direct: direct.isEmpty ? nil : direct.contains(name), dev: dev))
    }
    return CatalogResult(packages: packages)
  }

  /// `/@scope/name@1.2.3(peer@1)` → (`@scope/name`, `1.2.3`); `/name/1.2.3` (v5) likewise.
  static func nameAndVersion(_ key: String) -> (String, String)? {
    var text = key.hasPrefix("/") ? String(key.dropFirst()) : key
    if let peer = text.firstIndex(of: "(") { text = String(text[..<peer]) }
    let search = text.hasPrefix("@") ? text.index(after: text.startIndex) : text.startIndex
    if let at = text[search...].lastIndex(of: "@") {
      let name = String(text[..<at])
      let version = String(text[text.index(after: at)...])
      return name.isEmpty || version.isEmpty ? nil : (name, version)
    }
    // v5: `name/1.2.3`, `@scope/name/1.2.3`.
    guard let slash = text.lastIndex(of: "/") else { return nil }
    let name = String(text[..<slash])
    let version = String(text[text.index(after: slash)...])
    guard let first = version.first, first.isNumber, !name.isEmpty else { return nil }
    return (name, version)
  }
}
