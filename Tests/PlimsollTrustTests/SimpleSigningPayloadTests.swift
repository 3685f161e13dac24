import Foundation
import PlimsollRegistry
import Testing
@testable import PlimsollTrust

/// The payload is read as strictly as containers-signature(5) asks.
struct SimpleSigningPayloadTests {
  let digest = "sha256:" + String(repeating: "d", count: 64)

  func payload(_ critical: String, optional: String = #"{"creator":"test","timestamp":1483228800}"#) -> Data {
    Data(#"{"critical":\#(critical),"optional":\#(optional)}"#.utf8)
  }

  @Test func anAtomicPayloadIsRead() throws {
    let parsed = try SimpleSigningPayload(verifiedBytes: payload(
      #"{"type":"atomic container signature","image":{"docker-manifest-digest":"\#(digest)"},"identity":{"docker-reference":"docker.io/library/busybox:latest"}}"#))
    #expect(parsed.kind == .atomic)
    #expect(parsed.manifestDigest == digest)
    #expect(parsed.dockerReference == "docker.io/library/busybox:latest")
    #expect(parsed.creator == "test")
    #expect(parsed.timestamp == 1483228800)
  }

  @Test(arguments: [
    (#"{"type":"atomic container signature","image":{"docker-manifest-digest":"D"},"identity":{"docker-reference":"a/b"},"extra":1}"#,
     "critical must hold exactly type, image and identity"),
    (#"{"type":"something else","image":{"docker-manifest-digest":"D"},"identity":{"docker-reference":"a/b"}}"#,
     "critical.type is not a container signature type"),
    (#"{"type":"atomic container signature","image":{"docker-manifest-digest":"D","size":3},"identity":{"docker-reference":"a/b"}}"#,
     "critical.image must hold exactly docker-manifest-digest"),
    (#"{"type":"atomic container signature","image":{"docker-manifest-digest":"not a digest"},"identity":{"docker-reference":"a/b"}}"#,
     "is not a digest"),
    (#"{"type":"atomic container signature","image":{"docker-manifest-digest":"D"},"identity":{"docker-reference":7}}"#,
     "critical.identity must hold exactly docker-reference, a string"),
  ])
  func unexpectedCriticalContentIsRefused(_ critical: String, _ reason: String) {
    let bytes = payload(critical.replacingOccurrences(of: "\"D\"", with: "\"\(digest)\""))
    #expect { try SimpleSigningPayload(verifiedBytes: bytes) } throws: { error in
      (error as? PayloadError)?.description.contains(reason) == true
    }
  }

  @Test func optionalMembersMustHaveTheirTypes() {
    let critical = #"{"type":"atomic container signature","image":{"docker-manifest-digest":"\#(digest)"},"identity":{"docker-reference":"a/b"}}"#
    #expect(throws: PayloadError.self) { try SimpleSigningPayload(verifiedBytes: payload(critical, optional: #"{"timestamp":"yesterday"}"#)) }
    #expect(throws: PayloadError.self) { try SimpleSigningPayload(verifiedBytes: payload(critical, optional: "[]")) }
    #expect(throws: PayloadError.self) { try SimpleSigningPayload(verifiedBytes: Data(#"{"critical":{},"optional":{},"more":1}"#.utf8)) }
    #expect(throws: Never.self) { try SimpleSigningPayload(verifiedBytes: payload(critical, optional: #"{"unknown":[1]}"#)) }
  }

  @Test(arguments: [
    // (expected reference, signed identity, kind, problem or nil)
    ("registry.example.com/team/app:1.0", "registry.example.com/team/app", SimpleSigningPayload.Kind.cosign, nil),
    ("busybox:latest", "index.docker.io/library/busybox", .cosign, nil),
    ("registry.example.com/team/app:1.0", "registry.example.com/team/other", .cosign,
     "the signature is for registry.example.com/team/other, not registry.example.com/team/app"),
    ("busybox:1.36", "docker.io/library/busybox:1.36", .atomic, nil),
    ("busybox:1.36", "docker.io/library/busybox:1.35", .atomic,
     "the signature is for docker.io/library/busybox:1.35, not docker.io/library/busybox:1.36"),
    ("busybox@sha256:" + String(repeating: "e", count: 64), "docker.io/library/busybox:1.35", .atomic, nil),
  ] as [(String, String, SimpleSigningPayload.Kind, String?)])
  func identitiesMatchWithDockerNormalisation(_ expected: String, _ signed: String, _ kind: SimpleSigningPayload.Kind,
                                              _ problem: String?) throws {
    let identity = SignedIdentity(try ImageReference(parsing: expected), writtenAs: expected)
    #expect(identity.problem(signed: signed, kind: kind) == problem)
  }
}
