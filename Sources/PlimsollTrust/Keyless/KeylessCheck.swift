import Crypto
public import Foundation
import SwiftASN1
@_spi(FixedExpiryValidationTime) import X509

/// The identity a keyless signature must carry: the certificate's subject alternative name
/// (an e-mail address or URI) and the OIDC issuer Fulcio recorded in it.
public struct KeylessIdentity: Sendable {
  public var identity: String
  public var issuer: String

  public init(identity: String, issuer: String) {
    self.identity = identity
    self.issuer = issuer
  }
}

/// Verifies one keyless cosign signature offline: the certificate chains to a CA of the
/// trusted root and was valid when the transparency log integrated the entry; the log's signed
/// entry timestamp (SET) verifies with a log key of the trusted root; the entry records this
/// signature, payload hash and certificate; the certificate names the expected identity and
/// issuer; and its key signed the payload.
public struct KeylessCheck: Sendable {
  /// Fulcio's OIDC issuer extensions: v2 (DER UTF8String) and the deprecated v1 (raw bytes).
  static let issuerV2: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 57264, 1, 8]
  static let issuerV1: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 57264, 1, 1]

  public var root: TrustedRoot
  public var expected: KeylessIdentity

  public init(root: TrustedRoot, expected: KeylessIdentity) {
    self.root = root
    self.expected = expected
  }

  /// Nil when the signature is valid and made by the expected identity; else why not.
  /// On success `signer` describes the certificate's identity.
  public func problem(payload: Data, signature base64: String, certificatePEM: String?, chainPEM: String?,
                      bundleJSON: String?) async -> (problem: String?, signer: String) {
    guard let certificatePEM, let leaf = try? Certificate(pemEncoded: certificatePEM) else {
      return ("no signing certificate (dev.sigstore.cosign/certificate): not a keyless signature", "")
    }
    let names = Self.identities(of: leaf)
    let issuer = Self.issuer(of: leaf)
    let signer = "certificate for " + (names.first ?? "no identity") + " issued through " + (issuer ?? "no OIDC issuer")
    guard let bundleJSON, let bundle = RekorBundle(json: Data(bundleJSON.utf8)) else {
      return ("no transparency-log bundle (dev.sigstore.cosign/bundle): cannot verify the signing time offline", signer)
    }
    // The log's promise first: it fixes the time the certificate must have been valid at.
    guard let log = root.logs.first(where: { $0.logID == bundle.logID }) else {
      return ("the bundle is from transparency log \(bundle.logID), which the trusted root does not list", signer)
    }
    guard let set = Data(base64Encoded: bundle.signedEntryTimestamp), log.key.isValidSignature(set, for: bundle.canonicalPayload) else {
      return ("the transparency log's signed entry timestamp does not verify with the trusted root's log key", signer)
    }
    let integrated = Date(timeIntervalSince1970: TimeInterval(bundle.integratedTime))
    guard log.validity.contains(integrated) else {
      return ("the trusted root's key for log \(bundle.logID) was not valid at the integrated time (\(integrated))", signer)
    }
    guard integrated >= leaf.notValidBefore, integrated <= leaf.notValidAfter else {
      return ("the certificate was not valid when the log integrated the entry (\(integrated))", signer)
    }
    let (roots, authorityIntermediates) = root.certificates(at: integrated)
    guard !roots.isEmpty else {
      return ("no certificate authority of the trusted root was valid at the integrated time (\(integrated))", signer)
    }
    var intermediates = authorityIntermediates
    if let chainPEM, let documents = try? PEMDocument.parseMultiple(pemString: chainPEM) {
      intermediates += documents.compactMap { try? Certificate(pemDocument: $0) }.filter { $0.issuer != $0.subject }
    }
    var verifier = Verifier(rootCertificates: CertificateStore(roots)) {
      RFC5280Policy(fixedExpiryValidationTime: integrated)
      CodeSigningPolicy()
    }
    if case .couldNotValidate(let failures) = await verifier.validate(leaf: leaf, intermediates: CertificateStore(intermediates)) {
      return ("the certificate does not chain to a certificate authority of the trusted root: "
        + (failures.first.map { "\($0.policyFailureReason)" } ?? "no path"), signer)
    }
    guard let spki = try? leaf.publicKey.serializeAsPEM().pemString,
      let key = try? VerificationKey(pem: spki, name: "the certificate")
    else { return ("the certificate's key is not ECDSA P-256, Ed25519 or RSA", signer) }
    guard let signature = Data(base64Encoded: base64.filter { !$0.isWhitespace }), key.isValidSignature(signature, for: payload) else {
      return ("the signature does not verify with the certificate's key: the payload was changed after signing", signer)
    }
    if let entryProblem = bundle.entryProblem(payload: payload, signature: base64, certificatePEM: certificatePEM) {
      return (entryProblem, signer)
    }
    guard names.contains(expected.identity) else {
      return ("the certificate identity is " + (names.isEmpty ? "missing" : names.joined(separator: ", "))
        + ", not \(expected.identity)", signer)
    }
    guard issuer == expected.issuer else {
      return ("the certificate's OIDC issuer is \(issuer ?? "missing"), not \(expected.issuer)", signer)
    }
    return (nil, signer)
  }

  /// The e-mail addresses and URIs of the certificate's subject alternative names.
  static func identities(of certificate: Certificate) -> [String] {
    guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
    return names.compactMap { name in
      switch name {
      case .rfc822Name(let email): email
      case .uniformResourceIdentifier(let uri): uri
      default: nil
      }
    }
  }

  /// Fulcio's OIDC issuer extension.
  static func issuer(of certificate: Certificate) -> String? {
    if let v2 = certificate.extensions[oid: issuerV2],
      let text = try? ASN1UTF8String(derEncoded: v2.value)
    {
      return String(text)
    }
    if let v1 = certificate.extensions[oid: issuerV1] { return String(decoding: v1.value, as: UTF8.self) }
    return nil
  }
}

