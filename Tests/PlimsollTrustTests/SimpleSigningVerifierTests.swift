import Foundation
import PlimsollRegistry
import PlimsollTestSupport
import Testing
@testable import PlimsollTrust

/// Containers simple signatures made by the real `skopeo copy --sign-by` with a key from
/// `gpg --batch --gen-key`, read from a lookaside store served over HTTP on loopback and named
/// in a registries.d file; verified with the real gpg.
@Suite(.enabled(if: GPGTestSigner.runs, "gpg, python3, docker-registry or skopeo is not installed"))
struct SimpleSigningVerifierTests {
  func verify(_ images: SignedImages, _ signer: GPGTestSigner, _ repository: String, tag: String,
              keyring: String? = nil) async throws -> SignatureVerification {
    let reference = try images.reference(repository, tag: tag)
    let verifier = try SimpleSigningVerifier(keyring: keyring ?? signer.keyring,
                                             registriesDirectory: signer.registriesDirectory)
    return try await verifier.verify(reference, writtenAs: reference.description,
                                     digest: try images.digest(repository, tag: tag))
  }

  @Test func skopeoSignaturesGiveTheRightVerdictInEveryCase() async throws {
    let images = try SignedImages()
    let signer = try GPGTestSigner()
    let host = images.registry.host

    // Valid.
    try signer.copySigned(try images.layout(content: "one"), to: "docker://\(host)/team/app:1.0")
    let signed = try images.digest("team/app", tag: "1.0")
    let valid = try await verify(images, signer, "team/app", tag: "1.0")
    #expect(valid.verified)
    #expect(valid.summary.contains("is signed by GPG key \(signer.fingerprint)"))
    #expect(valid.signatures.map(\.location).first?.hasSuffix("/team/app@\(signed.replacingOccurrences(of: ":", with: "="))/signature-1") == true)

    // Wrong keyring: another key, made the same way.
    let stranger = try GPGTestSigner(name: "Someone Else")
    let wrongKey = try await verify(images, signer, "team/app", tag: "1.0", keyring: stranger.keyring)
    #expect(!wrongKey.verified)
    #expect(wrongKey.summary.contains("which is not in the keyring"))

    // Re-tagged: another image given the first image's signature file.
    let other = try images.pushImage("team/app", tag: "2.0", content: "two")
    let otherSignature = signer.signaturePath("team/app", digest: other)
    try FileManager.default.createDirectory(atPath: (otherSignature as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: signer.signaturePath("team/app", digest: signed), toPath: otherSignature)
    let copied = try await verify(images, signer, "team/app", tag: "2.0")
    #expect(!copied.verified)
    #expect(copied.summary.contains("the signed payload is for \(signed), not this image's \(other)"))

    // Tampered: one byte of the signed message changed.
    try signer.copySigned(try images.layout(content: "three"), to: "docker://\(host)/team/app:3.0")
    let third = try images.digest("team/app", tag: "3.0")
    let path = signer.signaturePath("team/app", digest: third)
    try signer.resignUncompressed(path)
    #expect(try await verify(images, signer, "team/app", tag: "3.0").verified)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    let payloadStart = try #require(bytes.firstRange(of: Data("docker-reference".utf8))).lowerBound
    bytes[payloadStart] ^= 0x20
    try bytes.write(to: URL(fileURLWithPath: path))
    let tampered = try await verify(images, signer, "team/app", tag: "3.0")
    #expect(!tampered.verified)
    #expect(tampered.summary.contains("bad signature by key"))

    // Unsigned.
    let unsigned = try images.pushImage("team/app", tag: "4.0", content: "four")
    let none = try await verify(images, signer, "team/app", tag: "4.0")
    #expect(!none.verified)
    #expect(none.summary.contains("(\(unsigned)) is unsigned: no signature in lookaside http://127.0.0.1:"))

    // Another tag of the signed image: the signature claims :1.0 (matchRepoDigestOrExact).
    try images.retag("team/app", tag: "1.0", as: "5.0")
    let retagged = try await verify(images, signer, "team/app", tag: "5.0")
    #expect(!retagged.verified)
    #expect(retagged.summary.contains("the signature is for \(host)/team/app:1.0, not \(host)/team/app:5.0"))
  }

  @Test(.enabled(if: Requirement.executable, "the plimsoll executable is not built"))
  func plimsollVerifyWithAKeyringReadsTheRegistriesDirectory() async throws {
    let images = try SignedImages()
    let signer = try GPGTestSigner()
    try signer.copySigned(try images.layout(content: "one"), to: "docker://\(images.registry.host)/team/app:1.0")
    let executable = try #require(plimsollExecutable())
    let result = try ProcessOutput.run([
      executable, "verify", "--insecure", "\(images.registry.host)/team/app:1.0", "--keyring", signer.keyring,
      "--registries-d", signer.registriesDirectory])
    #expect(result.status == 0)
    #expect(String(decoding: result.output, as: UTF8.self).contains("signed by GPG key \(signer.fingerprint)"))
    let missing = try ProcessOutput.run([
      executable, "verify", "--insecure", "\(images.registry.host)/team/app:1.0", "--keyring", signer.keyring,
      "--registries-d", images.scratch.path])
    #expect(missing.status == 2)
    #expect(String(decoding: missing.errors, as: UTF8.self).contains("no lookaside store for \(images.registry.host)/team/app"))
  }
}
