import Foundation
import PlimsollDiagnostics
public import PlimsollLayers
import Yams

/// Reads lock files of ecosystems Plimsoll inventories without advisories yet: Elixir's
/// `mix.lock` (Hex packages), Dart's `pubspec.lock` (hosted packages) and SwiftPM's
/// `Package.resolved` (versions 1 to 3).
public struct InventoryLockCataloger: Cataloger {
  public var name: String { "inventory-lock" }

  public init() {}

  public func wants(_ entry: EntryInfo) -> Bool {
    ["mix.lock", "pubspec.lock", "Package.resolved"].contains((entry.path as NSString).lastPathComponent)
      && !entry.path.contains("/.build/") && !entry.path.contains("/deps/")
  }

  public func catalog(_ file: LayerFile) -> CatalogResult {
    let text = String(decoding: file.contents, as: UTF8.self)
    switch (file.path as NSString).lastPathComponent {
    case "mix.lock": return mix(text, file)
    case "pubspec.lock": return pubspec(text, file)
    default: return swiftPM(file)
    }
  }

  /// `"jason": {:hex, :jason, "1.4.1", …}`; git and path dependencies have no version.
  func mix(_ text: String, _ file: LayerFile) -> CatalogResult {
    guard let expression = try? NSRegularExpression(pattern: #""[^"]+":\s*\{:hex,\s*:"?([A-Za-z0-9_]+)"?,\s*"([^"]+)""#)
    else { return CatalogResult() }
    let packages = expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match -> Package? in
      guard let name = Range(match.range(at: 1), in: text), let version = Range(match.range(at: 2), in: text) else { return nil }
      return .locked(.hex, name: String(text[name]), version: String(text[version]), file: file)
    }
    return CatalogResult(packages: packages)
  }

  /// `packages: {name: {dependency: "direct main", source: hosted, version: "1.2.3"}}`.
  func pubspec(_ text: String, _ file: LayerFile) -> CatalogResult {
    guard let document = try? Yams.load(yaml: text) as? [String: Any] else {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: "malformed pubspec.lock (not a YAML mapping)")])
    }
    var packages: [Package] = []
    for (name, value) in (document["packages"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
      guard let entry = value as? [String: Any], entry["source"] as? String == "hosted",
        let version = entry["version"] as? String
      else { continue }
      let dependency = entry["dependency"] as? String ?? ""
      packages.append(.locked(.pub, name: name, version: version, file: file,
                              direct: dependency.hasPrefix("direct"), dev: dependency == "direct dev"))
    }
    return CatalogResult(packages: packages)
  }

  /// Pins with a released version (a branch or revision pin has none): `pkg:swift/<host>/<owner>/<name>@<version>`.
  func swiftPM(_ file: LayerFile) -> CatalogResult {
    guard let object = try? JSONSerialization.jsonObject(with: Data(file.contents)) as? [String: Any] else {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: "malformed Package.resolved (not a JSON object)")])
    }
    let pins = (object["pins"] as? [[String: Any]]) ?? ((object["object"] as? [String: Any])?["pins"] as? [[String: Any]]) ?? []
    var packages: [Package] = []
    for pin in pins {
      guard let location = (pin["location"] ?? pin["repositoryURL"]) as? String,
        let version = (pin["state"] as? [String: Any])?["version"] as? String
      else { continue }
      var path = location.replacingOccurrences(of: #"^[a-z+]+://"#, with: "", options: .regularExpression)
      if path.hasSuffix(".git") { path.removeLast(4) }
      let parts = path.split(separator: "/").map(String.init)
      let name = (pin["identity"] as? String) ?? (pin["package"] as? String) ?? parts.last ?? path
      let purl = PackageURL(type: PackageType.swift.rawValue, namespace: parts.dropLast().joined(separator: "/"),
                            name: parts.last ?? name, version: version).description
      packages.append(.locked(.swift, name: name, version: version, purl: purl, file: file))
    }
    return CatalogResult(packages: packages)
  }
}
