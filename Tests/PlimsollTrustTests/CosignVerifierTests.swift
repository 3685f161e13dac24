import Foundation
import PlimsollRegistry
import PlimsollTestSupport
import Testing
@testable import PlimsollTrust

/// cosign signatures attached to images in a real CNCF registry by the test signer, verified
/// by the library and by `plimsoll verify`: each case gives its verdict and names why.
@Suite(.enabled(if: LocalRegistry.runs, "docker-registry and skopeo are not installed"))
struct CosignVerifierTests {
  func verify(_ images: SignedImages, _ repository: String, tag: String, key: VerificationKey) async throws
    -> SignatureVerification
  {
    let reference = try images.reference(repository, tag: tag)
    return try await images.withClient { client in
      try await CosignVerifier(key: key).verify(reference, writtenAs: reference.description, client: client)
    }
  }

  @Test func theFiveCasesEachGiveTheirVerdictAndReason() async throws {
    let images = try SignedImages()
    let signer = CosignTestSigner(key: .p256(.init()))
    let key = try VerificationKey(pem: signer.key.publicPEM, name: "cosign.pub")
    let repositoryName = "\(images.registry.host)/team/app"

    // Valid.
    let signed = try images.pushImage("team/app", tag: "1.0", content: "one")
    let signatureManifest = try signer.signAndPush(
      digest: signed, repository: "team/app", dockerReference: repositoryName, with: images.pusher)
    let valid = try await verify(images, "team/app", tag: "1.0", key: key)
    #expect(valid.verified)
    #expect(valid.digest == signed)
    #expect(valid.summary.contains("is signed by key cosign.pub (ECDSA P-256, \(key.fingerprint))"))
    #expect(valid.signatures.map(\.location) == ["tag \(CosignTestSigner.signatureTag(signed)), layer 1"])

    // Wrong key.
    let stranger = try VerificationKey(pem: CosignTestSigner.Key.p256(.init()).publicPEM, name: "other.pub")
    let wrongKey = try await verify(images, "team/app", tag: "1.0", key: stranger)
    #expect(!wrongKey.verified)
    #expect(wrongKey.summary.contains("the signature does not verify with other.pub"))

    // Re-tagged: another image carrying the first image's signature manifest.
    let other = try images.pushImage("team/app", tag: "2.0", content: "two")
    try images.pusher.pushManifest(signatureManifest, to: "team/app", reference: CosignTestSigner.signatureTag(other))
    let copied = try await verify(images, "team/app", tag: "2.0", key: key)
    #expect(!copied.verified)
    #expect(copied.summary.contains("the signed payload is for \(signed), not this image's \(other)"))

    // Tampered payload: the stored payload names the other image, the signature is the original's.
    let third = try images.pushImage("team/app", tag: "3.0", content: "three")
    try signer.signAndPush(
      digest: third, repository: "team/app", dockerReference: repositoryName, with: images.pusher,
      payloadOverride: CosignTestSigner.payload(digest: third, dockerReference: "\(images.registry.host)/team/evil"))
    let tampered = try await verify(images, "team/app", tag: "3.0", key: key)
    #expect(!tampered.verified)
    #expect(tampered.summary.contains("the payload was changed after signing"))

    // Unsigned.
    let unsigned = try images.pushImage("team/app", tag: "4.0", content: "four")
    let none = try await verify(images, "team/app", tag: "4.0", key: key)
    #expect(!none.verified)
    #expect(none.signatures.isEmpty)
    #expect(none.summary.contains("(\(unsigned)) is unsigned: no signature in tag \(CosignTestSigner.signatureTag(unsigned))"))
  }

