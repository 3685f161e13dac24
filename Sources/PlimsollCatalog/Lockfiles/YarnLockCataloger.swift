import Foundation
import PlimsollDiagnostics
public import PlimsollLayers

/// Reads `yarn.lock`, classic (v1: `"name@range":` then `version "x"`) and Berry (`version:
/// x` and `resolution: "name@npm:x"`). An alias (`alias@npm:real@range`) is the real package;
/// workspace and patch entries are left out.
public struct YarnLockCataloger: Cataloger {
  public var name: String { "yarn-lock" }

  public init() {}

  public func wants(_ entry: EntryInfo) -> Bool {
    (entry.path as NSString).lastPathComponent == "yarn.lock" && !entry.path.contains("/node_modules/")
  }

  public func catalog(_ file: LayerFile) -> CatalogResult {
    var packages: [Package] = []
    var seen = Set<String>()
    var name: String?
    for raw in String(decoding: file.contents, as: UTF8.self).split(separator: "\n") {
      let line = String(raw)
      if line.hasPrefix("#") || line.isEmpty { continue }
      if !line.hasPrefix(" "), line.hasSuffix(":") {
        // `"@scope/a@^1", "@scope/a@^1.2":` — the name is the first spec less its range.
        let first = line.dropLast().split(separator: ",").first.map(String.init) ?? ""
        name = Self.packageName(fromSpec: first.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")))
        continue
      }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard let current = name, trimmed.hasPrefix("version") else { continue }
      let version = trimmed.dropFirst("version".count).trimmingCharacters(in: CharacterSet(charactersIn: ": \""))
      guard !version.isEmpty, !version.hasPrefix("0.0.0-use.local"), seen.insert(current + "@" + version).inserted
      else { continue }
      packages.append(.locked(.npm, name: current, version: version,
                              purl: NpmPackage.purl(name: current, version: version), file: file))
      name = nil
    }
    return CatalogResult(packages: packages)
  }

  /// `lodash@^4.17.0` → `lodash`; `@babel/core@npm:^7.0.0` → `@babel/core`;
  /// `string-width-cjs@npm:string-width@^4.2.0` → `string-width`; nil for workspaces and patches.
  static func packageName(fromSpec spec: String) -> String? {
    if spec == "__metadata" || spec.contains("@workspace:") || spec.contains("@patch:") || spec.contains("@file:")
      || spec.contains("@link:") || spec.contains("@portal:")
    {
      return nil
    }
    var rest = spec
    if let alias = rest.range(of: "@npm:") {
      let target = String(rest[alias.upperBound...])
      // `npm:real@range` names another package; `npm:^1.0` only a range.
      if let first = target.first, first.isLetter || first == "@", target.dropFirst().contains("@") {
        rest = target
      } else {
        rest = String(rest[..<alias.lowerBound])
        return rest.isEmpty ? nil : rest
      }
    }
    let search = rest.hasPrefix("@") ? rest.dropFirst() : Substring(rest)
    guard let at = search.lastIndex(of: "@") else { return rest.isEmpty ? nil : rest }
    let name = String(rest[..<at])
    return name.isEmpty ? nil : name
  }
}
