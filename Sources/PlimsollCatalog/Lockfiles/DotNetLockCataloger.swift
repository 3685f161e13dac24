import Foundation
import PlimsollDiagnostics
public import PlimsollLayers

/// Reads .NET dependency records: NuGet's `packages.lock.json` (per target framework, each
/// package `Direct` or `Transitive` with its `resolved` version; `Project` references are the
/// solution's own) and a build's `*.deps.json` (`libraries` of type `package`).
public struct DotNetLockCataloger: Cataloger {
  public var name: String { "dotnet-lock" }

  public init() {}

  public func wants(_ entry: EntryInfo) -> Bool {
    let name = (entry.path as NSString).lastPathComponent
    return name == "packages.lock.json" || name.hasSuffix(".deps.json")
  }

  public func catalog(_ file: LayerFile) -> CatalogResult {
    guard let object = try? JSONSerialization.jsonObject(with: Data(file.contents)) as? [String: Any] else {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: "malformed .NET dependency file (not a JSON object)")])
    }
    var packages: [Package] = []
    var seen = Set<String>()
    func add(_ name: String, _ version: String, direct: Bool?) {
      guard !name.isEmpty, !version.isEmpty, seen.insert(name.lowercased() + "@" + version).inserted else { return }
      packages.append(.locked(.nuget, name: name, version: version, file: file, direct: direct))
    }
    if file.path.hasSuffix("packages.lock.json") {
      for case let framework as [String: Any] in (object["dependencies"] as? [String: Any] ?? [:]).values {
        for (name, value) in framework.sorted(by: { $0.key < $1.key }) {
          guard let entry = value as? [String: Any], let type = entry["type"] as? String, type != "Project",
            let version = entry["resolved"] as? String
          else { continue }
          add(name, version, direct: type == "Direct")
        }
      }
    } else {
      for (key, value) in (object["libraries"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
        guard (value as? [String: Any])?["type"] as? String == "package", let slash = key.lastIndex(of: "/") else { continue }
        add(String(key[..<slash]), String(key[key.index(after: slash)...]), direct: nil)
      }
    }
    return CatalogResult(packages: packages)
  }
}
