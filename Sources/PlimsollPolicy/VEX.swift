public import Foundation
public import PlimsollDiagnostics
public import PlimsollFindings
import PlimsollVersions

/// One VEX statement: what a vendor says about a vulnerability in some products.
///
/// Read from OpenVEX 0.2 (`statements`) and CycloneDX VEX (`vulnerabilities` with an
/// `analysis`); CycloneDX states map to OpenVEX's (`resolved` → `fixed`, `false_positive` →
/// `not_affected`, `exploitable` → `affected`, `in_triage` → `under_investigation`).
public struct VEXStatement: Sendable, Hashable {
  /// The OpenVEX status this statement gives.
  public enum Status: String, Sendable, Hashable {
    case notAffected = "not_affected", fixed, affected, underInvestigation = "under_investigation"

    /// Whether the statement takes the finding out of the report.
    public var suppresses: Bool { self == .notAffected || self == .fixed }
  }

  /// A product or subcomponent the statement names: a purl, optionally limited to versions.
  public struct Product: Sendable, Hashable {
    public var purl: String
    /// A `vers:` range (CycloneDX `affects[].versions[].range`) or exact versions; empty
    /// means the purl's own version, or every version when it has none.
    public var versions: [String]

    public init(purl: String, versions: [String] = []) {
      self.purl = purl
      self.versions = versions
    }
  }

  /// The vulnerability id and its aliases as the document names them.
  public var vulnerabilities: [String]
  public var products: [Product]
  /// Subcomponents of the products (OpenVEX): the packages inside an image product.
  public var subcomponents: [Product]
  public var status: Status
  public var justification: String?
  /// The impact statement (not_affected) or action statement (affected).
  public var statement: String?
  /// When the statement was made; a later statement about the same finding wins.
  public var timestamp: Date?
  /// The document it came from.
  public var source: String

  public init(vulnerabilities: [String], products: [Product], subcomponents: [Product] = [],
              status: Status, justification: String? = nil, statement: String? = nil,
              timestamp: Date? = nil, source: String) {
    self.vulnerabilities = vulnerabilities
    self.products = products
    self.subcomponents = subcomponents
    self.status = status
    self.justification = justification
    self.statement = statement
    self.timestamp = timestamp
    self.source = source
  }

  /// Whether the statement speaks about this finding: one of its ids is the finding's id or
  /// alias, and a subcomponent (or, without subcomponents, a product) names its package. A
  /// product that is an image (`pkg:oci`, `pkg:docker`) with no subcomponents covers every
  /// package of the scan.
  public func covers(_ finding: Finding) -> Bool {
    let ids = Set([finding.id] + finding.aliases)
    guard vulnerabilities.contains(where: ids.contains), let purl = finding.package?.purl else { return false }
    let package = PackageURLParts(purl)
    if !subcomponents.isEmpty { return subcomponents.contains { $0.matches(package) } }
    return products.contains { product in
      let named = PackageURLParts(product.purl)
      return named.type == "oci" || named.type == "docker" || product.matches(package)
    }
  }
}

extension VEXStatement.Product {
  /// Whether this product names the package: same type, namespace and name, and a version the
  /// product's version or ranges admit.
  func matches(_ package: PackageURLParts) -> Bool {
    let named = PackageURLParts(purl)
    guard named.type == package.type, named.namespace == package.namespace, named.name == package.name
    else { return false }
    guard let installed = package.version else { return named.version == nil && versions.isEmpty }
    if let version = named.version, version != installed { return false }
    if versions.isEmpty { return true }
    return versions.contains { range in
      range.hasPrefix("vers:") ? VersRange(range)?.contains(installed) == true : range == installed
    }
  }
}

/// A purl split into the parts VEX matching compares (qualifiers and subpath ignored; PyPI
/// names normalised as PEP 503 does).
struct PackageURLParts: Hashable {
  var type: String
  var namespace: String?
  var name: String
  var version: String?

  init(_ purl: String) {
    var text = purl.hasPrefix("pkg:") ? String(purl.dropFirst(4)) : purl
    if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = String(text[..<cut]) }
    var version: String?
    if let at = text.lastIndex(of: "@"), let slash = text.firstIndex(of: "/"), at > slash {
      version = String(text[text.index(after: at)...]).removingPercentEncoding
      text = String(text[..<at])
    }
    let parts = text.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
    type = (parts.first ?? "").lowercased()
    var name = parts.count > 1 ? parts[parts.count - 1] : ""
    if type == "pypi" {
      name = name.lowercased().replacingOccurrences(of: #"[-_.]+"#, with: "-", options: .regularExpression)
    }
    self.name = name
    namespace = parts.count > 2 ? parts[1..<(parts.count - 1)].joined(separator: "/") : nil
    self.version = version
  }
}

