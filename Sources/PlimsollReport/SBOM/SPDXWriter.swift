import Foundation
import PlimsollCatalog

/// Writes an inventory as an SPDX 2.3 JSON document.
///
/// The document DESCRIBES the scanned target (an image: primary purpose `CONTAINER`), which
/// CONTAINS the OS and every package. Licenses become SPDX expressions; text that is not one
/// becomes a `LicenseRef-` declared in `hasExtractedLicensingInfos`.
public enum SPDXWriter: InventoryWriter {
  /// The SPDX specification version written.
  public static let specVersion = "SPDX-2.3"

  /// The SPDX document as JSON text.
  public static func write(_ inventory: Inventory, options: SBOMOptions = SBOMOptions()) -> String {
    document(inventory, options: options).rendered()
  }

  static func document(_ inventory: Inventory, options: SBOMOptions) -> JSONValue {
    var ids = SPDXIdentifiers()
    var licenseRefs = LicenseRefs()
    let target = inventory.target

    var doc = JSONObjectBuilder()
    doc.set("spdxVersion", specVersion)
    doc.set("dataLicense", "CC0-1.0")
    doc.set("SPDXID", "SPDXRef-DOCUMENT")
    doc.set("name", target.name)
    doc.set("documentNamespace", namespace(for: target.name, id: options.resolvedDocumentID))
    doc.set("creationInfo", .object([
      ("created", .string(ReportSupport.timestamp(options.resolvedTimestamp))),
      ("creators", .strings(["Tool: plimsoll-" + options.toolVersion])),
      ("licenseListVersion", .string(String(SPDXLicenseList.version.split(separator: ".")
        .prefix(2).joined(separator: ".")))),
    ]))

    var packages: [JSONValue] = []
    var relationships: [JSONValue] = []
    let targetID = ids.make("SPDXRef-" + (target.sourceKind == "rootfs" ? "RootFS" : "Image") + "-"
      + target.name)
    packages.append(targetPackage(target, spdxID: targetID))
    relationships.append(relationship("SPDXRef-DOCUMENT", "DESCRIBES", targetID))

    if let os = inventory.os {
      let osID = ids.make("SPDXRef-OperatingSystem-" + os.id + "-" + (os.versionID ?? ""))
      var package = JSONObjectBuilder()
      package.set("name", os.id)
      package.set("SPDXID", osID)
      package.set("versionInfo", ifNotEmpty: os.versionID)
      package.set("downloadLocation", "NOASSERTION")
      package.set("filesAnalyzed", false)
      package.set("licenseConcluded", "NOASSERTION")
      package.set("licenseDeclared", "NOASSERTION")
      package.set("copyrightText", "NOASSERTION")
      package.set("description", ifNotEmpty: os.prettyName)
      package.set("primaryPackagePurpose", "OPERATING_SYSTEM")
      packages.append(package.value)
      relationships.append(relationship(targetID, "CONTAINS", osID))
    }

    for entry in CycloneDXComponents.sorted(inventory.packages) {
      let spdxID = ids.make("SPDXRef-Package-\(entry.type.rawValue)-\(entry.name)-\(entry.version)")
      packages.append(packageValue(entry, spdxID: spdxID, licenseRefs: &licenseRefs))
      relationships.append(relationship(targetID, "CONTAINS", spdxID))
    }

    doc.set("documentDescribes", .strings([targetID]))
    doc.set("packages", .array(packages))
    doc.set("relationships", .array(relationships))
    if !licenseRefs.declared.isEmpty {
      doc.set("hasExtractedLicensingInfos", .array(licenseRefs.declared.map { declared in
        .object([
          ("licenseId", .string(declared.id)),
          ("extractedText", .string(declared.text)),
          ("name", .string(declared.text)),
          ("comment", .string("License text as the package metadata records it; not an SPDX id.")),
        ])
      }))
    }
    return doc.value
  }

  /// A unique document namespace URI: the project's address, the target, a UUID.
  static func namespace(for name: String, id: UUID) -> String {
    let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._"))
    let slug = String(name.unicodeScalars.map { allowed.contains($0) && $0.isASCII ? Character($0) : "-" })
    return PlimsollVersion.homepage + "/spdx/" + slug + "-" + id.uuidString.lowercased()
  }

