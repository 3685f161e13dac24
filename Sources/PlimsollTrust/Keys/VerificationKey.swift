public import PlimsollDiagnostics
import Crypto
import CryptoExtras
public import Foundation

/// A public key that signatures are verified with: ECDSA P-256 (cosign's default), Ed25519
/// or RSA, read from a PEM `PUBLIC KEY` (SubjectPublicKeyInfo) file such as `cosign.pub`.
public struct VerificationKey: Sendable {
  /// The key's algorithm and material.
  enum Material: Sendable {
    case p256(P256.Signing.PublicKey)
    case ed25519(Curve25519.Signing.PublicKey)
    case rsa(_RSA.Signing.PublicKey)
  }

  let material: Material
  /// Where the key came from (the file name), for messages.
  public let name: String

  /// The algorithm, as messages name it (`ECDSA P-256`, `Ed25519`, `RSA-2048`).
  public var algorithm: String {
    switch material {
    case .p256: "ECDSA P-256"
    case .ed25519: "Ed25519"
    case .rsa(let key): "RSA-\(key.keySizeInBits)"
    }
  }

  /// `sha256:<hex>` of the key's DER SubjectPublicKeyInfo: what a report names the signer by.
  public var fingerprint: String {
    let der: Data = switch material {
    case .p256(let key): key.derRepresentation
    case .ed25519(let key): key.derRepresentation
    case .rsa(let key): key.derRepresentation
    }
    return "sha256:" + SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined()
  }

  /// Parses a PEM public key; `name` is how messages refer to it.
  public init(pem text: String, name: String) throws(InputError) {
    guard text.contains("-----BEGIN PUBLIC KEY-----") else {
      if text.contains("PRIVATE KEY") {
        throw InputError(name, "this is a private key; give the public key (cosign.pub)")
      }
      throw InputError(name, "not a PEM public key (-----BEGIN PUBLIC KEY-----)")
    }
    if let key = try? P256.Signing.PublicKey(pemRepresentation: text) {
      material = .p256(key)
    } else if let key = try? Curve25519.Signing.PublicKey(pemRepresentation: text) {
      material = .ed25519(key)
    } else if let key = try? _RSA.Signing.PublicKey(pemRepresentation: text) {
      material = .rsa(key)
    } else {
      throw InputError(name, "a public key, but not ECDSA P-256, Ed25519 or RSA (2048 bits or more)")
    }
    self.name = name
  }

  /// Reads and parses the PEM public key file at `path`.
  public init(file path: String) throws(InputError) {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(path, "cannot read the key file")
    }
    guard data.count < 64 << 10 else { throw InputError(path, "larger than 64 KiB; not a public key") }
    try self.init(pem: String(decoding: data, as: UTF8.self), name: path)
  }

  /// Whether `signature` (as cosign encodes it: ASN.1 DER for ECDSA, raw for Ed25519 and
  /// RSA PKCS #1 v1.5 or PSS) signs `message` under SHA-256.
  public func isValidSignature(_ signature: Data, for message: Data) -> Bool {
    switch material {
    case .p256(let key):
      guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
      return key.isValidSignature(parsed, for: message)
    case .ed25519(let key):
      return key.isValidSignature(signature, for: message)
    case .rsa(let key):
      let parsed = _RSA.Signing.RSASignature(rawRepresentation: signature)
      return key.isValidSignature(parsed, for: message, padding: .insecurePKCS1v1_5)
        || key.isValidSignature(parsed, for: message, padding: .PSS)
    }
  }
}
