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
  /// On success `signer` describes the certificate's identity. The classic form: cosign's
  /// layer annotations (certificate, chain, bundle).
  public func problem(payload: Data, signature base64: String, certificatePEM: String?, chainPEM: String?,
                      bundleJSON: String?) async -> (problem: String?, signer: String) {
    guard let certificatePEM, let leaf = try? Certificate(pemEncoded: certificatePEM) else {
      return ("no signing certificate (dev.sigstore.cosign/certificate): not a keyless signature", "")
    }
    var chain: [Certificate] = []
    if let chainPEM, let documents = try? PEMDocument.parseMultiple(pemString: chainPEM) {
      chain = documents.compactMap { try? Certificate(pemDocument: $0) }
    }
    guard let bundleJSON, let entry = RekorBundle(json: Data(bundleJSON.utf8)) else {
      return ("no transparency-log bundle (dev.sigstore.cosign/bundle): cannot verify the signing time offline",
              Self.describe(leaf))
    }
    guard let signature = Data(base64Encoded: base64.filter { !$0.isWhitespace }) else {
      return ("the signature annotation is not base64", Self.describe(leaf))
    }
    return await problem(signedMessage: payload, loggedPayload: payload, signature: signature, leaf: leaf,
                         chain: chain, entry: entry)
  }

  /// The sigstore bundle form (cosign 3): the certificate in `verificationMaterial`, the log
  /// entry in `tlogEntries`, the signature in the DSSE envelope over its pre-authentication
  /// encoding. Returns the verified statement bytes, or why not.
  public func problem(bundle: [String: Any], envelope: DSSEEnvelope) async -> (problem: String?, signer: String, payload: Data?) {
    let material = bundle["verificationMaterial"] as? [String: Any] ?? [:]
    var certificates: [Certificate] = []
    if let raw = (material["certificate"] as? [String: Any])?["rawBytes"] as? String {
      certificates = [raw].compactMap { Data(base64Encoded: $0) }.compactMap { try? Certificate(derEncoded: Array($0)) }
    } else if let chain = (material["x509CertificateChain"] as? [String: Any])?["certificates"] as? [[String: Any]] {
      certificates = chain.compactMap { ($0["rawBytes"] as? String).flatMap { Data(base64Encoded: $0) } }
        .compactMap { try? Certificate(derEncoded: Array($0)) }
    }
    guard let leaf = certificates.first else {
      return ("the bundle has no signing certificate (a key-based bundle; verify it with --key)", "", nil)
    }
    guard let entries = material["tlogEntries"] as? [[String: Any]], let first = entries.first,
      let entry = RekorBundle(bundleEntry: first)
    else { return ("the bundle has no transparency-log entry with a signed entry timestamp", Self.describe(leaf), nil) }
    guard let signature = envelope.signatures.first else { return ("the envelope has no signature", Self.describe(leaf), nil) }
    let (problem, signer) = await self.problem(
      signedMessage: envelope.preAuthenticationEncoding, loggedPayload: envelope.payload, signature: signature,
      leaf: leaf, chain: Array(certificates.dropFirst()), entry: entry)
    return (problem, signer, problem == nil ? envelope.payload : nil)
  }

  /// The checks, in order: the log is trusted and its signed entry timestamp verifies (which
  /// fixes the signing time); the certificate was valid then and chains to a trusted CA; its
  /// key verifies `signature` over `signedMessage`; the log entry records this signature, this
  /// certificate and the hash of `loggedPayload`; the identity and issuer are the expected ones.
  func problem(signedMessage: Data, loggedPayload: Data, signature: Data, leaf: Certificate, chain: [Certificate],
               entry bundle: RekorBundle) async -> (problem: String?, signer: String) {
    let names = Self.identities(of: leaf)
    let issuer = Self.issuer(of: leaf)
    let signer = Self.describe(leaf)
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
    let intermediates = authorityIntermediates + chain.filter { $0.issuer != $0.subject }
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
    guard key.isValidSignature(signature, for: signedMessage) else {
      return ("the signature does not verify with the certificate's key: the payload was changed after signing", signer)
    }
    if let entryProblem = bundle.entryProblem(payload: loggedPayload, signature: signature, certificate: leaf) {
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

  /// `certificate for <identity> issued through <issuer>`.
  static func describe(_ certificate: Certificate) -> String {
    "certificate for " + (identities(of: certificate).first ?? "no identity") + " issued through "
      + (issuer(of: certificate) ?? "no OIDC issuer")
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

  /// A `tlogEntries[]` item of a sigstore bundle: numbers as strings, the log id in base64.
  init?(bundleEntry entry: [String: Any]) {
    guard let body = entry["canonicalizedBody"] as? String,
      let set = (entry["inclusionPromise"] as? [String: Any])?["signedEntryTimestamp"] as? String,
      let time = (entry["integratedTime"] as? String).flatMap({ Int64($0) }),
      let index = (entry["logIndex"] as? String).flatMap({ Int64($0) }),
      let keyID = ((entry["logId"] as? [String: Any])?["keyId"] as? String).flatMap({ Data(base64Encoded: $0) })
    else { return nil }
    signedEntryTimestamp = set
    self.body = body
    integratedTime = time
    logIndex = index
    logID = keyID.map { String(format: "%02x", $0) }.joined()
  }

  /// What the log signed: the entry as canonical JSON (keys sorted, no spaces).
  var canonicalPayload: Data {
    Data(#"{"body":"\#(body)","integratedTime":\#(integratedTime),"logID":"\#(logID)","logIndex":\#(logIndex)}"#.utf8)
  }

  /// Nil when the entry records this payload's hash, this signature and this certificate
  /// (a `hashedrekord` entry, or a `dsse` entry for DSSE envelopes); else what differs.
  func entryProblem(payload: Data, signature: Data, certificate: Certificate) -> String? {
    guard let bytes = Data(base64Encoded: body), let entry = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any],
      let spec = entry["spec"] as? [String: Any]
    else { return "the transparency-log entry is not JSON" }
    let payloadHash = SHA256.hash(data: payload).map { String(format: "%02x", $0) }.joined()
    let hash: String?
    let recorded: [(signature: String?, verifier: String?)]
    switch entry["kind"] as? String {
    case "hashedrekord":
      hash = ((spec["data"] as? [String: Any])?["hash"] as? [String: Any])?["value"] as? String
      let signatureObject = spec["signature"] as? [String: Any]
      recorded = [(signatureObject?["content"] as? String,
                   (signatureObject?["publicKey"] as? [String: Any])?["content"] as? String)]
    case "dsse":
      hash = (spec["payloadHash"] as? [String: Any])?["value"] as? String
      recorded = (spec["signatures"] as? [[String: Any]] ?? []).map { ($0["signature"] as? String, $0["verifier"] as? String) }
    default:
      return "the transparency-log entry is a \(entry["kind"] ?? "unknown") entry, not hashedrekord or dsse"
    }
    guard hash == payloadHash else { return "the transparency-log entry is for another payload" }
    let matching = recorded.filter { $0.signature.flatMap { Data(base64Encoded: $0) } == signature }
    guard !matching.isEmpty else { return "the transparency-log entry records another signature" }
    let certificates = matching.compactMap { $0.verifier }.compactMap { Data(base64Encoded: $0) }
      .compactMap { try? Certificate(pemEncoded: String(decoding: $0, as: UTF8.self)) }
    guard certificates.contains(certificate) else { return "the transparency-log entry records another certificate" }
    return nil
  }
}
