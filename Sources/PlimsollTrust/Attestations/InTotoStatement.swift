public import Foundation

/// An in-toto Statement (v1, or v0.1 as older tools write): the artifacts it is about (by
/// digest) and a typed predicate (SLSA provenance, an SBOM, a vulnerability scan…).
public struct InTotoStatement: Sendable {
  /// The statement types read.
  public static let types = ["https://in-toto.io/Statement/v1", "https://in-toto.io/Statement/v0.1"]
  /// The predicate type cosign 3 gives the statement that stands for a plain signature.
  public static let cosignSignaturePredicate = "https://sigstore.dev/cosign/sign/v1"

  /// The `sha256` digests of the subjects, as `sha256:<hex>`.
  public var subjectDigests: [String]
  public var predicateType: String
  /// The predicate as compact JSON (nil when the statement has none).
  public var predicate: Data?

  /// Parses statement bytes that are already verified.
  public init(verifiedBytes bytes: Data) throws(PayloadError) {
    guard let top = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
      throw PayloadError("the statement is not a JSON object")
    }
    guard let type = top["_type"] as? String, Self.types.contains(type) else {
      throw PayloadError("not an in-toto statement (_type \(top["_type"] ?? "missing"))")
    }
    guard let subjects = top["subject"] as? [[String: Any]], !subjects.isEmpty else {
      throw PayloadError("the statement has no subject")
    }
    subjectDigests = subjects.compactMap { ($0["digest"] as? [String: Any])?["sha256"] as? String }.map { "sha256:" + $0 }
    guard let predicateType = top["predicateType"] as? String, !predicateType.isEmpty else {
      throw PayloadError("the statement has no predicateType")
    }
    self.predicateType = predicateType
    predicate = top["predicate"].flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
  }

  /// The predicate types a short name stands for (cosign's names for `--type`), or the name
  /// itself when it is a URI.
  public static func predicateTypes(named name: String) -> [String] {
    switch name.lowercased() {
    case "slsaprovenance": ["https://slsa.dev/provenance/v1", "https://slsa.dev/provenance/v0.2"]
    case "slsaprovenance1": ["https://slsa.dev/provenance/v1"]
    case "slsaprovenance02": ["https://slsa.dev/provenance/v0.2"]
    case "spdx", "spdxjson": ["https://spdx.dev/Document"]
    case "cyclonedx": ["https://cyclonedx.org/bom"]
    case "vuln": ["https://cosign.sigstore.dev/attestation/vuln/v1"]
    case "openvex": ["https://openvex.dev/ns", "https://openvex.dev/ns/v0.2.0"]
    case "custom": ["https://cosign.sigstore.dev/attestation/v1"]
    default: [name]
    }
  }
}
