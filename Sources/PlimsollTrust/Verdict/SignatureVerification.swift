public import Foundation

/// The answer to "is this image signed by someone I trust?": the image's digest, every
/// signature found with the reason it was accepted or rejected, and the verdict.
public struct SignatureVerification: Sendable {
  /// One signature found for the image, and what verification made of it.
  public struct Signature: Sendable, Equatable {
    /// Where it was found (`tag sha256-….sig, layer 1`, `lookaside …/signature-1`).
    public var location: String
    /// Who signed it, when the signature verified (`key cosign.pub (ECDSA P-256)`,
    /// `GPG key <fingerprint>`).
    public var signer: String?
    /// Nil when accepted; else why it was rejected.
    public var problem: String?
    /// For an attestation: the statement's predicate type.
    public var predicateType: String?
    /// For an accepted attestation: the predicate, compact JSON with sorted keys.
    public var predicate: Data?

    public init(location: String, signer: String?, problem: String?, predicateType: String? = nil,
                predicate: Data? = nil) {
      self.location = location
      self.signer = signer
      self.problem = problem
      self.predicateType = predicateType
      self.predicate = predicate
    }

    public var accepted: Bool { problem == nil }
  }

  /// The image as the user named it.
  public var reference: String
  /// The manifest digest that was verified (the one the registry serves for the reference).
  public var digest: String
  /// What was required (`a cosign signature by key cosign.pub`).
  public var requirement: String
  /// Every signature found, in the order found.
  public var signatures: [Signature]
  /// Where signatures were looked for, for the message when none were found.
  public var searched: [String]
  /// What went wrong on the way without deciding the verdict (a registry mirror that failed).
  public var warnings: [String] = []

  public init(reference: String, digest: String, requirement: String, signatures: [Signature], searched: [String]) {
    self.reference = reference
    self.digest = digest
    self.requirement = requirement
    self.signatures = signatures
    self.searched = searched
  }

  /// Whether at least one signature satisfies the requirement.
  public var verified: Bool { signatures.contains(where: \.accepted) }

  /// One line: the verdict and why.
  public var summary: String {
    if let accepted = signatures.first(where: \.accepted) {
      return "verified: \(reference) (\(digest)) is signed by \(accepted.signer ?? "a trusted signer")"
    }
    if signatures.isEmpty {
      return "not verified: \(reference) (\(digest)) is unsigned: no signature in " + searched.joined(separator: ", ")
    }
    let reasons = signatures.compactMap(\.problem)
    return "not verified: \(reference) (\(digest)): \(signatures.count) signature"
      + (signatures.count == 1 ? "" : "s") + " found, none satisfies \(requirement): " + reasons.joined(separator: "; ")
  }

  /// The summary followed by one line per signature.
  public var report: String {
    var lines = [summary]
    for signature in signatures {
      lines.append("  \(signature.accepted ? "accepted" : "rejected")  \(signature.location)"
        + (signature.signer.map { "  signer: \($0)" } ?? "")
        + (signature.problem.map { "  reason: \($0)" } ?? ""))
      if signature.accepted, let type = signature.predicateType {
        lines.append("    predicate \(type): " + (signature.predicate.map { String(decoding: $0, as: UTF8.self) } ?? "none"))
      }
    }
    return lines.joined(separator: "\n")
  }
}
