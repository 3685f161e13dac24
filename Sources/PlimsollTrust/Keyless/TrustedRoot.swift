public import PlimsollDiagnostics
public import Foundation
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
    /// When the log's key may be used (`publicKey.validFor`).
    public var validity: Validity
  }

  /// A `validFor` window: `start`, and `end` when the key or CA was retired.
  public struct Validity: Sendable {
    public var start: Date?
    public var end: Date?

    public func contains(_ date: Date) -> Bool {
      (start.map { date >= $0 } ?? true) && (end.map { date <= $0 } ?? true)
    }
  }

  /// One certificate authority: its certificates and when it may have issued.
  public struct Authority: Sendable {
    public var roots: [Certificate]
    public var intermediates: [Certificate]
    public var validity: Validity
  }

  public var authorities: [Authority]
  public var logs: [TransparencyLog]

  /// The root and intermediate certificates of the authorities valid at `date`.
  public func certificates(at date: Date) -> (roots: [Certificate], intermediates: [Certificate]) {
    let valid = authorities.filter { $0.validity.contains(date) }
    return (valid.flatMap(\.roots), valid.flatMap(\.intermediates))
  }

  /// Reads the trusted root file at `path`.
  public init(file path: String) throws(InputError) {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(path, "cannot read the trusted root")
    }
    struct Wire: Decodable {
      struct Window: Decodable {
        var start: String?
        var end: String?
      }
      struct Bytes: Decodable {
        var rawBytes: String
        var validFor: Window?
      }
      struct Chain: Decodable { var certificates: [Bytes] }
      struct Authority: Decodable {
        var certChain: Chain
        var validFor: Window?
      }
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
      throw InputError(path, "not a sigstore trusted root (certificateAuthorities, tlogs): \(error)")
    }
    func window(_ wire: Wire.Window?, _ what: String) throws(InputError) -> Validity {
      func date(_ text: String?) throws(InputError) -> Date? {
        guard let text else { return nil }
        guard let parsed = Self.date(text) else { throw InputError(path, "\(what).validFor: '\(text)' is not an RFC 3339 time") }
        return parsed
      }
      return Validity(start: try date(wire?.start), end: try date(wire?.end))
    }
    var authorities: [Authority] = []
    for (index, authority) in (wire.certificateAuthorities ?? []).enumerated() {
      var roots: [Certificate] = []
      var intermediates: [Certificate] = []
      for certificate in authority.certChain.certificates {
        guard let der = Data(base64Encoded: certificate.rawBytes),
          let parsed = try? Certificate(derEncoded: Array(der))
        else { throw InputError(path, "certificateAuthorities[\(index)] holds a certificate that is not DER") }
        if parsed.issuer == parsed.subject { roots.append(parsed) } else { intermediates.append(parsed) }
      }
      authorities.append(Authority(roots: roots, intermediates: intermediates,
                                   validity: try window(authority.validFor, "certificateAuthorities[\(index)]")))
    }
    guard authorities.contains(where: { !$0.roots.isEmpty }) else { throw InputError(path, "no root certificate authority") }
    var logs: [TransparencyLog] = []
    for (index, log) in (wire.tlogs ?? []).enumerated() {
      guard let der = Data(base64Encoded: log.publicKey.rawBytes), let id = Data(base64Encoded: log.logId.keyId) else {
        throw InputError(path, "tlogs[\(index)] has a key or log id that is not base64")
      }
      let pem = "-----BEGIN PUBLIC KEY-----\n" + der.base64EncodedString(options: .lineLength64Characters)
        + "\n-----END PUBLIC KEY-----\n"
      let key = try VerificationKey(pem: pem, name: "\(path) tlogs[\(index)]")
      logs.append(TransparencyLog(logID: id.map { String(format: "%02x", $0) }.joined(), key: key,
                                  validity: try window(log.publicKey.validFor, "tlogs[\(index)].publicKey")))
    }
    guard !logs.isEmpty else { throw InputError(path, "no transparency log key (tlogs)") }
    self.authorities = authorities
    self.logs = logs
  }

  /// An RFC 3339 time, with or without fractional seconds.
  static func date(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text)
  }
}