/// A `vers:` range (`vers:pypi/>=1.0|<2.0`), judged with the ecosystem's own ordering.
struct VersRange {
  var ecosystem: Ecosystem
  var constraints: [(comparator: String, version: String)]

  static let schemes: [String: Ecosystem] = [
    "deb": .debian, "rpm": .redHat, "apk": .alpine, "alpine": .alpine, "pypi": .pypi, "npm": .npm,
    "golang": .go, "cargo": .cratesIO, "maven": .maven, "gem": .rubyGems, "nuget": .nuGet,
    "composer": .packagist, "semver": .npm,
  ]

  init?(_ text: String) {
    let body = text.dropFirst("vers:".count)
    guard let slash = body.firstIndex(of: "/"), let ecosystem = Self.schemes[String(body[..<slash])] else {
      return nil
    }
    self.ecosystem = ecosystem
    constraints = body[body.index(after: slash)...].split(separator: "|").map { raw in
      let item = raw.trimmingCharacters(in: .whitespaces)
      let comparator = ["<=", ">=", "!=", "<", ">", "="].first { item.hasPrefix($0) } ?? ""
      return (comparator, String(item.dropFirst(comparator.count)))
    }
  }

  /// The vers algorithm: an equal or a not-equal decides at once; otherwise the sorted
  /// range constraints pair up into intervals, open at either end.
  func contains(_ version: String) -> Bool {
    func compare(_ a: String, _ b: String) -> Int? { try? ecosystem.compare(a, b) }
    if constraints.contains(where: { $0.comparator == "*" || $0.version == "*" }) { return true }
    for constraint in constraints where constraint.comparator == "=" || constraint.comparator.isEmpty {
      if compare(version, constraint.version) == 0 { return true }
    }
    for constraint in constraints where constraint.comparator == "!=" {
      if compare(version, constraint.version) == 0 { return false }
    }
    let ranges = constraints.filter { ["<", "<=", ">", ">="].contains($0.comparator) }
      .sorted { (compare($0.version, $1.version) ?? 0) < 0 }
    func satisfies(_ constraint: (comparator: String, version: String)) -> Bool {
      guard let order = compare(version, constraint.version) else { return false }
      switch constraint.comparator {
      case "<": return order < 0
      case "<=": return order <= 0
      case ">": return order > 0
      default: return order >= 0
      }
    }
    var index = 0
    while index < ranges.count {
      let lower = ranges[index]
      if lower.comparator.hasPrefix(">"), index + 1 < ranges.count, ranges[index + 1].comparator.hasPrefix("<") {
        if satisfies(lower) && satisfies(ranges[index + 1]) { return true }
        index += 2
      } else {
        if satisfies(lower) { return true }
        index += 1
      }
    }
    return false
  }
}

