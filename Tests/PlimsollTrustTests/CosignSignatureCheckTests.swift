import PlimsollDiagnostics
import Foundation
import PlimsollRegistry
import PlimsollTestSupport
import Testing
@testable import PlimsollTrust

/// Judges signatures without a registry: a genuine cosign v3.0.4 signature, and the test
/// signer's, each with one thing wrong at a time.
struct CosignSignatureCheckTests {
  static let fixture = Repository.fixtures + "/trust/cosign-v3.0.4"
  static let realDigest = "sha256:f20c43161d73848408ef247f0ec7111b19fe58ffebc0cbcaa0d2c8bda4967268"

  func real() throws -> (key: VerificationKey, payload: Data, signature: String) {
    let key = try VerificationKey(file: Self.fixture + "/cosign.pub")
    let payload = try Data(contentsOf: URL(fileURLWithPath: Self.fixture + "/payload.json"))
    let manifest = try Data(contentsOf: URL(fileURLWithPath: Self.fixture + "/signature-manifest.json"))
    let parsed = try JSONDecoder().decode(CosignVerifier.SignatureManifest.self, from: manifest)
    let layer = try #require(parsed.layers.first)
    #expect(layer.mediaType == CosignVerifier.payloadMediaType)
    #expect(layer.digest == CosignTestSigner.sha256(payload))
    return (key, payload, try #require(layer.annotations?[CosignVerifier.signatureAnnotation]))
  }

  func check(_ key: VerificationKey, digest: String, reference: String) throws -> CosignSignatureCheck {
    CosignSignatureCheck(key: key, imageDigest: digest,
                         identity: SignedIdentity(try ImageReference(parsing: reference), writtenAs: reference))
  }

  @Test func aGenuineCosignSignatureVerifies() throws {
    let (key, payload, signature) = try real()
    #expect(key.algorithm == "ECDSA P-256")
    #expect(key.fingerprint == "sha256:dc2bcfdb0402cd0845f59232655c3ab2a53d55849d4665579efe45c6cc753478")
    let problem = try check(key, digest: Self.realDigest, reference: "localhost:15381/tobby/fixture@\(Self.realDigest)")
      .problem(payload: payload, signature: signature)
    #expect(problem == nil)
  }

  @Test func theGenuineSignatureIsRefusedForAnotherImageRepositoryOrKey() throws {
    let (key, payload, signature) = try real()
    let other = "sha256:" + String(repeating: "a", count: 64)
    let wrongDigest = try check(key, digest: other, reference: "localhost:15381/tobby/fixture:1.0")
      .problem(payload: payload, signature: signature)
    #expect(wrongDigest?.contains("is for \(Self.realDigest), not this image's \(other)") == true)
    let wrongRepository = try check(key, digest: Self.realDigest, reference: "localhost:15381/tobby/other:1.0")
      .problem(payload: payload, signature: signature)
    #expect(wrongRepository?.contains("the signature is for localhost:15381/tobby/fixture, not localhost:15381/tobby/other") == true)
    let stranger = try VerificationKey(pem: CosignTestSigner.Key.p256(.init()).publicPEM, name: "other.pub")
    let wrongKey = try check(stranger, digest: Self.realDigest, reference: "localhost:15381/tobby/fixture:1.0")
      .problem(payload: payload, signature: signature)
    #expect(wrongKey?.contains("does not verify with other.pub") == true)
    var tampered = payload
    tampered[tampered.startIndex + 40] ^= 0x01
    let changed = try check(key, digest: Self.realDigest, reference: "localhost:15381/tobby/fixture:1.0")
      .problem(payload: tampered, signature: signature)
    #expect(changed?.contains("does not verify") == true)
  }

  @Test func theTestSignerWritesCosignsPayloadByteForByte() throws {
    let (_, payload, _) = try real()
    #expect(CosignTestSigner.payload(digest: Self.realDigest, dockerReference: "localhost:15381/tobby/fixture") == payload)
  }

  @Test(arguments: ["p256", "ed25519"])
  func testSignerSignaturesVerifyPerAlgorithm(_ algorithm: String) throws {
    let signer = CosignTestSigner(key: algorithm == "p256" ? .p256(.init()) : .ed25519(.init()))
    let key = try VerificationKey(pem: signer.key.publicPEM, name: "cosign.pub")
    #expect(key.algorithm == (algorithm == "p256" ? "ECDSA P-256" : "Ed25519"))
    let digest = "sha256:" + String(repeating: "b", count: 64)
    let payload = CosignTestSigner.payload(digest: digest, dockerReference: "registry.example.com/team/app")
    let problem = try check(key, digest: digest, reference: "registry.example.com/team/app:1.0")
      .problem(payload: payload, signature: try signer.signature(payload))
    #expect(problem == nil)
  }

  @Test func anRSAKeyMadeByOpenSSLVerifiesPKCS1Signatures() throws {
    let scratch = try Scratch()
    try scratch.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.key"])
    try scratch.run(["openssl", "pkey", "-in", "rsa.key", "-pubout", "-out", "rsa.pub"])
    let digest = "sha256:" + String(repeating: "c", count: 64)
    try scratch.write("payload.json", Array(CosignTestSigner.payload(digest: digest, dockerReference: "docker.io/team/app")))
    try scratch.run(["openssl", "dgst", "-sha256", "-sign", "rsa.key", "-out", "payload.sig", "payload.json"])
    let key = try VerificationKey(file: scratch.path + "/rsa.pub")
    #expect(key.algorithm == "RSA-2048")
    let problem = try check(key, digest: digest, reference: "team/app:1.0").problem(
      payload: Data(try scratch.read("payload.json")), signature: Data(try scratch.read("payload.sig")).base64EncodedString())
    #expect(problem == nil)
  }

  @Test func unusableKeysAreNamedWithTheProblem() throws {
    #expect(throws: InputError("k.pem", "this is a private key; give the public key (cosign.pub)")) {
      try VerificationKey(pem: "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n", name: "k.pem")
    }
    #expect(throws: InputError("k.txt", "not a PEM public key (-----BEGIN PUBLIC KEY-----)")) {
      try VerificationKey(pem: "hello", name: "k.txt")
    }
    #expect(throws: InputError("/nonexistent/cosign.pub", "cannot read the key file")) {
      try VerificationKey(file: "/nonexistent/cosign.pub")
    }
  }
}
