import Foundation
import PlimsollDiagnostics
public import PlimsollLayers

/// Reads NuGet's `packages.lock.json` (per target framework, each package `Direct` or
/// `Transitive` with its `resolved` version; `Project` references are the solution's own).
/// A build's `*.deps.json` is read by `DotNetDepsCataloger`, which image scans run too.
public struct DotNetLockCataloger: Cataloger {
  public var name: String { "dotnet-lock" }

  public init() {}

  public func wants(_ entry: EntryInfo) -> Bool {
    let name = (entry.path as NSString).lastPathComponent
    return name == "packages.lock.json"
  }

  public func catalog(_ file: LayerFile) -> CatalogResult {
    guard let object = try? JSONSerialization.jsonObject(with: Data(file.contents)) as? [String: Any] else {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: "malformed .NET dependency file (not a JSON object)")])
    }
    var packages = NuGetPackages(file: file)
    for case let framework as [String: Any] in (object["dependencies"] as? [String: Any] ?? [:]).values {
      for (name, value) in framework.sorted(by: { $0.key < $1.key }) {
        guard let entry = value as? [String: Any], let type = entry["type"] as? String, type != "Project",
          let version = entry["resolved"] as? String
        else { continue }
        packages.add(name, version, direct: type == "Direct")
      }
    }
    return CatalogResult(packages: packages.packages)
  }
}

/// NuGet packages of one .NET dependency file, each name and version once (ids compare
/// without case).
struct NuGetPackages {
  let file: LayerFile
  private(set) var packages: [Package] = []
  private var seen = Set<String>()

  init(file: LayerFile) { self.file = file }

  mutating func add(_ name: String, _ version: String, direct: Bool?) {
    guard !name.isEmpty, !version.isEmpty, seen.insert(name.lowercased() + "@" + version).inserted else { return }
    packages.append(.locked(.nuget, name: name, version: version, file: file, direct: direct))
  }
}