  @Test func aSignatureClaimingAnotherRepositoryIsRefused() async throws {
    let images = try SignedImages()
    let signer = CosignTestSigner(key: .ed25519(.init()))
    let key = try VerificationKey(pem: signer.key.publicPEM, name: "ed25519.pub")
    let digest = try images.pushImage("team/app", tag: "1.0", content: "one")
    try signer.signAndPush(digest: digest, repository: "team/app",
                           dockerReference: "\(images.registry.host)/team/other", with: images.pusher)
    let result = try await verify(images, "team/app", tag: "1.0", key: key)
    #expect(!result.verified)
    #expect(result.summary.contains(
      "the signature is for \(images.registry.host)/team/other, not \(images.registry.host)/team/app"))
  }

  @Test func aSignatureStoredOnlyAsAReferrerIsFoundThroughTheTagSchema() async throws {
    let images = try SignedImages()
    let signer = CosignTestSigner(key: .p256(.init()))
    let key = try VerificationKey(pem: signer.key.publicPEM, name: "cosign.pub")
    let digest = try images.pushImage("team/app", tag: "1.0", content: "one")
    // As cosign's OCI 1.1 mode writes it: a manifest with a subject, listed in the index at
    // tag sha256-<hex> (this registry has no referrers API).
    let payload = CosignTestSigner.payload(digest: digest, dockerReference: "\(images.registry.host)/team/app")
    let payloadDigest = try images.pusher.pushBlob(payload, to: "team/app")
    let empty = Data("{}".utf8)
    let emptyDigest = try images.pusher.pushBlob(empty, to: "team/app")
    let manifestSize = try images.pusher.manifest("team/app", reference: "1.0").count
    let referrer = Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"\#(CosignVerifier.signatureArtifactType)","config":{"mediaType":"application/vnd.oci.empty.v1+json","size":2,"digest":"\#(emptyDigest)"},"layers":[{"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","size":\#(payload.count),"digest":"\#(payloadDigest)","annotations":{"dev.cosignproject.cosign/signature":"\#(try signer.signature(payload))"}}],"subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":\#(manifestSize),"digest":"\#(digest)"}}"#.utf8)
    let referrerDigest = CosignTestSigner.sha256(referrer)
    try images.pusher.pushManifest(referrer, to: "team/app", reference: referrerDigest)
    let index = Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":\#(referrer.count),"digest":"\#(referrerDigest)","artifactType":"\#(CosignVerifier.signatureArtifactType)"}]}"#.utf8)
    try images.pusher.pushManifest(index, to: "team/app", reference: digest.replacingOccurrences(of: ":", with: "-"),
                                   mediaType: "application/vnd.oci.image.index.v1+json")
    let result = try await verify(images, "team/app", tag: "1.0", key: key)
    #expect(result.verified)
    #expect(result.signatures.map(\.location) == ["referrer \(referrerDigest), layer 1"])
    #expect(result.searched.contains("referrers tag schema"))
  }

  @Test(.enabled(if: Requirement.executable, "the plimsoll executable is not built"))
  func plimsollVerifyExitsZeroOneOrTwo() async throws {
    let images = try SignedImages()
    let signer = CosignTestSigner(key: .p256(.init()))
    let keyFile = try images.scratch.write("cosign.pub", signer.key.publicPEM)
    let digest = try images.pushImage("team/app", tag: "1.0", content: "one")
    try images.pushImage("team/app", tag: "2.0", content: "two")
    try signer.signAndPush(digest: digest, repository: "team/app",
                           dockerReference: "\(images.registry.host)/team/app", with: images.pusher)
    let executable = try #require(plimsollExecutable())
    func run(_ tag: String, key: String) throws -> (status: Int32, output: String, errors: String) {
      let result = try ProcessOutput.run([executable, "verify", "--insecure", "\(images.registry.host)/team/app:\(tag)",
                                          "--key", key])
      return (result.status, String(decoding: result.output, as: UTF8.self), String(decoding: result.errors, as: UTF8.self))
    }
    let verified = try run("1.0", key: keyFile)
    #expect(verified.status == 0)
    #expect(verified.output.hasPrefix("verified: \(images.registry.host)/team/app:1.0 (\(digest))"))
    let unsigned = try run("2.0", key: keyFile)
    #expect(unsigned.status == 1)
    #expect(unsigned.output.contains("is unsigned"))
    let json = try ProcessOutput.run([executable, "verify", "--insecure", "\(images.registry.host)/team/app:1.0",
                                      "--key", keyFile, "--format", "json"])
    #expect(json.status == 0)
    let object = try JSONSerialization.jsonObject(with: json.output) as? [String: Any]
    #expect(object?["verified"] as? Bool == true)
    #expect(object?["digest"] as? String == digest)
    #expect((object?["signatures"] as? [[String: Any]])?.first?["accepted"] as? Bool == true)
    let badKey = try run("1.0", key: try images.scratch.write("bad.pub", "not a key"))
    #expect(badKey.status == 2)
    #expect(badKey.errors.contains("bad.pub: not a PEM public key"))
  }
}
