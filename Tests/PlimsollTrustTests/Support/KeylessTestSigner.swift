import Crypto
import Foundation
import PlimsollTestSupport
import X509

/// What Fulcio, Rekor and `cosign sign` do for a keyless signature, played by the test: a
/// test CA (openssl) issues a short-lived code-signing certificate naming an e-mail identity
/// and an OIDC issuer (Fulcio's extension 1.3.6.1.4.1.57264.1.8); a test log key signs the
/// entry timestamp over a `hashedrekord` entry; the trusted root file names both. Kept in the
/// tests, apart from the verifier.
struct KeylessTestSigner {
  let scratch: Scratch
  let identity: String
  let issuer: String
  let certificatePEM: String
  let caPEM: String
  let caDER: Data
  let leafKey: P256.Signing.PrivateKey
  let logKey = P256.Signing.PrivateKey()

  init(identity: String = "signer@example.com", issuer: String = "https://issuer.example.com") throws {
    scratch = try Scratch()
    self.identity = identity
    self.issuer = issuer
    try scratch.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                     "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/O=plimsoll test/CN=test fulcio",
                     "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    try scratch.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "leaf.key"])
    try scratch.run(["openssl", "req", "-new", "-key", "leaf.key", "-out", "leaf.csr", "-subj", "/"])
    try scratch.write("leaf.ext", """
      subjectAltName=critical,email:\(identity)
      extendedKeyUsage=codeSigning
      keyUsage=critical,digitalSignature
      basicConstraints=critical,CA:FALSE
      1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:\(issuer)

      """)
    try scratch.run(["openssl", "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                     "-CAcreateserial", "-out", "leaf.pem", "-days", "1", "-extfile", "leaf.ext"])
    certificatePEM = String(decoding: try scratch.read("leaf.pem"), as: UTF8.self)
    caPEM = String(decoding: try scratch.read("ca.pem"), as: UTF8.self)
    caDER = Data(try scratch.run(["openssl", "x509", "-in", "ca.pem", "-outform", "DER"]))
    leafKey = try P256.Signing.PrivateKey(pemRepresentation: String(decoding: try scratch.read("leaf.key"), as: UTF8.self))
  }

  /// The signing certificate, parsed.
  func certificate() throws -> Certificate { try Certificate(pemEncoded: certificatePEM) }

  /// A cosign 3 sigstore bundle (v0.3) for `statement`: the certificate, a `dsse` log entry
  /// with its signed entry timestamp, and the DSSE envelope signed with the certificate's key.
  func bundle(statement: Data) throws -> Data {
    let payloadType = "application/vnd.in-toto+json"
    let signature = try leafKey.signature(for: CosignTestSigner.preAuthenticationEncoding(payloadType, statement))
      .derRepresentation.base64EncodedString()
    let envelope = #"{"payload":"\#(statement.base64EncodedString())","payloadType":"\#(payloadType)","signatures":[{"sig":"\#(signature)"}]}"#
    let hash = SHA256.hash(data: statement).map { String(format: "%02x", $0) }.joined()
    let envelopeHash = SHA256.hash(data: Data(envelope.utf8)).map { String(format: "%02x", $0) }.joined()
    let entry = #"{"apiVersion":"0.0.1","kind":"dsse","spec":{"envelopeHash":{"algorithm":"sha256","value":"\#(envelopeHash)"},"payloadHash":{"algorithm":"sha256","value":"\#(hash)"},"signatures":[{"signature":"\#(signature)","verifier":"\#(Data(certificatePEM.utf8).base64EncodedString())"}]}}"#
    let body = Data(entry.utf8).base64EncodedString()
    let time = Int(Date().timeIntervalSince1970)
    let canonical = #"{"body":"\#(body)","integratedTime":\#(time),"logID":"\#(logID)","logIndex":7}"#
    let set = try logKey.signature(for: Data(canonical.utf8)).derRepresentation.base64EncodedString()
    let keyID = Data(SHA256.hash(data: logKey.publicKey.derRepresentation)).base64EncodedString()
    let der = Data(try scratch.run(["openssl", "x509", "-in", "leaf.pem", "-outform", "DER"])).base64EncodedString()
    return Data(#"{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"certificate":{"rawBytes":"\#(der)"},"tlogEntries":[{"logIndex":"7","logId":{"keyId":"\#(keyID)"},"kindVersion":{"kind":"dsse","version":"0.0.1"},"integratedTime":"\#(time)","inclusionPromise":{"signedEntryTimestamp":"\#(set)"},"canonicalizedBody":"\#(body)"}]},"dsseEnvelope":\#(envelope)}"#.utf8)
  }

  /// The log's id: sha256 of its key's DER, hex.
  var logID: String { SHA256.hash(data: logKey.publicKey.derRepresentation).map { String(format: "%02x", $0) }.joined() }

  /// A trusted_root.json naming this CA (or `ca`) and this log.
  func trustedRoot(ca: Data? = nil, caValidFor: String = #"{"start":"2020-01-01T00:00:00Z"}"#) -> String {
    let keyID = Data(SHA256.hash(data: logKey.publicKey.derRepresentation)).base64EncodedString()
    return #"{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","tlogs":[{"baseUrl":"https://rekor.test","hashAlgorithm":"SHA2_256","publicKey":{"rawBytes":"\#(logKey.publicKey.derRepresentation.base64EncodedString())","keyDetails":"PKIX_ECDSA_P256_SHA_256"},"logId":{"keyId":"\#(keyID)"}}],"certificateAuthorities":[{"subject":{"organization":"plimsoll test","commonName":"test fulcio"},"uri":"https://fulcio.test","certChain":{"certificates":[{"rawBytes":"\#((ca ?? caDER).base64EncodedString())"}]},"validFor":\#(caValidFor)}]}"#
  }

  /// The layer annotations of a keyless signature over `payload`; `integratedTimeShift` makes
  /// the bundle claim another time than the log signed.
  func annotations(for payload: Data, integratedTimeShift: Int = 0) throws -> [String: String] {
    let signature = try leafKey.signature(for: payload).derRepresentation.base64EncodedString()
    let hash = SHA256.hash(data: payload).map { String(format: "%02x", $0) }.joined()
    let entry = #"{"apiVersion":"0.0.1","kind":"hashedrekord","spec":{"data":{"hash":{"algorithm":"sha256","value":"\#(hash)"}},"signature":{"content":"\#(signature)","publicKey":{"content":"\#(Data(certificatePEM.utf8).base64EncodedString())"}}}}"#
    let body = Data(entry.utf8).base64EncodedString()
    let time = Int(Date().timeIntervalSince1970)
    let canonical = #"{"body":"\#(body)","integratedTime":\#(time),"logID":"\#(logID)","logIndex":42}"#
    let set = try logKey.signature(for: Data(canonical.utf8)).derRepresentation.base64EncodedString()
    let bundle = #"{"SignedEntryTimestamp":"\#(set)","Payload":{"body":"\#(body)","integratedTime":\#(time + integratedTimeShift),"logIndex":42,"logID":"\#(logID)"}}"#
    return ["dev.cosignproject.cosign/signature": signature, "dev.sigstore.cosign/certificate": certificatePEM,
            "dev.sigstore.cosign/chain": caPEM, "dev.sigstore.cosign/bundle": bundle]
  }

  /// Signs image `digest` keylessly and pushes the signature manifest to `sha256-<hex>.sig`.
  func signAndPush(digest: String, repository: String, dockerReference: String, with pusher: RegistryPusher,
                   integratedTimeShift: Int = 0) throws {
    let payload = CosignTestSigner.payload(digest: digest, dockerReference: dockerReference)
    let payloadDigest = try pusher.pushBlob(payload, to: repository)
    let configDigest = try pusher.pushBlob(Data("{}".utf8), to: repository)
    let annotations = try annotations(for: payload, integratedTimeShift: integratedTimeShift)
    let annotationJSON = String(decoding: try JSONSerialization.data(withJSONObject: annotations, options: [.sortedKeys]),
                                as: UTF8.self)
    let manifest = Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":2,"digest":"\#(configDigest)"},"layers":[{"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","size":\#(payload.count),"digest":"\#(payloadDigest)","annotations":\#(annotationJSON)}]}"#.utf8)
    try pusher.pushManifest(manifest, to: repository, reference: CosignTestSigner.signatureTag(digest))
  }
}
