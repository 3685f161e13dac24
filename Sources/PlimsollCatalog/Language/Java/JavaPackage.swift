import Foundation

/// Builds Maven packages and Package URLs.
enum JavaPackage {
  /// `pkg:maven/<groupId>/<artifactId>@<version>`.
  static func purl(groupId: String, artifactId: String, version: String) -> String {
    PackageURL(type: PackageType.maven.purlType, namespace: groupId, name: artifactId,
               version: version.isEmpty ? nil : version).description
  }

  static func fromPom(_ pom: PomProperties, pathInArchive: String, location: String,
                      manifest: JavaManifest?) -> Package {
    var metadata = ["groupId": pom.groupId, "artifactId": pom.artifactId,
                    "pomProperties": pathInArchive]
    if let vendor = manifest?["Implementation-Vendor"] { metadata[PackageMetadataKey.vendor] = vendor }
    return Package(type: .maven, name: pom.artifactId, version: pom.version,
                   purl: purl(groupId: pom.groupId, artifactId: pom.artifactId, version: pom.version),
                   licenses: licenses(manifest), foundIn: location, metadata: metadata)
  }

  /// A package for an archive without `pom.properties`: name from an embedded `pom.xml`'s
  /// `artifactId`, else the file name (else the manifest); version from the `pom.xml`, else
  /// `Implementation-Version`, else the file name, else the OSGi `Bundle-Version` or
  /// `Specification-Version`; group from the `pom.xml`, else `Implementation-Vendor-Id`, else
  /// a dotted `Bundle-SymbolicName` or `Automatic-Module-Name`, else the name (marked
  /// inferred). `${…}` values of the POM are not used.
  static func fromManifest(_ manifest: JavaManifest?, pom: (groupId: String?, artifactId: String?, version: String?)? = nil,
                           fileName: Substring, location: String) -> Package {
    func literal(_ value: String?) -> String? {
      guard let value, !value.isEmpty, !value.contains("${") else { return nil }
      return value
    }
    let pomArtifact = literal(pom?.artifactId)
    let pomGroup = literal(pom?.groupId)
    let pomVersion = literal(pom?.version)
    var guessed = JavaArchiveFileName.split(fileName)
    if let pomArtifact { guessed.name = pomArtifact }
    let symbolicName = manifest?["Bundle-SymbolicName"].map {
      String($0.split(separator: ";").first ?? Substring($0)).trimmingCharacters(in: .whitespaces)
    }
    let name = guessed.name.isEmpty
      ? (symbolicName ?? manifest?["Implementation-Title"] ?? manifest?["Specification-Title"] ?? "")
      : guessed.name
    let version = pomVersion ?? manifest?["Implementation-Version"] ?? guessed.version ?? manifest?["Bundle-Version"]
      ?? manifest?["Specification-Version"] ?? ""
    var metadata = ["artifactId": name]
    let dotted = [symbolicName, manifest?["Automatic-Module-Name"]].compactMap { $0 }
      .first { $0.contains(".") && !$0.contains(" ") }
    let groupId: String
    if let pomGroup {
      groupId = pomGroup
      metadata["pomXML"] = "true"
    } else if let vendorId = manifest?["Implementation-Vendor-Id"] {
      groupId = vendorId
    } else {
      groupId = dotted ?? name
      metadata["groupIdInferred"] = "true"
    }
    metadata["groupId"] = groupId
    if let symbolicName { metadata["bundleSymbolicName"] = symbolicName }
    if let title = manifest?["Implementation-Title"] { metadata["implementationTitle"] = title }
    if let vendor = manifest?["Implementation-Vendor"] ?? manifest?["Bundle-Vendor"] { metadata[PackageMetadataKey.vendor] = vendor }
    return Package(type: .maven, name: name, version: version,
                   purl: purl(groupId: groupId, artifactId: name, version: version),
                   licenses: licenses(manifest), foundIn: location, metadata: metadata)
  }

  static func licenses(_ manifest: JavaManifest?) -> [String] {
    guard let license = manifest?["Bundle-License"] else { return [] }
    return license.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
  }
}
