import Foundation
import PlimsollCatalog
import PlimsollFindings

/// Writes an inventory as a CycloneDX 1.6 JSON BOM, optionally with the vulnerabilities found
/// in it.
///
/// The scanned image is `metadata.component` (type `container`), its OS an
/// `operating-system` component, every package a component with a unique `bom-ref`, its purl,
/// its licenses, and `plimsoll:` properties for the layer and database file it came from.
public enum CycloneDXWriter: InventoryWriter {
  /// The CycloneDX specification version written.
  public static let specVersion = "1.6"

  /// The BOM as JSON text.
  public static func write(_ inventory: Inventory, options: SBOMOptions = SBOMOptions()) -> String {
    document(inventory, vulnerabilities: [], options: options).rendered()
  }

  /// The BOM as JSON text with a `vulnerabilities` array made of `vulnerabilities` (findings
  /// of kind `vulnerability`; others are ignored), linked to components by purl.
  public static func write(_ inventory: Inventory, vulnerabilities: [Finding],
                           options: SBOMOptions = SBOMOptions()) -> String {
    document(inventory, vulnerabilities: vulnerabilities, options: options).rendered()
  }

  static func document(_ inventory: Inventory, vulnerabilities: [Finding],
                       options: SBOMOptions) -> JSONValue {
    var components = CycloneDXComponents(inventory: inventory)
    let vulnerabilityFindings = vulnerabilities.filter { $0.kind == .vulnerability }
    // A finding whose package is not in the inventory still needs a component to point at.
    components.addMissingPackages(for: vulnerabilityFindings)

    var bom = JSONObjectBuilder()
    bom.set("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json")
    bom.set("bomFormat", "CycloneDX")
    bom.set("specVersion", specVersion)
    bom.set("serialNumber", "urn:uuid:" + options.resolvedDocumentID.uuidString.lowercased())
    bom.set("version", 1)

    var metadata = JSONObjectBuilder()
    metadata.set("timestamp", ReportSupport.timestamp(options.resolvedTimestamp))
    var tool = JSONObjectBuilder()
    tool.set("type", "application")
    tool.set("name", "plimsoll")
    tool.set("version", options.toolVersion)
    tool.set("externalReferences", .array([.object([
      ("type", .string("website")), ("url", .string(PlimsollVersion.homepage)),
    ])]))
    metadata.set("tools", .object([("components", .array([tool.value]))]))
    metadata.set("component", targetComponent(inventory.target, bomRef: components.targetRef))
    bom.set("metadata", metadata.value)

    var componentValues: [JSONValue] = []
    if let os = inventory.os, let osRef = components.osRef {
      componentValues.append(osComponent(os, bomRef: osRef))
    }
    for entry in components.entries {
      componentValues.append(packageComponent(entry.package, bomRef: entry.bomRef))
    }
    bom.set("components", .array(componentValues))

    var dependsOn: [String] = []
    if let osRef = components.osRef { dependsOn.append(osRef) }
    dependsOn += components.entries.map(\.bomRef)
    bom.set("dependencies", .array([.object([
      ("ref", .string(components.targetRef)), ("dependsOn", .strings(dependsOn)),
    ])]))

    if !vulnerabilityFindings.isEmpty {
      bom.set("vulnerabilities",
              CycloneDXVulnerabilities.array(vulnerabilityFindings, components: components))
    }
    return bom.value
  }

  // MARK: Components

  static func targetComponent(_ target: TargetSummary, bomRef: String) -> JSONValue {
    var component = JSONObjectBuilder()
    component.set("bom-ref", bomRef)
    component.set("type", target.sourceKind == "rootfs" ? "file" : "container")
    component.set("name", target.name)
    component.set("version", ifNotEmpty: target.manifestDigest ?? target.configDigest)
    component.set("purl", ifPresent: imagePurl(target))
    var properties: [(String, String)] = [("plimsoll:target:sourceKind", target.sourceKind)]
    if let digest = target.manifestDigest { properties.append(("plimsoll:image:manifestDigest", digest)) }
    if let digest = target.configDigest { properties.append(("plimsoll:image:configDigest", digest)) }
    if let platform = target.platform { properties.append(("plimsoll:image:platform", platform)) }
    for tag in target.tags { properties.append(("plimsoll:image:tag", tag)) }
    for layer in target.layers {
      let prefix = "plimsoll:image:layer:\(layer.index):"
      properties.append((prefix + "diffID", layer.diffID))
      properties.append((prefix + "digest", layer.digest))
      properties.append((prefix + "mediaType", layer.mediaType))
      properties.append((prefix + "size", String(layer.size)))
      if let createdBy = layer.createdBy { properties.append((prefix + "createdBy", createdBy)) }
    }
    component.set("properties", propertyArray(properties))
    return component.value
  }

