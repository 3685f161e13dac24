import Foundation
import SwiftASN1
public import X509

/// A sigstore trusted root (`trusted_root.json`, media type
/// `application/vnd.dev.sigstore.trustedroot+json`), supplied as a file: the certificate
/// authorities that issue signing certificates (Fulcio) and the transparency logs whose
/// signed entry timestamps are accepted (Rekor). Nothing is fetched: no TUF refresh.
public struct TrustedRoot: Sendable {
  /// One transparency log: its key and its id (sha256 of the key's DER, as hex).
  public struct TransparencyLog: Sendable {
    public var logID: String
    public var key: VerificationKey
  }

  /// The CA certificates: roots (self-signed) and intermediates.
  public var roots: [Certificate]
  public var intermediates: [Certificate]
  public var logs: [TransparencyLog]

  /// Reads the trusted root file at `path`.
  public init(file path: String) throws(TrustInputError) {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw TrustInputError(path, "cannot read the trusted root")
    }
    struct Wire: Decodable {
      struct Bytes: Decodable { var rawBytes: String }
      struct Chain: Decodable { var certificates: [Bytes] }
      struct Authority: Decodable { var certChain: Chain }
      struct LogID: Decodable { var keyId: String }
      struct Log: Decodable {
        var publicKey: Bytes
        var logId: LogID
      }
      var certificateAuthorities: [Authority]?
      var tlogs: [Log]?
    }
    let wire: Wire
    do {
      wire = try JSONDecoder().decode(Wire.self, from: data)
    } catch {
      throw TrustInputError(path, "not a sigstore trusted root (certificateAuthorities, tlogs): \(error)")
    }
    var roots: [Certificate] = []
    var intermediates: [Certificate] = []
    for (index, authority) in (wire.certificateAuthorities ?? []).enumerated() {
      for certificate in authority.certChain.certificates {
        guard let der = Data(base64Encoded: certificate.rawBytes),
          let parsed = try? Certificate(derEncoded: Array(der))
        else { throw TrustInputError(path, "certificateAuthorities[\(index)] holds a certificate that is not DER") }
        if parsed.issuer == parsed.subject { roots.append(parsed) } else { intermediates.append(parsed) }
      }
    }
    guard !roots.isEmpty else { throw TrustInputError(path, "no root certificate authority") }
    var logs: [TransparencyLog] = []
    for (index, log) in (wire.tlogs ?? []).enumerated() {
      guard let der = Data(base64Encoded: log.publicKey.rawBytes), let id = Data(base64Encoded: log.logId.keyId) else {
        throw TrustInputError(path, "tlogs[\(index)] has a key or log id that is not base64")
      }
      let pem = "-----BEGIN PUBLIC KEY-----\n" + der.base64EncodedString(options: .lineLength64Characters)
        + "\n-----END PUBLIC KEY-----\n"
      let key = try VerificationKey(pem: pem, name: "\(path) tlogs[\(index)]")
      logs.append(TransparencyLog(logID: id.map { String(format: "%02x", $0) }.joined(), key: key))
    }
    guard !logs.isEmpty else { throw TrustInputError(path, "no transparency log key (tlogs)") }
    self.roots = roots
    self.intermediates = intermediates
    self.logs = logs
  }
}
