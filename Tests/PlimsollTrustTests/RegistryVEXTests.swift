import Foundation
import PlimsollCore
import PlimsollTrust
import PlimsollTestSupport
import Testing

/// `plimsoll image REF --vex oci`: OpenVEX attached to an image in the real registry, in each
/// layout tools publish it (cosign 2's `.att` tag, cosign 3's sigstore bundle referrer, a plain
/// `application/vnd.openvex+json` artifact), read unverified or only when signed with a key.
@Suite(.enabled(if: LocalRegistry.runs, "docker-registry and skopeo are not installed"))
struct RegistryVEXTests {
  static let installed = """
    P:busybox
    V:1.36.1-r2
    A:x86_64
    o:busybox

    P:zlib
    V:1.3-r0
    A:x86_64
    o:zlib


    """
  static let osRelease = "ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n"
  /// An Alpine secdb feed (written here): busybox and zlib are each fixed later than installed.
  static let feed = """
    {"distroversion": "v3.19", "reponame": "main", "urlprefix": "http://dl-cdn.alpinelinux.org/alpine",
     "packages": [{"pkg": {"name": "busybox", "secfixes": {"1.36.1-r15": ["CVE-2023-42363"]}}},
                  {"pkg": {"name": "zlib", "secfixes": {"1.3.1-r0": ["CVE-2023-45853"]}}}]}

    """
  static let predicateType = "https://openvex.dev/ns/v0.2.0"

  /// An OpenVEX document: busybox in the image `digest` is not affected by CVE-2023-42363.
  static func openVEX(digest: String) -> String {
    #"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.com/vex/1","author":"Team","timestamp":"2026-11-01T00:00:00Z","version":1,"statements":[{"vulnerability":{"name":"CVE-2023-42363"},"products":[{"@id":"pkg:oci/app@\#(digest.replacingOccurrences(of: ":", with: "%3A"))","subcomponents":[{"@id":"pkg:apk/alpine/busybox"}]}],"status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}"#
  }

  func push(_ images: SignedImages, _ repository: String) throws -> String {
    try images.pushImage(repository, tag: "1.0", content: repository,
                         files: ["lib/apk/db/installed": Self.installed, "etc/os-release": Self.osRelease])
  }

  func target(_ images: SignedImages, _ repository: String) -> ImageTarget {
    ImageTarget("\(images.registry.host)/\(repository):1.0", cache: CacheLocation(root: images.scratch.path + "/cache"),
                registry: RegistryImageSource.Options(insecure: true))
  }

  /// Attaches the OpenVEX document about `about` (default: the image itself) to the image
  /// `digest` of `repository` as a DSSE attestation signed by `signer` at cosign 2's `.att` tag.
  func attest(_ images: SignedImages, _ signer: CosignTestSigner, digest: String, repository: String,
              about: String? = nil) throws {
    let subject = about ?? digest
    let statement = CosignTestSigner.statement(digest: subject, predicateType: Self.predicateType,
                                               predicate: Self.openVEX(digest: subject))
    try signer.pushAttestations([(try signer.envelope(statement), Self.predicateType)], digest: digest,
                                repository: repository, with: images.pusher)
  }

