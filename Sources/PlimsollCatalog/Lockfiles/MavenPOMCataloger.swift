import Foundation
import PlimsollDiagnostics
public import PlimsollLayers

/// Reads the dependencies a Maven `pom.xml` declares: `${…}` versions resolved from the
/// file's `<properties>`, its own and its parent's version, and `<dependencyManagement>`;
/// `test` scope marked dev. A dependency whose version cannot be resolved in the file is a
/// warning, never a package without a version. (A parent POM elsewhere in the tree is not
/// read.)
public struct MavenPOMCataloger: Cataloger {
  public var name: String { "maven-pom" }
  public var maxFileSize: Int64 { 4 << 20 }

  public init() {}

  public func wants(_ entry: EntryInfo) -> Bool {
    (entry.path as NSString).lastPathComponent == "pom.xml"
  }

  public func catalog(_ file: LayerFile) -> CatalogResult {
    // Comments out first: they often hold commented-out dependencies.
    let text = String(decoding: file.contents, as: UTF8.self)
      .replacingOccurrences(of: #"<!--[\s\S]*?-->"#, with: "", options: .regularExpression)
    guard text.contains("<project") else {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: "not a Maven POM (no <project> element)")])
    }
    var properties: [String: String] = [:]
    if let block = Self.element("properties", in: text) {
      for match in Self.matches(#"<([A-Za-z0-9_.-]+)>\s*([^<]*?)\s*</\1>"#, in: block) {
        properties[match[1]] = match[2]
      }
    }
    let parent = Self.element("parent", in: text)
    let project = Self.projectCoordinates(inUncommented: text)
    properties["project.version"] = project.version
    properties["project.groupId"] = project.groupId
    properties["project.parent.version"] = parent.flatMap { Self.value("version", in: $0) }
    properties["version"] = properties["project.version"]
    func resolve(_ raw: String?) -> String? {
      guard var value = raw else { return nil }
      for _ in 0..<8 where value.contains("${") {
        guard let match = Self.matches(#"\$\{([^}]+)\}"#, in: value).first, let replacement = properties[match[1]] ?? nil
        else { return nil }
        value = value.replacingOccurrences(of: match[0], with: replacement)
      }
      return value.contains("${") || value.isEmpty ? nil : value
    }
    var managed: [String: String] = [:]
    if let management = Self.element("dependencyManagement", in: text) {
      for dependency in Self.dependencies(in: management) {
        if let version = resolve(dependency["version"]) { managed[dependency["groupId", default: ""] + ":" + dependency["artifactId", default: ""]] = version }
      }
    }
    var body = text
    if let range = Self.elementRange("dependencyManagement", in: body) { body.removeSubrange(range) }
    var packages: [Package] = []
    var warnings: [ScanWarning] = []
    for dependency in Self.dependencies(in: body) {
      guard let group = resolve(dependency["groupId"]), let artifact = resolve(dependency["artifactId"]) else { continue }
      guard let version = resolve(dependency["version"]) ?? managed[group + ":" + artifact] else {
        warnings.append(ScanWarning(input: file.path, message: "\(group):\(artifact) has no version this POM resolves (a parent or BOM sets it); not checked"))
        continue
      }
      let purl = PackageURL(type: PackageType.maven.purlType, namespace: group, name: artifact, version: version).description
      var package = Package.locked(.maven, name: artifact, version: version, purl: purl, file: file, direct: true,
                                   dev: dependency["scope"] == "test")
      package.metadata["groupId"] = group
      package.metadata["artifactId"] = artifact
      packages.append(package)
    }
    return CatalogResult(packages: packages, warnings: warnings)
  }

  /// The project's own coordinates in a POM (group and version inherited from `<parent>`
  /// when the project does not set them); nil parts are absent. Values are as written, with
  /// any `${…}` left in place.
  static func projectCoordinates(_ pom: String) -> (groupId: String?, artifactId: String?, version: String?) {
    projectCoordinates(inUncommented: pom.replacingOccurrences(of: #"<!--[\s\S]*?-->"#, with: "", options: .regularExpression))
  }

  static func projectCoordinates(inUncommented text: String) -> (groupId: String?, artifactId: String?, version: String?) {
    let parent = element("parent", in: text)
    // The project's own coordinates: its top-level elements, outside parent and dependencies.
    var top = text
    for name in ["parent", "dependencyManagement", "dependencies", "build", "profiles", "properties",
                 "plugins", "reporting", "exclusions"] {
      while let range = elementRange(name, in: top) { top.removeSubrange(range) }
    }
    return (value("groupId", in: top) ?? parent.flatMap { value("groupId", in: $0) },
            value("artifactId", in: top),
            value("version", in: top) ?? parent.flatMap { value("version", in: $0) })
  }

  /// Each `<dependency>` in `text` as its child elements.
  static func dependencies(in text: String) -> [[String: String]] {
    matches(#"<dependency>([\s\S]*?)</dependency>"#, in: text).map { match in
      var fields: [String: String] = [:]
      for field in ["groupId", "artifactId", "version", "scope"] {
        fields[field] = value(field, in: match[1])
      }
      return fields
    }
  }

  static func element(_ name: String, in text: String) -> String? {
    elementRange(name, in: text).map { String(text[$0]) }
  }

  static func elementRange(_ name: String, in text: String) -> Range<String.Index>? {
    text.range(of: "<\(name)>[\\s\\S]*?</\(name)>", options: .regularExpression)
  }

  static func value(_ name: String, in text: String) -> String? {
    matches("<\(name)>\\s*([^<]*?)\\s*</\(name)>", in: text).first?[1]
  }

  static func matches(_ pattern: String, in text: String) -> [[String]] {
    guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
    return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
      (0..<match.numberOfRanges).map { index in
        Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
      }
    }
  }
}
