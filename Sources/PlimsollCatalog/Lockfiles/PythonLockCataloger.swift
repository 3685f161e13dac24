import Foundation
import PlimsollDiagnostics
public import PlimsollLayers

/// Reads Python lock files: `poetry.lock`, `uv.lock` and `pdm.lock` (`[[package]]` tables) and
/// `Pipfile.lock` (JSON `default` and `develop` maps of `==` pins).
public struct PythonLockCataloger: Cataloger {
  public var name: String { "python-lock" }

  public init() {}

  public func wants(_ entry: EntryInfo) -> Bool {
    ["poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock"].contains((entry.path as NSString).lastPathComponent)
  }

  public func catalog(_ file: LayerFile) -> CatalogResult {
    let name = (file.path as NSString).lastPathComponent
    if name == "Pipfile.lock" { return pipfile(file) }
    let entries: [TOMLLockFile.Entry]
    switch TOMLLockFile.read(file) {
    case .success(let value): entries = value
    case .failure(let warning): return CatalogResult(warnings: [warning])
    }
    var packages: [Package] = []
    for entry in entries {
      guard let package = entry.name, let version = entry.version else { continue }
      // uv lists the project itself (an editable or virtual source); it is not a dependency.
      if case .table(let source) = entry.source, source["editable"] != nil || source["virtual"] != nil { continue }
      // Poetry (before 1.5) says `category = "dev"`; PDM lists the `groups` that need it.
      let dev = entry.category.map { $0 == "dev" } ?? entry.groups.map { !$0.contains("default") }
      packages.append(.locked(.python, name: package, version: version, file: file, dev: dev))
    }
    if packages.isEmpty, !file.contents.isEmpty {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: "no [[package]] entries with a name and version")])
    }
    return CatalogResult(packages: packages)
  }

  private func pipfile(_ file: LayerFile) -> CatalogResult {
    guard let object = try? JSONSerialization.jsonObject(with: Data(file.contents)) as? [String: Any] else {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: "malformed Pipfile.lock (not a JSON object)")])
    }
    var packages: [Package] = []
    for (section, dev) in [("default", false), ("develop", true)] {
      for (name, value) in (object[section] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
        guard let spec = (value as? [String: Any])?["version"] as? String, spec.hasPrefix("==") else { continue }
        packages.append(.locked(.python, name: name, version: String(spec.dropFirst(2)), file: file, dev: dev))
      }
    }
    return CatalogResult(packages: packages)
  }
}
