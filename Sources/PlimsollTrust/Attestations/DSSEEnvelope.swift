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
