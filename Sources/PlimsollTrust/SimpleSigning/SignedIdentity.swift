public import PlimsollRegistry

/// Whether a payload's `critical.identity.docker-reference` matches the image being verified,
/// with Docker's normalisation (`busybox` is `docker.io/library/busybox:latest`).
public struct SignedIdentity: Sendable {
  /// The reference the signature must claim: the image's own, or the one `--signed-identity`
  /// names (an image verified through a mirror of the supplier's repository).
  public var expected: ImageReference
  /// Whether the expected reference was written with a tag (not only a digest).
  public var expectsTag: Bool

  /// The identity `reference` must be signed under; `text` is how it was written.
  public init(_ reference: ImageReference, writtenAs text: String) {
    expected = reference
    expectsTag = reference.digest == nil || Self.hasExplicitTag(text)
  }

  /// Nil when `signed` matches; else why not. cosign payloads must name the repository;
  /// containers payloads follow `matchRepoDigestOrExact`: by tag, the very tag; by digest,
  /// the repository.
  public func problem(signed: String, kind: SimpleSigningPayload.Kind) -> String? {
    guard let claimed = try? ImageReference(parsing: signed) else {
      return "the signed identity '\(signed)' is not an image reference"
    }
    let claimedRepository = Self.repository(claimed)
    let expectedRepository = Self.repository(expected)
    guard claimedRepository == expectedRepository else {
      return "the signature is for \(claimedRepository), not \(expectedRepository)"
    }
    guard kind == .atomic, expectsTag, expected.digest == nil else { return nil }
    let claimedTag = Self.hasExplicitTag(signed) ? claimed.tag : nil
    guard claimedTag == expected.tag else {
      return "the signature is for \(claimedRepository)" + (claimedTag.map { ":" + $0 } ?? " (no tag)")
        + ", not \(expectedRepository):\(expected.tag ?? "latest")"
    }
    return nil
  }

  /// `registry/repository`, with Docker Hub's other names folded into `docker.io`.
  public static func repository(_ reference: ImageReference) -> String {
    let registry = ["index.docker.io", "registry-1.docker.io"].contains(reference.registry)
      ? ImageReference.dockerHub : reference.registry
    return registry + "/" + reference.repository
  }

  /// Whether `text` names a tag (a `:` in its last path component, before any `@`).
  static func hasExplicitTag(_ text: String) -> Bool {
    let name = text.split(separator: "@", maxSplits: 1).first ?? ""
    return name.split(separator: "/").last?.contains(":") ?? false
  }
}
