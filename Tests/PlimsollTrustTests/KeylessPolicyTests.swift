import Foundation
import PlimsollCore
import PlimsollTestSupport
import Testing

/// A policy whose signer is a keyless identity.
@Suite(.enabled(if: LocalRegistry.runs && Requirement.tool("openssl"), "docker-registry, skopeo or openssl is not installed"))
struct KeylessPolicyTests {
  @Test func aKeylessIdentityInThePolicyIsRequired() async throws {
    let images = try SignedImages()
    let signer = try KeylessTestSigner()
    try images.scratch.write("policy/trusted_root.json", signer.trustedRoot())
    let host = images.registry.host
    let digest = try images.pushImage("team/app", tag: "1.0", content: "one")
    try signer.signAndPush(digest: digest, repository: "team/app", dockerReference: "\(host)/team/app", with: images.pusher)
    func check(_ identity: String) async throws -> AdmissionReport {
      let policy = try images.scratch.write("policy/\(identity).yaml", """
        signatures:
          - scope: "\(host)/team/*"
            identities:
              - {identity: \(identity), issuer: "https://issuer.example.com", trustedRoot: trusted_root.json}
        """)
      let target = "\(host)/team/app:1.0"
      return try await PolicyCheck.run(
        target, policyFile: policy,
        image: ImageTarget(target, cache: CacheLocation(root: images.scratch.path + "/cache"),
                           registry: RegistryImageSource.Options(insecure: true)))
    }
    let allowed = try await check("signer@example.com")
    #expect(allowed.allowed)
    let denied = try await check("release@example.com")
    #expect(!denied.allowed)
    #expect(denied.evaluations[0].decisions.first?.reason.contains(
      "the certificate identity is signer@example.com, not release@example.com") == true)
  }
}