  static func targetPackage(_ target: TargetSummary, spdxID: String) -> JSONValue {
    var package = JSONObjectBuilder()
    package.set("name", target.name)
    package.set("SPDXID", spdxID)
    package.set("versionInfo", ifNotEmpty: target.manifestDigest ?? target.configDigest)
    package.set("downloadLocation", "NOASSERTION")
    package.set("filesAnalyzed", false)
    if let digest = target.configDigest ?? target.manifestDigest,
      let checksum = checksum(digest)
    {
      package.set("checksums", .array([checksum]))
    }
    package.set("licenseConcluded", "NOASSERTION")
    package.set("licenseDeclared", "NOASSERTION")
    package.set("copyrightText", "NOASSERTION")
    var comment: [String] = ["Scanned as \(target.sourceKind)."]
    if !target.tags.isEmpty { comment.append("Tags: " + target.tags.joined(separator: ", ") + ".") }
    if let platform = target.platform { comment.append("Platform: \(platform).") }
    comment.append("Layers: \(target.layers.count).")
    package.set("comment", comment.joined(separator: " "))
    if let purl = CycloneDXWriter.imagePurl(target) { package.set("externalRefs", .array([purlRef(purl)])) }
    package.set("primaryPackagePurpose", target.sourceKind == "rootfs" ? "OPERATING_SYSTEM" : "CONTAINER")
    return package.value
  }

  /// An SPDX checksum for an OCI digest (`sha256:…`), when its algorithm is one SPDX knows.
  static func checksum(_ digest: String) -> JSONValue? {
    let parts = digest.split(separator: ":", maxSplits: 1)
    guard parts.count == 2, let algorithm = parts.first, let value = parts.last else { return nil }
    let name: String
    switch algorithm.lowercased() {
    case "sha256": name = "SHA256"
    case "sha512": name = "SHA512"
    case "sha384": name = "SHA384"
    case "sha1": name = "SHA1"
    default: return nil
    }
    return .object([("algorithm", .string(name)), ("checksumValue", .string(String(value)))])
  }

  static func packageValue(_ entry: Package, spdxID: String, licenseRefs: inout LicenseRefs)
    -> JSONValue
  {
    var package = JSONObjectBuilder()
    package.set("name", entry.name)
    package.set("SPDXID", spdxID)
    package.set("versionInfo", ifNotEmpty: entry.version)
    if let supplier = supplier(entry) { package.set("supplier", supplier) }
    package.set("downloadLocation", "NOASSERTION")
    package.set("filesAnalyzed", false)
    if let homepage = entry.metadata[PackageMetadataKey.homepage], URL(string: homepage)?.scheme != nil {
      package.set("homepage", homepage)
    }
    if let sourceName = entry.sourceName {
      package.set("sourceInfo", "built from source package \(sourceName)"
        + (entry.sourceVersion.map { " \($0)" } ?? ""))
    }
    package.set("licenseConcluded", "NOASSERTION")
    package.set("licenseDeclared", licenseRefs.expression(for: entry.licenses))
    package.set("copyrightText", "NOASSERTION")
    var comment = ["Found in \(entry.foundIn)."]
    if let layer = entry.layer {
      var text = "Introduced by layer \(layer.index)"
      if !layer.diffID.isEmpty { text += " (\(layer.diffID))" }
      if let createdBy = ReportSupport.abbreviatedCreatedBy(layer.createdBy) { text += ": \(createdBy)" }
      comment.append(text + ".")
    }
    if let arch = entry.architecture { comment.append("Architecture: \(arch).") }
    package.set("comment", comment.joined(separator: " "))
    if !entry.purl.isEmpty, !entry.purl.contains(" ") {
      package.set("externalRefs", .array([purlRef(entry.purl)]))
    }
    package.set("primaryPackagePurpose",
                CycloneDXWriter.componentType(entry) == "application" ? "APPLICATION" : "LIBRARY")
    return package.value
  }

