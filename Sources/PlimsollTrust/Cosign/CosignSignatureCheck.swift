public import Foundation

/// One cosign signature judged against a key, an image digest and an identity, in the order
/// the formats require: the signature over the exact payload bytes first, then (only then)
/// the payload's type, digest and identity.
public struct CosignSignatureCheck: Sendable {
  public var key: VerificationKey
  /// The digest of the manifest being verified (`sha256:…`).
  public var imageDigest: String
  public var identity: SignedIdentity

  public init(key: VerificationKey, imageDigest: String, identity: SignedIdentity) {
    self.key = key
    self.imageDigest = imageDigest
    self.identity = identity
  }

  /// Nil when `signature` (base64, from the `dev.cosignproject.cosign/signature` annotation)
  /// signs `payload` with the key and the payload names this image; else why not.
  public func problem(payload: Data, signature base64: String) -> String? {
    let compact = base64.filter { !$0.isWhitespace }
    guard let signature = Data(base64Encoded: compact), !signature.isEmpty else {
      return "the signature annotation is not base64"
    }
    guard key.isValidSignature(signature, for: payload) else {
      return "the signature does not verify with \(key.name) (\(key.algorithm)) over the payload:"
        + " another key made it, or the payload was changed after signing"
    }
    return payloadProblem(payload)
  }

  /// Nil when the (already verified) payload is a cosign payload for this image and identity.
  public func payloadProblem(_ payload: Data) -> String? {
    let parsed: SimpleSigningPayload
    do {
      parsed = try SimpleSigningPayload(verifiedBytes: payload)
    } catch {
      return "the signed payload is not a simple-signing payload: \(error)"
    }
    guard parsed.kind == .cosign else {
      return "the signed payload's type is '\(parsed.kind.rawValue)', not a cosign signature"
    }
    guard parsed.manifestDigest == imageDigest else {
      return "the signed payload is for \(parsed.manifestDigest), not this image's \(imageDigest)"
        + " (a signature copied from another image)"
    }
    return identity.problem(signed: parsed.dockerReference, kind: .cosign)
  }
}
