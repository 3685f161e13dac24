import Foundation
import PlimsollRegistry
import PlimsollTestSupport
import Testing
@testable import PlimsollTrust

/// DSSE envelopes with in-toto statements: a genuine cosign 3 sigstore bundle, and
/// attestations the test signer attaches in a real registry.
struct AttestationTests {
  static let fixture = Repository.fixtures + "/trust/cosign-v3.0.4-bundle"
  static let subject = "sha256:d7d5640c741c60b47fa4b5530daa20a6469b55754a89dd42adbadadb59f9093c"

  func verifier(_ key: VerificationKey, _ mode: CosignVerifier.Mode = .signature) -> CosignVerifier {
    CosignVerifier(key: key, mode: mode)
  }

  @Test func aGenuineCosign3BundleVerifiesAsASignature() async throws {
    let key = try VerificationKey(file: Self.fixture + "/cosign.pub")
    let bundle = try Data(contentsOf: URL(fileURLWithPath: Self.fixture + "/bundle.json"))
    #expect(CosignTestSigner.sha256(bundle) == "sha256:adbf6372367b1d18204f9a60675cdd31c26e60b5cb664b937a69c448cfab6512")
    let accepted = await verifier(key).judgeStatement("bundle", json: bundle, inBundle: true, imageDigest: Self.subject)
    #expect(accepted.accepted)
    let other = "sha256:" + String(repeating: "0", count: 64)
    let elsewhere = await verifier(key).judgeStatement("bundle", json: bundle, inBundle: true, imageDigest: other)
    #expect(elsewhere.problem == "the signed statement is about \(Self.subject), not this image's \(other)")
    let stranger = try VerificationKey(pem: CosignTestSigner.Key.p256(.init()).publicPEM, name: "other.pub")
    #expect(await verifier(stranger).judgeStatement("bundle", json: bundle, inBundle: true, imageDigest: Self.subject)
      .problem?.hasPrefix("the DSSE signature does not verify with other.pub") == true)
    let asProvenance = await verifier(key, .attestation(name: "slsaprovenance", predicateTypes: InTotoStatement.predicateTypes(named: "slsaprovenance")))
      .judgeStatement("bundle", json: bundle, inBundle: true, imageDigest: Self.subject)
    #expect(asProvenance.problem?.hasPrefix("a https://sigstore.dev/cosign/sign/v1 statement, not slsaprovenance") == true)
  }

  @Test func theGenuineBundlesLogEntryVerifiesWithRekorsKey() throws {
    let bundle = try Data(contentsOf: URL(fileURLWithPath: Self.fixture + "/bundle.json"))
    let parsed = try JSONSerialization.jsonObject(with: bundle) as? [String: Any]
    let material = parsed?["verificationMaterial"] as? [String: Any]
    let first = try #require((material?["tlogEntries"] as? [[String: Any]])?.first)
    let entry = try #require(RekorBundle(bundleEntry: first))
    #expect(entry.logID == "c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d")
    let rekor = try VerificationKey(file: Self.fixture + "/rekor.pub")
    #expect(rekor.fingerprint == "sha256:" + entry.logID)
    let set = try #require(Data(base64Encoded: entry.signedEntryTimestamp))
    #expect(rekor.isValidSignature(set, for: entry.canonicalPayload))
    var moved = entry
    moved.integratedTime += 1
    #expect(!rekor.isValidSignature(set, for: moved.canonicalPayload))
    // The dsse entry records the statement's hash and the signature; its verifier is a public
    // key (this signature is key-based), so it names no certificate.
    let dsse = try #require(parsed?["dsseEnvelope"])
    let envelope = try DSSEEnvelope(json: try JSONSerialization.data(withJSONObject: dsse))
    let leaf = try KeylessTestSigner().certificate()
    #expect(entry.entryProblem(payload: envelope.payload, signature: try #require(envelope.signatures.first), certificate: leaf)
      == "the transparency-log entry records another certificate")
    #expect(entry.entryProblem(payload: Data("other".utf8), signature: try #require(envelope.signatures.first), certificate: leaf)
      == "the transparency-log entry is for another payload")
  }

  @Test func theTestSignersEncodingIsWhatTheGenuineSignatureSigns() throws {
    let key = try VerificationKey(file: Self.fixture + "/cosign.pub")
    let bundle = try Data(contentsOf: URL(fileURLWithPath: Self.fixture + "/bundle.json"))
    let parsed = try JSONSerialization.jsonObject(with: bundle) as? [String: Any]
    let dsse = try #require(parsed?["dsseEnvelope"])
    let envelope = try DSSEEnvelope(json: try JSONSerialization.data(withJSONObject: dsse))
    let signature = try #require(envelope.signatures.first)
    // The test signer's pre-authentication encoding of cosign's statement is the message
    // cosign signed, and so is the verifier's.
    let signerMessage = CosignTestSigner.preAuthenticationEncoding(envelope.payloadType, envelope.payload)
    #expect(key.isValidSignature(signature, for: signerMessage))
    #expect(envelope.preAuthenticationEncoding == signerMessage)
    let statement = try InTotoStatement(verifiedBytes: envelope.payload)
    #expect(statement.subjectDigests == [Self.subject])
    #expect(statement.predicateType == InTotoStatement.cosignSignaturePredicate)
  }

  @Suite(.enabled(if: LocalRegistry.runs, "docker-registry and skopeo are not installed"))
  struct InARegistry {
    static let provenance = #"{"buildDefinition":{"buildType":"https://example.com/build/v1","externalParameters":{"repository":"https://git.example.com/app"}},"runDetails":{"builder":{"id":"https://ci.example.com/runner"}}}"#

    func verify(_ images: SignedImages, tag: String, key: VerificationKey, attestation: String?) async throws
      -> SignatureVerification
    {
      let reference = try images.reference("team/app", tag: tag)
      let mode: CosignVerifier.Mode = attestation.map {
        .attestation(name: $0, predicateTypes: InTotoStatement.predicateTypes(named: $0))
      } ?? .signature
      return try await images.withClient { client in
        try await CosignVerifier(key: key, mode: mode).verify(reference, writtenAs: reference.description, client: client)
      }
    }

    @Test func provenanceAttestationsAreVerifiedAndShown() async throws {
      let images = try SignedImages()
      let signer = CosignTestSigner(key: .p256(.init()))
      let key = try VerificationKey(pem: signer.key.publicPEM, name: "cosign.pub")
      let digest = try images.pushImage("team/app", tag: "1.0", content: "one")
      let provenance = try signer.envelope(CosignTestSigner.statement(
        digest: digest, predicateType: "https://slsa.dev/provenance/v1", predicate: Self.provenance))
      let sbom = try signer.envelope(CosignTestSigner.statement(
        digest: digest, predicateType: "https://cyclonedx.org/bom", predicate: #"{"bomFormat":"CycloneDX","specVersion":"1.6"}"#))
      try signer.pushAttestations([(sbom, "https://cyclonedx.org/bom"), (provenance, "https://slsa.dev/provenance/v1")],
                                  digest: digest, repository: "team/app", with: images.pusher)

      let result = try await verify(images, tag: "1.0", key: key, attestation: "slsaprovenance")
      #expect(result.verified)
      let accepted = try #require(result.signatures.first { $0.accepted })
      #expect(accepted.location == "tag \(digest.replacingOccurrences(of: ":", with: "-")).att, layer 2")
      #expect(accepted.predicateType == "https://slsa.dev/provenance/v1")
      let predicate = try #require(accepted.predicate)
      let object = try JSONSerialization.jsonObject(with: predicate) as? [String: Any]
      let builder = try #require(object?["runDetails"] as? [String: Any])
      #expect((builder["builder"] as? [String: Any])?["id"] as? String == "https://ci.example.com/runner")
      #expect(result.signatures.first?.problem == "a https://cyclonedx.org/bom statement, not slsaprovenance (https://slsa.dev/provenance/v1, https://slsa.dev/provenance/v0.2)")

      // The same attestations under another key, and an image they are not about.
      let stranger = try VerificationKey(pem: CosignTestSigner.Key.p256(.init()).publicPEM, name: "other.pub")
      #expect(try await verify(images, tag: "1.0", key: stranger, attestation: "slsaprovenance").verified == false)
      let other = try images.pushImage("team/app", tag: "2.0", content: "two")
      try signer.pushAttestations([(provenance, "https://slsa.dev/provenance/v1")], digest: other, repository: "team/app",
                                  with: images.pusher)
      let copied = try await verify(images, tag: "2.0", key: key, attestation: "slsaprovenance")
      #expect(!copied.verified)
      #expect(copied.summary.contains("the signed statement is about \(digest), not this image's \(other)"))
      // No attestation at all.
      try images.pushImage("team/app", tag: "3.0", content: "three")
      let none = try await verify(images, tag: "3.0", key: key, attestation: "slsaprovenance")
      #expect(none.summary.contains("is unsigned: no signature in tag sha256-"))
    }

    @Test func aCosign3BundleReferrerCountsAsASignature() async throws {
      let images = try SignedImages()
      let signer = CosignTestSigner(key: .p256(.init()))
      let key = try VerificationKey(pem: signer.key.publicPEM, name: "cosign.pub")
      let digest = try images.pushImage("team/app", tag: "1.0", content: "one")
      let envelope = try signer.envelope(CosignTestSigner.statement(
        digest: digest, predicateType: "https://sigstore.dev/cosign/sign/v1", predicate: nil))
      let bundle = Data(#"{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"publicKey":{"hint":""}},"dsseEnvelope":"#.utf8)
        + envelope + Data("}".utf8)
      let bundleDigest = try images.pusher.pushBlob(bundle, to: "team/app")
      let emptyDigest = try images.pusher.pushBlob(Data("{}".utf8), to: "team/app")
      let type = "application/vnd.dev.sigstore.bundle.v0.3+json"
      let referrer = Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"\#(type)","config":{"mediaType":"application/vnd.oci.empty.v1+json","size":2,"digest":"\#(emptyDigest)"},"layers":[{"mediaType":"\#(type)","size":\#(bundle.count),"digest":"\#(bundleDigest)"}],"annotations":{"dev.sigstore.bundle.content":"dsse-envelope","dev.sigstore.bundle.predicateType":"https://sigstore.dev/cosign/sign/v1"}}"#.utf8)
      let referrerDigest = try images.pusher.pushManifest(referrer, to: "team/app", reference: CosignTestSigner.sha256(referrer))
      let index = Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":\#(referrer.count),"digest":"\#(referrerDigest)","artifactType":"\#(type)","annotations":{"dev.sigstore.bundle.predicateType":"https://sigstore.dev/cosign/sign/v1"}}]}"#.utf8)
      try images.pusher.pushManifest(index, to: "team/app", reference: digest.replacingOccurrences(of: ":", with: "-"),
                                     mediaType: "application/vnd.oci.image.index.v1+json")
      let result = try await verify(images, tag: "1.0", key: key, attestation: nil)
      #expect(result.verified)
      #expect(result.signatures.map(\.location) == ["referrer \(referrerDigest), layer 1"])
      // Asked for provenance, the signature bundle is not one (its annotation says so).
      let provenance = try await verify(images, tag: "1.0", key: key, attestation: "slsaprovenance")
      #expect(!provenance.verified)
      #expect(provenance.signatures.isEmpty)
    }
  }
}