  /// `Person: Name (email)` or `Organization: …` from the maintainer/author the metadata
  /// records, or nil when none is recorded.
  static func supplier(_ entry: Package) -> String? {
    guard let person = person(entry) else { return nil }
    // SPDX puts the email in parentheses: keep them out of the name.
    let name = person.name.replacingOccurrences(of: "(", with: "[")
      .replacingOccurrences(of: ")", with: "]")
    return "\(person.isOrganization ? "Organization" : "Person"): \(name)"
      + (person.email.map { " (\($0))" } ?? "")
  }

  /// The maintainer, author or vendor the package metadata names (`Name <email>`), split.
  static func person(_ entry: Package) -> (name: String, email: String?, isOrganization: Bool)? {
    let keys = [PackageMetadataKey.supplier, PackageMetadataKey.vendor, PackageMetadataKey.maintainer,
                PackageMetadataKey.author, PackageMetadataKey.packager]
    guard let key = keys.first(where: { !(entry.metadata[$0] ?? "").isEmpty }),
      let raw = entry.metadata[key]
    else { return nil }
    let text = TextFit.singleLine(raw).trimmingCharacters(in: .whitespaces)
    var name = text
    var email: String?
    if let open = text.firstIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
      name = String(text[..<open]).trimmingCharacters(in: .whitespaces)
      let address = String(text[text.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
      if address.contains("@"), !address.contains(" ") { email = address }
    }
    guard !name.isEmpty else { return nil }
    return (name, email, key == PackageMetadataKey.supplier || key == PackageMetadataKey.vendor)
  }

  /// A `PACKAGE-MANAGER` external reference of type `purl`.
  static func purlRef(_ purl: String) -> JSONValue {
    .object([
      ("referenceCategory", .string("PACKAGE-MANAGER")),
      ("referenceType", .string("purl")),
      ("referenceLocator", .string(purl)),
    ])
  }

  static func relationship(_ element: String, _ type: String, _ related: String) -> JSONValue {
    .object([
      ("spdxElementId", .string(element)),
      ("relationshipType", .string(type)),
      ("relatedSpdxElement", .string(related)),
    ])
  }
}

/// Hands out unique SPDX ids made of the characters SPDX allows (letters, digits, `.`, `-`).
struct SPDXIdentifiers {
  private var used = Set<String>()

  mutating func make(_ wanted: String) -> String {
    var base = ""
    for scalar in wanted.unicodeScalars {
      let allowed = scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-")
      if allowed {
        base.unicodeScalars.append(scalar)
      } else if !base.hasSuffix("-") {
        base += "-"
      }
    }
    while base.hasSuffix("-") { base.removeLast() }
    return ReportSupport.unique(base, separator: "-", among: &used)
  }
}

/// Turns recorded license texts into SPDX expressions, declaring a `LicenseRef-` per text that
/// is not one.
struct LicenseRefs {
  struct Declared {
    var id: String
    var text: String
  }

  private(set) var declared: [Declared] = []
  private var idsByText: [String: String] = [:]

  /// The SPDX expression for a package's licenses joined with AND, or `NOASSERTION`.
  mutating func expression(for licenses: [String]) -> String {
    var parts: [String] = []
    for text in licenses.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) })
      where !text.isEmpty
    {
      let part: String
      if let expression = SPDXLicenses.expression(text) {
        part = SPDXLicenses.isCompound(expression) && licenses.count > 1 ? "(\(expression))" : expression
        // A `LicenseRef-` the metadata already names must be declared in this document too.
        for token in expression.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" })
        where token.hasPrefix("LicenseRef-") && !declared.contains(where: { $0.id == token }) {
          idsByText[String(token)] = String(token)
          declared.append(Declared(id: String(token), text: text))
        }
      } else {
        part = ref(for: text)
      }
      if !parts.contains(part) { parts.append(part) }
    }
    return parts.isEmpty ? "NOASSERTION" : parts.joined(separator: " AND ")
  }

  private mutating func ref(for text: String) -> String {
    if let id = idsByText[text] { return id }
    var id = SPDXLicenses.licenseRef(for: text)
    if declared.contains(where: { $0.id == id }) { id += "-" + ReportSupport.fingerprint(text).prefix(8) }
    idsByText[text] = id
    declared.append(Declared(id: id, text: text))
    return id
  }
}
