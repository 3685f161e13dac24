import Crypto
import Foundation

/// A signer that writes what `cosign sign --key` writes (cosign's SIGNATURE_SPEC: a simple
/// signing payload blob, signed with SHA-256, the base64 signature in the layer annotation
/// `dev.cosignproject.cosign/signature`, the manifest at tag `sha256-<hex>.sig`). It lives in
/// the tests, apart from the verifier, so the two cannot share a mistake silently; the real
/// cosign artifact in Tests/Fixtures/trust checks the payload bytes it writes.
struct CosignTestSigner {
  /// The private key, in one of the algorithms cosign keys come in.
  enum Key {
    case p256(P256.Signing.PrivateKey)
    case ed25519(Curve25519.Signing.PrivateKey)

    /// The PEM public key, as `cosign.pub` holds it.
    var publicPEM: String {
      switch self {
      case .p256(let key): key.publicKey.pemRepresentation + "\n"
      case .ed25519(let key): Self.ed25519PEM(key.publicKey.rawRepresentation)
      }
    }

    func sign(_ payload: Data) throws -> Data {
      switch self {
      case .p256(let key): try key.signature(for: payload).derRepresentation
      case .ed25519(let key): try key.signature(for: payload)
      }
    }

    /// SubjectPublicKeyInfo for Ed25519 (RFC 8410): a fixed 12-byte prefix, then the key.
    static func ed25519PEM(_ raw: Data) -> String {
      let der = Data([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]) + raw
      return "-----BEGIN PUBLIC KEY-----\n" + der.base64EncodedString() + "\n-----END PUBLIC KEY-----\n"
    }
  }

  let key: Key

  /// The payload cosign signs for `digest` under `dockerReference`, byte for byte as cosign
  /// writes it: keys in order, no spaces, `"optional":null`.
  static func payload(digest: String, dockerReference: String) -> Data {
    Data((#"{"critical":{"identity":{"docker-reference":""# + dockerReference
      + #""},"image":{"docker-manifest-digest":""# + digest
      + #""},"type":"cosign container image signature"},"optional":null}"#).utf8)
  }

  /// The base64 signature annotation value for `payload`.
  func signature(_ payload: Data) throws -> String { try key.sign(payload).base64EncodedString() }

  /// The signature manifest for one signed payload: a config naming it, one layer.
  static func signatureManifest(payloadDigest: String, payloadSize: Int, signature: String, configDigest: String,
                                configSize: Int) -> Data {
    Data((#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":\#(configSize),"digest":"\#(configDigest)"},"layers":[{"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","size":\#(payloadSize),"digest":"\#(payloadDigest)","annotations":{"dev.cosignproject.cosign/signature":"\#(signature)"}}]}"#).utf8)
  }

  /// Signs image `digest` of `repository` as `dockerReference` and pushes the payload and the
  /// signature manifest to `sha256-<hex>.sig`; `payloadOverride` pushes other bytes than the
  /// ones signed (a tampered payload). Returns the signature manifest's bytes.
  @discardableResult
  func signAndPush(digest: String, repository: String, dockerReference: String, with pusher: RegistryPusher,
                   payloadOverride: Data? = nil) throws -> Data {
    let payload = Self.payload(digest: digest, dockerReference: dockerReference)
    let signature = try signature(payload)
    let stored = payloadOverride ?? payload
    let payloadDigest = try pusher.pushBlob(stored, to: repository)
    let config = Data(#"{"architecture":"","config":{},"created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],"os":"","rootfs":{"type":"layers","diff_ids":["\#(payloadDigest)"]}}"#.utf8)
    let configDigest = try pusher.pushBlob(config, to: repository)
    let manifest = Self.signatureManifest(
      payloadDigest: payloadDigest, payloadSize: stored.count, signature: signature,
      configDigest: configDigest, configSize: config.count)
    try pusher.pushManifest(manifest, to: repository, reference: Self.signatureTag(digest))
    return manifest
  }

  /// An in-toto v1 statement about `digest` (as cosign writes it: `_type`, `subject`,
  /// `predicateType`, `predicate`).
  static func statement(digest: String, predicateType: String, predicate: String?) -> Data {
    let hex = digest.replacingOccurrences(of: "sha256:", with: "")
    return Data((#"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"image","digest":{"sha256":"\#(hex)"}}],"predicateType":"\#(predicateType)""#
      + (predicate.map { #","predicate":"# + $0 } ?? "") + "}").utf8)
  }

  /// A DSSE envelope over `payload`: the signature is over the pre-authentication encoding
  /// `DSSEv1 <len(type)> <type> <len(body)> <body>` (the DSSE protocol), written here from the
  /// specification, apart from the verifier's.
  func envelope(_ payload: Data, payloadType: String = "application/vnd.in-toto+json") throws -> Data {
    let signature = try key.sign(Self.preAuthenticationEncoding(payloadType, payload)).base64EncodedString()
    return Data(#"{"payloadType":"\#(payloadType)","payload":"\#(payload.base64EncodedString())","signatures":[{"keyid":"","sig":"\#(signature)"}]}"#.utf8)
  }

  /// `DSSEv1 <len(type)> <type> <len(body)> <body>`, lengths in bytes as ASCII decimals.
  static func preAuthenticationEncoding(_ payloadType: String, _ payload: Data) -> Data {
    Data("DSSEv1 \(payloadType.utf8.count) \(payloadType) \(payload.count) ".utf8) + payload
  }

  /// Pushes `envelopes` as cosign attaches attestations: one DSSE layer each, with its
  /// `predicateType` annotation, in the manifest at tag `sha256-<hex>.att`.
  func pushAttestations(_ envelopes: [(envelope: Data, predicateType: String)], digest: String, repository: String,
                        with pusher: RegistryPusher) throws {
    var layers: [String] = []
    for (envelope, predicateType) in envelopes {
      let blob = try pusher.pushBlob(envelope, to: repository)
      layers.append(#"{"mediaType":"application/vnd.dsse.envelope.v1+json","size":\#(envelope.count),"digest":"\#(blob)","annotations":{"dev.cosignproject.cosign/signature":"","predicateType":"\#(predicateType)"}}"#)
    }
    let config = Data("{}".utf8)
    let configDigest = try pusher.pushBlob(config, to: repository)
    let manifest = Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":2,"digest":"\#(configDigest)"},"layers":[\#(layers.joined(separator: ","))]}"#.utf8)
    try pusher.pushManifest(manifest, to: repository, reference: digest.replacingOccurrences(of: ":", with: "-") + ".att")
  }

  static func signatureTag(_ digest: String) -> String { digest.replacingOccurrences(of: ":", with: "-") + ".sig" }

  static func sha256(_ bytes: Data) -> String {
    "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
  }
}
