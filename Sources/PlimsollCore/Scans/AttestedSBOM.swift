import Foundation

/// `plimsoll sbom IMAGE --from-attestation --key cosign.pub`: the SBOM attached to a registry
/// image as a signed in-toto attestation (CycloneDX or SPDX predicate), verified, then compared
/// package by package with the inventory Plimsoll reads from the image itself.
public enum AttestedSBOM {
  /// The SBOM predicate types read.
  public static let predicateTypes = InTotoStatement.predicateTypes(named: "cyclonedx")
    + InTotoStatement.predicateTypes(named: "spdxjson")

  /// The verification, and the differences when it verified.
  public struct Comparison: Sendable {
    public var verification: SignatureVerification
    /// Packages the attested SBOM lists (`type name version`).
    public var attestedCount = 0
    /// Packages Plimsoll found.
    public var foundCount = 0
    /// In the SBOM, not found by Plimsoll.
    public var onlyAttested: [String] = []
    /// Found by Plimsoll, missing from the SBOM.
    public var onlyFound: [String] = []
    /// The same package with other versions (`type name: attested A, found B`).
    public var differentVersions: [String] = []

    /// Whether the attestation verified.
    public var verified: Bool { verification.verified }

    /// The verification report, then the differences.
    public var text: String {
      var lines = [verification.report]
      guard verified else { return lines.joined(separator: "\n") }
      lines.append("attested SBOM: \(attestedCount) packages; Plimsoll's inventory: \(foundCount) packages")
      if onlyAttested.isEmpty && onlyFound.isEmpty && differentVersions.isEmpty {
        lines.append("the attested SBOM and the image's inventory agree")
      }
      lines += onlyAttested.map { "  only in the attested SBOM:   \($0)" }
      lines += onlyFound.map { "  only in the image:           \($0)" }
      lines += differentVersions.map { "  different version:           \($0)" }
      return lines.joined(separator: "\n")
    }
  }

  /// Verifies the SBOM attestation of `target` (a registry reference) with the cosign key at
  /// `keyFile`, and compares the first accepted SBOM with the image's inventory.
  public static func compare(_ target: ImageTarget, keyFile: String) async throws -> Comparison {
    let reference = try PlimsollRegistry.ImageReference(parsing: target.reference)
    let verification = try await ImageVerification.verifyAttestations(
      reference, writtenAs: target.reference, name: "SBOM (CycloneDX or SPDX)", predicateTypes: predicateTypes,
      keyFile: keyFile, options: target.registry)
    var comparison = Comparison(verification: verification)
    guard let predicate = verification.signatures.first(where: \.accepted)?.predicate else { return comparison }
    let attested = try SBOMReader.read(Array(predicate), name: "the attested SBOM of \(target.reference)")
    let found = try await target.inventory()
    let attestedVersions = versions(attested.packages)
    let foundVersions = versions(found.packages)
    comparison.attestedCount = attested.packages.count
    comparison.foundCount = found.packages.count
    for (key, versions) in attestedVersions.sorted(by: { $0.key < $1.key }) {
      guard let other = foundVersions[key] else {
        comparison.onlyAttested.append("\(key) \(versions.sorted().joined(separator: ", "))")
        continue
      }
      if other != versions {
        comparison.differentVersions.append("\(key): attested \(versions.sorted().joined(separator: ", ")), "
          + "found \(other.sorted().joined(separator: ", "))")
      }
    }
    for (key, versions) in foundVersions.sorted(by: { $0.key < $1.key }) where attestedVersions[key] == nil {
      comparison.onlyFound.append("\(key) \(versions.sorted().joined(separator: ", "))")
    }
    return comparison
  }

  /// Versions per `type name` (names compared case-insensitively).
  static func versions(_ packages: [Package]) -> [String: Set<String>] {
    var result: [String: Set<String>] = [:]
    for package in packages {
      result["\(package.type.rawValue) \(package.name.lowercased())", default: []].insert(package.version)
    }
    return result
  }
}