  /// The image's `pkg:oci` purl (purl spec: name = last repository segment, version = the
  /// manifest digest, `repository_url`, `tag`, `arch` qualifiers), when it has a tag and a
  /// manifest digest.
  static func imagePurl(_ target: TargetSummary) -> String? {
    guard let digest = target.manifestDigest, let reference = target.tags.first else { return nil }
    var repository = Substring(reference)
    if let at = repository.firstIndex(of: "@") { repository = repository[..<at] }
    var tag: Substring?
    if let colon = repository.lastIndex(of: ":"),
      !repository[repository.index(after: colon)...].contains("/")
    {
      tag = repository[repository.index(after: colon)...]
      repository = repository[..<colon]
    }
    guard let name = repository.split(separator: "/").last, !name.isEmpty else { return nil }
    var qualifiers = ["repository_url": String(repository).lowercased()]
    if let tag, !tag.isEmpty { qualifiers["tag"] = String(tag) }
    if let platform = target.platform {
      let parts = platform.split(separator: "/")
      if parts.count >= 2 { qualifiers["arch"] = String(parts[1]) }
    }
    return PackageURL(type: "oci", name: name.lowercased(), version: digest, qualifiers: qualifiers)
      .description
  }

  static func osComponent(_ os: OSRelease, bomRef: String) -> JSONValue {
    var component = JSONObjectBuilder()
    component.set("bom-ref", bomRef)
    component.set("type", "operating-system")
    component.set("name", os.id)
    component.set("version", ifNotEmpty: os.versionID)
    component.set("description", ifNotEmpty: os.prettyName)
    var properties: [(String, String)] = []
    if let codename = os.codename { properties.append(("plimsoll:os:codename", codename)) }
    for like in os.idLike { properties.append(("plimsoll:os:idLike", like)) }
    component.set("properties", ifNotEmpty: propertyList(properties))
    return component.value
  }

  static func packageComponent(_ package: Package, bomRef: String) -> JSONValue {
    var component = JSONObjectBuilder()
    component.set("bom-ref", bomRef)
    component.set("type", componentType(package))
    if let person = SPDXWriter.person(package) {
      var contact = JSONObjectBuilder()
      contact.set("name", person.name)
      contact.set("email", ifNotEmpty: person.email)
      component.set("authors", .array([contact.value]))
    }
    if package.type == .maven, let group = package.metadata["groupId"], !group.isEmpty {
      component.set("group", group)
    }
    component.set("name", package.name)
    component.set("version", ifNotEmpty: package.version)
    if let licenses = licenses(package.licenses) { component.set("licenses", licenses) }
    component.set("purl", ifNotEmpty: package.purl)
    if !package.foundIn.isEmpty {
      component.set("evidence", .object([
        ("occurrences", .array([.object([("location", .string(package.foundIn))])])),
      ]))
    }
    component.set("properties", propertyArray(packageProperties(package)))
    return component.value
  }

  /// `application` for a Go binary's main module, `library` for everything else.
  static func componentType(_ package: Package) -> String {
    if package.type == .golang,
      let main = package.metadata["mainModule"], main == "true" || main == package.name
    {
      return "application"
    }
    return "library"
  }

  static func packageProperties(_ package: Package) -> [(String, String)] {
    var properties: [(String, String)] = [
      ("plimsoll:package:type", package.type.rawValue),
      ("plimsoll:package:foundIn", package.foundIn),
    ]
    if let value = package.sourceName { properties.append(("plimsoll:package:sourceName", value)) }
    if let value = package.sourceVersion {
      properties.append(("plimsoll:package:sourceVersion", value))
    }
    if let value = package.architecture {
      properties.append(("plimsoll:package:architecture", value))
    }
    if let layer = package.layer {
      properties.append(("plimsoll:layer:index", String(layer.index)))
      if !layer.diffID.isEmpty { properties.append(("plimsoll:layer:diffID", layer.diffID)) }
      if let createdBy = layer.createdBy { properties.append(("plimsoll:layer:createdBy", createdBy)) }
    }
    for (key, value) in package.metadata.sorted(by: { $0.key < $1.key }) {
      properties.append(("plimsoll:metadata:" + key, value))
    }
    return properties
  }

  /// CycloneDX `licenses`: one compound expression alone, or SPDX ids where valid, else names.
  static func licenses(_ licenses: [String]) -> JSONValue? {
    let cleaned = licenses.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
      .filter { !$0.isEmpty }
    var seen = Set<String>()
    let unique = cleaned.filter { seen.insert($0).inserted }
    guard !unique.isEmpty else { return nil }
    if unique.count == 1, let only = unique.first, SPDXLicenses.licenseID(only) == nil,
      let expression = SPDXLicenses.expression(only), SPDXLicenses.isCompound(expression)
    {
      return .array([.object([("expression", .string(expression))])])
    }
    return .array(unique.map { text in
      if let id = SPDXLicenses.licenseID(text) {
        return .object([("license", .object([("id", .string(id))]))])
      }
      return .object([("license", .object([("name", .string(text))]))])
    })
  }