  /// Attaches `document` as an OCI 1.1 artifact of type `application/vnd.openvex+json` (listed
  /// in the referrers tag schema's index: this registry has no referrers API).
  func attachDocument(_ document: Data, to digest: String, repository: String, images: SignedImages,
                      type: String = RegistryVEX.artifactType, predicateType: String? = nil) throws {
    let annotations = predicateType.map { #","annotations":{"in-toto.io/predicate-type":"\#($0)"}"# } ?? ""
    let blob = try images.pusher.pushBlob(document, to: repository)
    let empty = try images.pusher.pushBlob(Data("{}".utf8), to: repository)
    let referrer = Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"\#(type)","config":{"mediaType":"application/vnd.oci.empty.v1+json","size":2,"digest":"\#(empty)"},"layers":[{"mediaType":"\#(type)","size":\#(document.count),"digest":"\#(blob)"}],"subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(digest)","size":1}}"#.utf8)
    let referrerDigest = try images.pusher.pushManifest(referrer, to: repository, reference: CosignTestSigner.sha256(referrer))
    let index = Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":\#(referrer.count),"digest":"\#(referrerDigest)","artifactType":"\#(type)"\#(annotations)}]}"#.utf8)
    try images.pusher.pushManifest(index, to: repository, reference: digest.replacingOccurrences(of: ":", with: "-"),
                                   mediaType: "application/vnd.oci.image.index.v1+json")
  }

  /// Runs the executable; its status, output and diagnostics.
  func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String, String) {
    let result = try ProcessOutput.run([executable] + arguments)
    return (result.status, String(decoding: result.output, as: UTF8.self), String(decoding: result.errors, as: UTF8.self))
  }

  @Test func unsignedVEXIsFoundInEveryLayoutAndSaidToBeUnverified() async throws {
    let images = try SignedImages()
    let signer = CosignTestSigner(key: .p256(.init()))

    let attDigest = try push(images, "att/app")
    try attest(images, signer, digest: attDigest, repository: "att/app")

    let bundleDigest = try push(images, "bundle/app")
    let bundleStatement = CosignTestSigner.statement(digest: bundleDigest, predicateType: Self.predicateType,
                                                     predicate: Self.openVEX(digest: bundleDigest))
    let envelope = String(decoding: try signer.envelope(bundleStatement), as: UTF8.self)
    let bundle = Data(#"{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","dsseEnvelope":\#(envelope)}"#.utf8)
    try images.attachBundle(bundle, to: bundleDigest, repository: "bundle/app", predicateType: Self.predicateType)

    let artifactDigest = try push(images, "artifact/app")
    try attachDocument(Data(Self.openVEX(digest: artifactDigest).utf8), to: artifactDigest, repository: "artifact/app",
                       images: images)

    // A bare in-toto statement under the generic in-toto artifact type (as Docker Scout attaches).
    let scoutDigest = try push(images, "scout/app")
    try attachDocument(CosignTestSigner.statement(digest: scoutDigest, predicateType: Self.predicateType,
                                                  predicate: Self.openVEX(digest: scoutDigest)),
                       to: scoutDigest, repository: "scout/app", images: images,
                       type: AttestationDiscovery.inTotoArtifactType, predicateType: Self.predicateType)

    for repository in ["att/app", "bundle/app", "artifact/app", "scout/app"] {
      let found = try await RegistryVEX.statements(for: target(images, repository), keyFile: nil)
      #expect(found.statements.count == 1, "\(repository): \(found.notices)")
      #expect(found.statements.first?.vulnerabilities == ["CVE-2023-42363"])
      #expect(found.statements.first?.status == .notAffected)
      #expect(found.statements.first?.source.contains("not signature-verified") == true)
      #expect(found.notices.contains { $0.contains("without verifying who signed them") }, "\(found.notices)")
    }

    // Nothing attached: no statement, and a notice saying where it looked.
    _ = try push(images, "bare/app")
    let none = try await RegistryVEX.statements(for: target(images, "bare/app"), keyFile: nil)
    #expect(none.statements.isEmpty)
    #expect(none.notices.contains { $0.contains("no OpenVEX document attached") && $0.contains(".att") })

    // A statement about another image is skipped and named.
    let otherDigest = try push(images, "other/app")
    try attest(images, signer, digest: otherDigest, repository: "other/app", about: attDigest)
    let misplaced = try await RegistryVEX.statements(for: target(images, "other/app"), keyFile: nil)
    #expect(misplaced.statements.isEmpty)
    #expect(misplaced.notices.contains { $0.contains("not this image's \(otherDigest)") }, "\(misplaced.notices)")

    // Not a registry image.
    await #expect(throws: InputError.self) {
      _ = try await RegistryVEX.statements(for: ImageTarget("oci:" + images.scratch.path + "/none"), keyFile: nil)
    }
  }

  @Test func withAKeyOnlyAttestationsSignedWithItCount() async throws {
    let images = try SignedImages()
    let signer = CosignTestSigner(key: .p256(.init()))
    let keyFile = try images.scratch.write("cosign.pub", signer.key.publicPEM)
    let otherKey = try images.scratch.write("other.pub", CosignTestSigner.Key.p256(.init()).publicPEM)

    try attest(images, signer, digest: try push(images, "team/app"), repository: "team/app")
    let verified = try await RegistryVEX.statements(for: target(images, "team/app"), keyFile: keyFile)
    #expect(verified.statements.count == 1, "\(verified.notices)")
    #expect(verified.statements.first?.source.contains("cosign.pub (ECDSA P-256") == true)
    #expect(!verified.notices.contains { $0.contains("without verifying") })

    let refused = try await RegistryVEX.statements(for: target(images, "team/app"), keyFile: otherKey)
    #expect(refused.statements.isEmpty)
    #expect(refused.notices.contains { $0.contains("does not verify with") }, "\(refused.notices)")

    // A plain artifact carries no signature: with a key it is not used.
    let artifactDigest = try push(images, "artifact/app")
    try attachDocument(Data(Self.openVEX(digest: artifactDigest).utf8), to: artifactDigest, repository: "artifact/app",
                       images: images)
    let unsigned = try await RegistryVEX.statements(for: target(images, "artifact/app"), keyFile: keyFile)
    #expect(unsigned.statements.isEmpty)
    #expect(unsigned.notices.contains { $0.contains("no OpenVEX attestation") }, "\(unsigned.notices)")
  }

  /// The whole command: the signed VEX takes busybox's CVE out of the report (kept under
  /// `suppressed` with its source), zlib's stays, and the gate counts only what is left.
  @Test(.enabled(if: Requirement.executable, "the plimsoll executable is not built"))
  func imageCommandSuppressesWhatTheAttachedVEXStates() async throws {
    let plimsoll = try #require(plimsollExecutable())
    let images = try SignedImages()
    let signer = CosignTestSigner(key: .p256(.init()))
    let keyFile = try images.scratch.write("cosign.pub", signer.key.publicPEM)
    try attest(images, signer, digest: try push(images, "team/app"), repository: "team/app")
    try images.scratch.write("feeds/alpine/v3.19-main.json", Self.feed)
    try FileManager.default.createDirectory(atPath: images.scratch.path + "/cli", withIntermediateDirectories: true)
    _ = try DatabaseBuilder().build(from: images.scratch.path + "/feeds", to: images.scratch.path + "/cli/advisories.db")
    let scan = ["image", "\(images.registry.host)/team/app:1.0", "--insecure", "--skip-db-update",
                "--cache-dir", images.scratch.path + "/cli", "--format", "json", "--exit-code", "4"]

    func ids(_ output: String, _ key: String) throws -> [String] {
      let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
      let list = document[key] as? [[String: Any]] ?? []
      return list.compactMap { ($0["finding"] as? [String: Any] ?? $0)["id"] as? String }.sorted()
    }

    let (plainStatus, plain, plainErrors) = try run(plimsoll, scan)
    #expect(plainStatus == 4, "\(plainErrors)")
    #expect(try ids(plain, "findings") == ["CVE-2023-42363", "CVE-2023-45853"])

    let (status, output, errors) = try run(plimsoll, scan + ["--vex", "oci", "--vex-key", keyFile])
    #expect(status == 4, "\(errors)")
    #expect(try ids(output, "findings") == ["CVE-2023-45853"])
    #expect(try ids(output, "suppressed") == ["CVE-2023-42363"])
    #expect(output.contains("cosign.pub (ECDSA P-256"))

    // Everything the gate counted stated not_affected: the gate passes.
    let all = #"{"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"vulnerability":{"name":"CVE-2023-45853"},"products":[{"@id":"pkg:apk/alpine/zlib"}],"status":"not_affected","justification":"component_not_present"}]}"#
    let local = try images.scratch.write("local.json", all)
    let (passed, _, passedErrors) = try run(
      plimsoll, scan + ["--vex", "oci", "--vex-key", keyFile, "--vex", local])
    #expect(passed == 0, "\(passedErrors)")

    // --vex-key alone is a usage error; --vex oci on a folder is an input error naming it.
    let (usage, _, _) = try run(plimsoll, scan + ["--vex-key", keyFile])
    #expect(usage == 64)
    let (notRegistry, _, notRegistryErrors) = try run(
      plimsoll, ["fs", images.scratch.path + "/feeds", "--vex", "oci", "--skip-db-update",
                 "--cache-dir", images.scratch.path + "/cli"])
    #expect(notRegistry == 2)
    #expect(notRegistryErrors.contains("--vex oci"), "\(notRegistryErrors)")
  }
}
