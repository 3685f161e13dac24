public import Foundation

/// A DSSE envelope (github.com/secure-systems-lab/dsse): a payload, its type, and signatures
/// over the pre-authentication encoding `DSSEv1 <len(type)> <type> <len(body)> <body>`, so
/// neither the type nor the body can be swapped under a signature.
public struct DSSEEnvelope: Sendable, Equatable {
  /// The in-toto payload type.
  public static let inTotoPayloadType = "application/vnd.in-toto+json"

  public var payloadType: String
  /// The decoded payload bytes (unverified until `verifiedPayload` says so).
  public var payload: Data
  /// The decoded signatures.
  public var signatures: [Data]

  /// Parses envelope JSON (`payloadType`, base64 `payload`, `signatures[].sig`).
  public init(json: Data) throws(PayloadError) {
    struct Wire: Decodable {
      struct Signature: Decodable {
        var sig: String
        var keyid: String?
      }
      var payloadType: String
      var payload: String
      var signatures: [Signature]
    }
    guard let wire = try? JSONDecoder().decode(Wire.self, from: json) else {
      throw PayloadError("not a DSSE envelope (payloadType, payload, signatures)")
    }
    guard let payload = Data(base64Encoded: wire.payload) else { throw PayloadError("the DSSE payload is not base64") }
    let signatures = wire.signatures.compactMap { Data(base64Encoded: $0.sig) }
    guard !signatures.isEmpty, signatures.count == wire.signatures.count else {
      throw PayloadError("the DSSE envelope has no signature, or one that is not base64")
    }
    payloadType = wire.payloadType
    self.payload = payload
    self.signatures = signatures
  }

  /// The in-toto envelope of a sigstore bundle (its `dsseEnvelope`; the bundle's top object is
  /// returned too, for keyless checks) or of a DSSE envelope on its own.
  static func inToto(_ json: Data, inBundle: Bool) throws(PayloadError) -> (envelope: DSSEEnvelope, bundle: [String: Any]) {
    var bundle: [String: Any] = [:]
    var bytes = json
    if inBundle {
      guard let top = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else {
        throw PayloadError("the sigstore bundle is not a JSON object")
      }
      guard let dsse = top["dsseEnvelope"], let inner = try? JSONSerialization.data(withJSONObject: dsse) else {
        throw PayloadError("the sigstore bundle holds no DSSE envelope (a message signature is not read)")
      }
      bundle = top
      bytes = inner
    }
    let envelope = try DSSEEnvelope(json: bytes)
    guard envelope.payloadType == inTotoPayloadType else {
      throw PayloadError("the envelope's payload type is \(envelope.payloadType), not in-toto")
    }
    return (envelope, bundle)
  }

  /// The pre-authentication encoding the signatures sign.
  public var preAuthenticationEncoding: Data {
    let type = Data(payloadType.utf8)
    return Data("DSSEv1 \(type.count) ".utf8) + type + Data(" \(payload.count) ".utf8) + payload
  }

  /// The payload when one signature verifies with `key`, else nil.
  public func verifiedPayload(with key: VerificationKey) -> Data? {
    let message = preAuthenticationEncoding
    return signatures.contains { key.isValidSignature($0, for: message) } ? payload : nil
  }
}
