import Foundation
import PlimsollCore
import PlimsollTestSupport
import Testing

/// `sbom --from-attestation`: a CycloneDX SBOM attached as a signed attestation, verified and
/// compared with the inventory Plimsoll reads from the same image in the real registry.
@Suite(.enabled(if: LocalRegistry.runs, "docker-registry and skopeo are not installed"))
struct AttestedSBOMTests {
  static let status = """
    Package: bash
    Status: install ok installed
    Architecture: amd64
    Version: 5.2.15-2+b2

    Package: libc6
    Status: install ok installed
    Architecture: amd64
    Version: 2.36-9+deb12u4

    Package: openssl
    Status: install ok installed
    Architecture: amd64
    Version: 3.0.11-1~deb12u2

    """
  static let osRelease = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n"

  /// A CycloneDX SBOM that agrees on bash, misses libc6, has another openssl and a package
  /// the image lacks.
  static let sbom = #"{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"bash","version":"5.2.15-2+b2","purl":"pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12"},{"type":"library","name":"openssl","version":"3.0.9-1","purl":"pkg:deb/debian/openssl@3.0.9-1?arch=amd64&distro=debian-12"},{"type":"library","name":"curl","version":"7.88.1-10","purl":"pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12"}]}"#

  @Test func theAttestedSBOMIsComparedWithTheImage() async throws {
    let images = try SignedImages()
    let signer = CosignTestSigner(key: .p256(.init()))
    let keyFile = try images.scratch.write("cosign.pub", signer.key.publicPEM)
    let digest = try images.pushImage("team/app", tag: "1.0", content: "one",
                                      files: ["var/lib/dpkg/status": Self.status, "etc/os-release": Self.osRelease])
    let envelope = try signer.envelope(CosignTestSigner.statement(
      digest: digest, predicateType: "https://cyclonedx.org/bom", predicate: Self.sbom))
    try signer.pushAttestations([(envelope, "https://cyclonedx.org/bom")], digest: digest, repository: "team/app",
                                with: images.pusher)
    let target = ImageTarget("\(images.registry.host)/team/app:1.0",
                             cache: CacheLocation(root: images.scratch.path + "/cache"),
                             registry: RegistryImageSource.Options(insecure: true))
    let comparison = try await AttestedSBOM.compare(target, keyFile: keyFile)
    #expect(comparison.verified)
    #expect(comparison.attestedCount == 3)
    #expect(comparison.foundCount == 3)
    #expect(comparison.onlyAttested == ["deb curl 7.88.1-10"])
    #expect(comparison.onlyFound == ["deb libc6 2.36-9+deb12u4"])
    #expect(comparison.differentVersions == ["deb openssl: attested 3.0.9-1, found 3.0.11-1~deb12u2"])

    // Signed by someone else: nothing is compared.
    let other = try images.scratch.write("other.pub", CosignTestSigner.Key.p256(.init()).publicPEM)
    let refused = try await AttestedSBOM.compare(target, keyFile: other)
    #expect(!refused.verified)
    #expect(refused.onlyAttested.isEmpty && refused.text.contains("does not verify with"))

    if Requirement.executable, let executable = plimsollExecutable() {
      let result = try ProcessOutput.run([executable, "sbom", "--insecure", "--cache-dir", images.scratch.path + "/cli-cache",
                                          "\(images.registry.host)/team/app:1.0", "--from-attestation", "--key", keyFile])
      let output = String(decoding: result.output, as: UTF8.self)
      #expect(result.status == 0)
      #expect(output.contains("only in the attested SBOM:   deb curl 7.88.1-10"))
    }
  }
}
