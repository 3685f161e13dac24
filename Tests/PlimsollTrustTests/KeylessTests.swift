import Foundation
import PlimsollRegistry
import PlimsollTestSupport
import Testing
@testable import PlimsollTrust

/// Keyless signatures verified offline against a trusted root file the test writes: a test
/// CA in the Fulcio role, a test log key in the Rekor role, images in the real registry.
@Suite(.enabled(if: LocalRegistry.runs && Requirement.tool("openssl"), "docker-registry, skopeo or openssl is not installed"))
struct KeylessTests {
  func verify(_ images: SignedImages, tag: String, root: String, identity: String, issuer: String) async throws
    -> SignatureVerification
  {
    let reference = try images.reference("team/app", tag: tag)
    let check = KeylessCheck(root: try TrustedRoot(file: root), expected: KeylessIdentity(identity: identity, issuer: issuer))
    return try await images.withClient { client in
      try await CosignVerifier(keyless: check).verify(reference, writtenAs: reference.description, client: client)
    }
  }

  @Test func identityIssuerCAAndLogAreEachChecked() async throws {
    let images = try SignedImages()
    let signer = try KeylessTestSigner()
    let root = try images.scratch.write("trusted_root.json", signer.trustedRoot())
    let host = images.registry.host
    let digest = try images.pushImage("team/app", tag: "1.0", content: "one")
    try signer.signAndPush(digest: digest, repository: "team/app", dockerReference: "\(host)/team/app", with: images.pusher)

    let valid = try await verify(images, tag: "1.0", root: root, identity: "signer@example.com", issuer: "https://issuer.example.com")
    #expect(valid.verified)
    #expect(valid.summary.contains("signed by certificate for signer@example.com issued through https://issuer.example.com"))

    let otherIdentity = try await verify(images, tag: "1.0", root: root, identity: "other@example.com", issuer: "https://issuer.example.com")
    #expect(!otherIdentity.verified)
    #expect(otherIdentity.summary.contains("the certificate identity is signer@example.com, not other@example.com"))

    let otherIssuer = try await verify(images, tag: "1.0", root: root, identity: "signer@example.com", issuer: "https://accounts.example.org")
    #expect(otherIssuer.summary.contains("the certificate's OIDC issuer is https://issuer.example.com, not https://accounts.example.org"))

    let stranger = try KeylessTestSigner()
    let otherCA = try images.scratch.write("other_root.json", signer.trustedRoot(ca: stranger.caDER))
    let untrusted = try await verify(images, tag: "1.0", root: otherCA, identity: "signer@example.com", issuer: "https://issuer.example.com")
    #expect(!untrusted.verified)
    #expect(untrusted.summary.contains("the certificate does not chain to a certificate authority of the trusted root"))

    let retired = try images.scratch.write("retired_root.json", signer.trustedRoot(
      caValidFor: #"{"start":"2020-01-01T00:00:00.000Z","end":"2021-01-01T00:00:00Z"}"#))
    let tooLate = try await verify(images, tag: "1.0", root: retired, identity: "signer@example.com", issuer: "https://issuer.example.com")
    #expect(tooLate.summary.contains("no certificate authority of the trusted root was valid at the integrated time"))

    let otherLog = try images.scratch.write("other_log.json", stranger.trustedRoot(ca: signer.caDER))
    let unlogged = try await verify(images, tag: "1.0", root: otherLog, identity: "signer@example.com", issuer: "https://issuer.example.com")
    #expect(unlogged.summary.contains("which the trusted root does not list"))

    // A bundle whose integrated time was changed after the log signed it.
    let second = try images.pushImage("team/app", tag: "2.0", content: "two")
    try signer.signAndPush(digest: second, repository: "team/app", dockerReference: "\(host)/team/app", with: images.pusher,
                           integratedTimeShift: 60)
    let shifted = try await verify(images, tag: "2.0", root: root, identity: "signer@example.com", issuer: "https://issuer.example.com")
    #expect(!shifted.verified)
    #expect(shifted.summary.contains("signed entry timestamp does not verify"))
  }

  @Test func aCosign3KeylessBundleIsVerified() async throws {
    let images = try SignedImages()
    let signer = try KeylessTestSigner()
    let root = try images.scratch.write("trusted_root.json", signer.trustedRoot())
    let digest = try images.pushImage("team/app", tag: "1.0", content: "one")
    let statement = CosignTestSigner.statement(digest: digest, predicateType: "https://sigstore.dev/cosign/sign/v1", predicate: nil)
    let referrer = try images.attachBundle(try signer.bundle(statement: statement), to: digest, repository: "team/app",
                                           predicateType: "https://sigstore.dev/cosign/sign/v1")
    let valid = try await verify(images, tag: "1.0", root: root, identity: "signer@example.com", issuer: "https://issuer.example.com")
    #expect(valid.verified)
    #expect(valid.signatures.map(\.location) == ["referrer \(referrer), layer 1"])
    #expect(valid.summary.contains("signed by certificate for signer@example.com issued through https://issuer.example.com"))
    let other = try await verify(images, tag: "1.0", root: root, identity: "other@example.com", issuer: "https://issuer.example.com")
    #expect(!other.verified)
    #expect(other.summary.contains("the certificate identity is signer@example.com, not other@example.com"))
    // A keyless provenance attestation in the same form.
    let provenance = CosignTestSigner.statement(digest: digest, predicateType: "https://slsa.dev/provenance/v1",
                                                predicate: #"{"runDetails":{"builder":{"id":"https://ci.example.com"}}}"#)
    try images.attachBundle(try signer.bundle(statement: provenance), to: digest, repository: "team/app",
                            predicateType: "https://slsa.dev/provenance/v1")
    let reference = try images.reference("team/app", tag: "1.0")
    let check = KeylessCheck(root: try TrustedRoot(file: root),
                             expected: KeylessIdentity(identity: "signer@example.com", issuer: "https://issuer.example.com"))
    let attested = try await images.withClient { client in
      try await CosignVerifier(keyless: check, mode: .attestation(name: "slsaprovenance", predicateTypes: ["https://slsa.dev/provenance/v1"]))
        .verify(reference, writtenAs: reference.description, client: client)
    }
    #expect(attested.verified)
    #expect(attested.signatures.filter(\.accepted).map(\.predicateType) == ["https://slsa.dev/provenance/v1"])
    // The same bundle attached to another image: the statement names the first.
    let second = try images.pushImage("team/app", tag: "2.0", content: "two")
    try images.attachBundle(try signer.bundle(statement: statement), to: second, repository: "team/app",
                            predicateType: "https://sigstore.dev/cosign/sign/v1")
    let copied = try await verify(images, tag: "2.0", root: root, identity: "signer@example.com", issuer: "https://issuer.example.com")
    #expect(copied.summary.contains("the signed statement is about \(digest), not this image's \(second)"))
  }

  @Test(.enabled(if: Requirement.executable, "the plimsoll executable is not built"))
  func plimsollVerifyKeylessExitsOneOnAMismatchedIdentity() async throws {
    let images = try SignedImages()
    let signer = try KeylessTestSigner()
    let root = try images.scratch.write("trusted_root.json", signer.trustedRoot())
    let digest = try images.pushImage("team/app", tag: "1.0", content: "one")
    try signer.signAndPush(digest: digest, repository: "team/app", dockerReference: "\(images.registry.host)/team/app",
                           with: images.pusher)
    let executable = try #require(plimsollExecutable())
    func run(_ identity: String) throws -> (Int32, String) {
      let result = try ProcessOutput.run([
        executable, "verify", "--insecure", "\(images.registry.host)/team/app:1.0", "--trusted-root", root,
        "--certificate-identity", identity, "--certificate-oidc-issuer", "https://issuer.example.com"])
      return (result.status, String(decoding: result.output, as: UTF8.self))
    }
    #expect(try run("signer@example.com").0 == 0)
    let mismatch = try run("other@example.com")
    #expect(mismatch.0 == 1)
    #expect(mismatch.1.contains("not other@example.com"))
  }
}