/// Reads VEX documents: OpenVEX 0.2 and CycloneDX (1.4 and later) VEX.
public enum VEXDocument {
  /// The statements of the document at `path`, or an error naming it and the problem.
  public static func statements(at path: String) throws(InputError) -> [VEXStatement] {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw InputError(path, "cannot read the VEX document (\(error.localizedDescription))")
    }
    return try statements(in: data, source: path)
  }

  /// The statements of a document's bytes; `source` names it in errors and results.
  public static func statements(in data: Data, source: String) throws(InputError) -> [VEXStatement] {
    guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
      throw InputError(source, "not a VEX document: not a JSON object")
    }
    if object["statements"] != nil { return try openVEX(object, source: source) }
    if object["bomFormat"] as? String == "CycloneDX" { return try cycloneDX(object, source: source) }
    throw InputError(source, "not a VEX document: neither OpenVEX `statements` nor a CycloneDX BOM")
  }

  static func openVEX(_ object: [String: Any], source: String) throws(InputError) -> [VEXStatement] {
    guard let statements = object["statements"] as? [[String: Any]] else {
      throw InputError(source, "OpenVEX `statements` is not an array of objects")
    }
    let documentTime = (object["timestamp"] as? String).flatMap(date)
    var out: [VEXStatement] = []
    for (index, statement) in statements.enumerated() {
      let vulnerability = statement["vulnerability"]
      var ids: [String] = []
      if let name = vulnerability as? String { ids = [name] }
      if let entry = vulnerability as? [String: Any] {
        ids = ((entry["name"] as? String).map { [$0] } ?? []) + (entry["aliases"] as? [String] ?? [])
      }
      guard !ids.isEmpty, let statusText = statement["status"] as? String,
        let status = VEXStatement.Status(rawValue: statusText)
      else {
        throw InputError(source, "statement \(index + 1): needs a vulnerability and a status "
          + "(not_affected, affected, fixed or under_investigation)")
      }
      if status == .notAffected, statement["justification"] == nil, statement["impact_statement"] == nil {
        throw InputError(source, "statement \(index + 1): not_affected needs a justification or an impact_statement")
      }
      let products = (statement["products"] as? [[String: Any]] ?? []).compactMap { $0["@id"] as? String }
      let subcomponents = (statement["products"] as? [[String: Any]] ?? [])
        .flatMap { $0["subcomponents"] as? [[String: Any]] ?? [] }.compactMap { $0["@id"] as? String }
      guard !products.isEmpty else { throw InputError(source, "statement \(index + 1): names no product") }
      out.append(VEXStatement(
        vulnerabilities: ids, products: products.map { VEXStatement.Product(purl: $0) },
        subcomponents: subcomponents.map { VEXStatement.Product(purl: $0) }, status: status,
        justification: statement["justification"] as? String,
        statement: (statement["impact_statement"] ?? statement["action_statement"]) as? String,
        timestamp: (statement["timestamp"] as? String).flatMap(date) ?? documentTime, source: source))
    }
    return out
  }

  static let cycloneDXStates: [String: VEXStatement.Status] = [
    "not_affected": .notAffected, "false_positive": .notAffected, "resolved": .fixed,
    "resolved_with_pedigree": .fixed, "exploitable": .affected, "in_triage": .underInvestigation,
  ]

  /// OpenVEX's justification for a CycloneDX one, where they say the same.
  static let cycloneDXJustifications: [String: String] = [
    "code_not_present": "vulnerable_code_not_present", "code_not_reachable": "vulnerable_code_not_in_execute_path",
    "requires_configuration": "vulnerable_code_cannot_be_controlled_by_adversary",
    "requires_dependency": "component_not_present", "requires_environment": "vulnerable_code_cannot_be_controlled_by_adversary",
    "protected_by_compiler": "inline_mitigations_already_exist", "protected_at_runtime": "inline_mitigations_already_exist",
    "protected_at_perimeter": "inline_mitigations_already_exist", "protected_by_mitigating_control": "inline_mitigations_already_exist",
  ]

  static func cycloneDX(_ object: [String: Any], source: String) throws(InputError) -> [VEXStatement] {
    // `affects[].ref` names a component by bom-ref (or, in VEX-only BOMs, by purl).
    var purls: [String: String] = [:]
    func collect(_ components: [[String: Any]]) {
      for component in components {
        if let ref = component["bom-ref"] as? String, let purl = component["purl"] as? String { purls[ref] = purl }
        collect(component["components"] as? [[String: Any]] ?? [])
      }
    }
    collect(object["components"] as? [[String: Any]] ?? [])
    if let subject = (object["metadata"] as? [String: Any])?["component"] as? [String: Any] { collect([subject]) }
    var out: [VEXStatement] = []
    for (index, vulnerability) in (object["vulnerabilities"] as? [[String: Any]] ?? []).enumerated() {
      guard let id = vulnerability["id"] as? String, let analysis = vulnerability["analysis"] as? [String: Any],
        let stateText = analysis["state"] as? String
      else { continue }
      guard let status = cycloneDXStates[stateText] else {
        throw InputError(source, "vulnerability \(index + 1) (\(id)): unknown analysis state \(stateText)")
      }
      let aliases = (vulnerability["references"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
      var products: [VEXStatement.Product] = []
      for affect in vulnerability["affects"] as? [[String: Any]] ?? [] {
        guard let ref = affect["ref"] as? String else { continue }
        let purl = purls[ref] ?? (ref.hasPrefix("pkg:") ? ref : ref.components(separatedBy: "#").last ?? ref)
        let versions = (affect["versions"] as? [[String: Any]] ?? [])
          .filter { ($0["status"] as? String ?? "affected") == "affected" }
          .compactMap { ($0["range"] ?? $0["version"]) as? String }
        products.append(VEXStatement.Product(purl: purl, versions: versions))
      }
      guard !products.isEmpty else { throw InputError(source, "vulnerability \(index + 1) (\(id)): affects nothing") }
      let justification = (analysis["justification"] as? String).map { cycloneDXJustifications[$0] ?? $0 }
      out.append(VEXStatement(
        vulnerabilities: [id] + aliases, products: products, status: status, justification: justification,
        statement: analysis["detail"] as? String,
        timestamp: ((analysis["lastUpdated"] ?? analysis["firstIssued"]) as? String).flatMap(date), source: source))
    }
    return out
  }

  static func date(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text)
  }
}