/// The leaf must be a code-signing certificate; its SAN and EKU are read here (so a critical
/// SAN, as Fulcio writes it, is understood).
struct CodeSigningPolicy: VerifierPolicy {
  let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [
    .X509ExtensionID.subjectAlternativeName, .X509ExtensionID.extendedKeyUsage,
  ]

  func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) async -> PolicyEvaluationResult {
    guard let usage = try? chain.leaf.extensions.extendedKeyUsage, usage.contains(.codeSigning) else {
      return .failsToMeetPolicy(reason: "the signing certificate is not for code signing (extended key usage)")
    }
    return .meetsPolicy
  }
}

/// cosign's `dev.sigstore.cosign/bundle` annotation: the transparency log's entry and its
/// signed entry timestamp.
struct RekorBundle {
  var signedEntryTimestamp: String
  var body: String
  var integratedTime: Int64
  var logIndex: Int64
  var logID: String

  init?(json: Data) {
    guard let top = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
      let set = top["SignedEntryTimestamp"] as? String, let payload = top["Payload"] as? [String: Any],
      let body = payload["body"] as? String, let time = (payload["integratedTime"] as? NSNumber)?.int64Value,
      let index = (payload["logIndex"] as? NSNumber)?.int64Value, let logID = payload["logID"] as? String
    else { return nil }
    signedEntryTimestamp = set
    self.body = body
    integratedTime = time
    logIndex = index
    self.logID = logID
  }

  /// What the log signed: the entry as canonical JSON (keys sorted, no spaces).
  var canonicalPayload: Data {
    Data(#"{"body":"\#(body)","integratedTime":\#(integratedTime),"logID":"\#(logID)","logIndex":\#(logIndex)}"#.utf8)
  }

  /// Nil when the entry (a `hashedrekord`) records this payload's hash, this signature and
  /// this certificate; else what differs.
  func entryProblem(payload: Data, signature: String, certificatePEM: String) -> String? {
    guard let bytes = Data(base64Encoded: body), let entry = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any],
      let spec = entry["spec"] as? [String: Any]
    else { return "the transparency-log entry is not JSON" }
    guard entry["kind"] as? String == "hashedrekord" else {
      return "the transparency-log entry is a \(entry["kind"] ?? "unknown") entry, not hashedrekord"
    }
    let hash = ((spec["data"] as? [String: Any])?["hash"] as? [String: Any])?["value"] as? String
    let recorded = spec["signature"] as? [String: Any]
    let content = recorded?["content"] as? String
    let key = (recorded?["publicKey"] as? [String: Any])?["content"] as? String
    let payloadHash = SHA256.hash(data: payload).map { String(format: "%02x", $0) }.joined()
    guard hash == payloadHash else { return "the transparency-log entry is for another payload" }
    guard content.flatMap({ Data(base64Encoded: $0) }) == Data(base64Encoded: signature.filter { !$0.isWhitespace }) else {
      return "the transparency-log entry records another signature"
    }
    guard let key, let pem = Data(base64Encoded: key).map({ String(decoding: $0, as: UTF8.self) }),
      (try? Certificate(pemEncoded: pem)) == (try? Certificate(pemEncoded: certificatePEM))
    else { return "the transparency-log entry records another certificate" }
    return nil
  }
}