  static func propertyList(_ properties: [(String, String)]) -> [JSONValue] {
    properties.map { .object([("name", .string($0.0)), ("value", .string($0.1))]) }
  }

  static func propertyArray(_ properties: [(String, String)]) -> JSONValue {
    .array(propertyList(properties))
  }
}

/// The components of one BOM with their `bom-ref`s, and the lookup from purl to them.
struct CycloneDXComponents {
  struct Entry {
    var package: Package
    var bomRef: String
  }

  var targetRef: String
  var osRef: String?
  private(set) var entries: [Entry] = []
  private var refsByPurl: [String: [String]] = [:]
  private var usedRefs = Set<String>()
  /// Components made up for findings whose package is not in the inventory, by package key.
  private var synthesizedRefs: [String: String] = [:]

  init(inventory: Inventory) {
    let target = inventory.target
    targetRef = "plimsoll:target:" + (target.manifestDigest ?? target.configDigest ?? target.name)
    usedRefs.insert(targetRef)
    if let os = inventory.os {
      let ref = "plimsoll:os:" + os.id + (os.versionID.map { "@" + $0 } ?? "")
      osRef = ref
      usedRefs.insert(ref)
    }
    for package in Self.sorted(inventory.packages) { add(package) }
  }

  /// `packages` in `order`, each sort key built once.
  static func sorted(_ packages: [Package]) -> [Package] {
    packages.map { package in
      (key: [package.type.isOSPackage ? "0" : "1", package.type.rawValue, package.name,
             package.version, package.foundIn, package.architecture ?? ""], package: package)
    }
    .sorted { $0.key.lexicographicallyPrecedes($1.key) }
    .map(\.package)
  }

  /// Stable order: OS packages first, then by type, name, version and where it was found.
  static func order(_ lhs: Package, _ rhs: Package) -> Bool {
    if lhs.type.isOSPackage != rhs.type.isOSPackage { return lhs.type.isOSPackage }
    return (lhs.type.rawValue, lhs.name, lhs.version, lhs.foundIn, lhs.architecture ?? "")
      < (rhs.type.rawValue, rhs.name, rhs.version, rhs.foundIn, rhs.architecture ?? "")
  }

  /// Adds a package; its `bom-ref` is its purl, suffixed `#2`, `#3`… when the purl repeats.
  mutating func add(_ package: Package) {
    let base = package.purl.isEmpty
      ? "plimsoll:package:\(package.type.rawValue)/\(package.name)@\(package.version)"
      : package.purl
    let ref = ReportSupport.unique(base, separator: "#", among: &usedRefs)
    entries.append(Entry(package: package, bomRef: ref))
    if !package.purl.isEmpty { refsByPurl[package.purl, default: []].append(ref) }
  }

  /// The `bom-ref`s of the components with this purl.
  func refs(forPurl purl: String) -> [String] { refsByPurl[purl] ?? [] }

  /// The `bom-ref`s a vulnerability finding affects: by purl, else by name and version.
  func refs(for finding: Finding) -> [String] {
    guard let affected = finding.package else { return [] }
    if let ref = synthesizedRefs[Self.key(affected)] { return [ref] }
    if let purl = affected.purl, !purl.isEmpty { return refs(forPurl: purl) }
    return entries.filter {
      $0.package.name == affected.name && $0.package.version == affected.installedVersion
        && (affected.type == nil || affected.type == $0.package.type.rawValue
          || affected.type == $0.package.type.purlType)
    }.map(\.bomRef)
  }

  /// Adds a component for every finding whose package matches no component.
  mutating func addMissingPackages(for findings: [Finding]) {
    for finding in findings {
      guard let affected = finding.package, refs(for: finding).isEmpty else { continue }
      let type = affected.type.flatMap { name in
        PackageType(rawValue: name) ?? PackageType.allCases.first { $0.purlType == name }
      }
      add(Package(type: type ?? .deb, name: affected.name, version: affected.installedVersion,
                  purl: affected.purl ?? "", foundIn: finding.location?.path ?? "",
                  metadata: ["notInInventory": "true"]))
      if let ref = entries.last?.bomRef { synthesizedRefs[Self.key(affected)] = ref }
    }
  }

  private static func key(_ affected: AffectedPackage) -> String {
    [affected.name, affected.installedVersion, affected.type ?? "", affected.purl ?? ""]
      .joined(separator: "|")
  }
}
