import Foundation
import PlimsollDiagnostics
public import PlimsollLayers

/// Finds the NuGet packages a built .NET application carries: its `*.deps.json` (written
/// beside the application's assemblies by `dotnet build` and `dotnet publish`), whose
/// `libraries` of type `package` are the packages deployed with it; `project` libraries are
/// the application's own assemblies.
///
/// Image and source-tree scans both run it; NuGet's `packages.lock.json` stays with the lock
/// files (`DotNetLockCataloger`).
public struct DotNetDepsCataloger: Cataloger {
  public var name: String { "dotnet-deps" }
  public var maxFileSize: Int64 { 16 << 20 }

  public init() {}

  /// `NAME.deps.json` anywhere.
  public func wants(_ entry: EntryInfo) -> Bool {
    entry.path.hasSuffix(".deps.json")
  }

  public func catalog(_ file: LayerFile) -> CatalogResult {
    guard let object = try? JSONSerialization.jsonObject(with: Data(file.contents)) as? [String: Any] else {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: "malformed .NET dependency file (not a JSON object)")])
    }
    guard let libraries = object["libraries"] as? [String: Any] else {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: ".NET dependency file has no \"libraries\" object")])
    }
    var packages = NuGetPackages(file: file)
    for (key, value) in libraries.sorted(by: { $0.key < $1.key }) {
      guard (value as? [String: Any])?["type"] as? String == "package", let slash = key.lastIndex(of: "/") else { continue }
      packages.add(String(key[..<slash]), String(key[key.index(after: slash)...]), direct: nil)
    }
    return CatalogResult(packages: packages.packages)
  }
}
