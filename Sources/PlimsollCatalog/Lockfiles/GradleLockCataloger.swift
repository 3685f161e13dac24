import Foundation
import PlimsollDiagnostics
public import PlimsollLayers

/// Reads Gradle dependency locks (`gradle.lockfile`, `*.lockfile` under
/// `gradle/dependency-locks/`): `group:artifact:version=configurations` lines.
public struct GradleLockCataloger: Cataloger {
  public var name: String { "gradle-lock" }

  public init() {}

  public func wants(_ entry: EntryInfo) -> Bool {
    let name = (entry.path as NSString).lastPathComponent
    return name == "gradle.lockfile"
      || (name.hasSuffix(".lockfile") && entry.path.contains("/gradle/dependency-locks/"))
  }

  public func catalog(_ file: LayerFile) -> CatalogResult {
    var packages: [Package] = []
    for raw in String(decoding: file.contents, as: UTF8.self).split(separator: "\n") {
      let line = raw.trimmingCharacters(in: .whitespaces)
      guard !line.hasPrefix("#"), !line.hasPrefix("empty="), let equals = line.firstIndex(of: "=") else { continue }
      let coordinates = line[..<equals].split(separator: ":").map(String.init)
      guard coordinates.count == 3 else { continue }
      let configurations = line[line.index(after: equals)...]
      let testOnly = !configurations.isEmpty && configurations.split(separator: ",").allSatisfy { $0.lowercased().contains("test") }
      let purl = PackageURL(type: PackageType.maven.purlType, namespace: coordinates[0], name: coordinates[1],
                            version: coordinates[2]).description
      var package = Package.locked(.maven, name: coordinates[1], version: coordinates[2], purl: purl,
                                   file: file, dev: testOnly)
      package.metadata["groupId"] = coordinates[0]
      package.metadata["artifactId"] = coordinates[1]
      packages.append(package)
    }
    return CatalogResult(packages: packages)
  }
}
