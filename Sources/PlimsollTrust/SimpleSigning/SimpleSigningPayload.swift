public import Foundation

/// The JSON a signature signs (containers-signature(5), "JSON data format"): which manifest
/// digest it is for and under which identity. Read strictly, as the format requires: the
/// `critical` object and its sub-objects must hold exactly the known members.
public struct SimpleSigningPayload: Sendable, Equatable {
  /// `critical.type`: which of the two dialects wrote it.
  public enum Kind: String, Sendable {
    /// containers/image (`skopeo copy --sign-by`, `podman push --sign-by`).
    case atomic = "atomic container signature"
    /// cosign (media type `application/vnd.dev.cosign.simplesigning.v1+json`).
    case cosign = "cosign container image signature"
  }

  public var kind: Kind
  /// `critical.image.docker-manifest-digest`.
  public var manifestDigest: String
  /// `critical.identity.docker-reference`.
  public var dockerReference: String
  /// `optional.creator`, when present.
  public var creator: String?
  /// `optional.timestamp` (seconds since the epoch), when present.
  public var timestamp: Int64?

  /// Parses `bytes`, which must already be cryptographically verified; throws the reason the
  /// payload is not a valid signature payload.
  public init(verifiedBytes bytes: Data) throws(PayloadError) {
    guard let top = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
      throw PayloadError("the payload is not a JSON object")
    }
    guard Set(top.keys) == ["critical", "optional"] || Set(top.keys) == ["critical"] else {
      throw PayloadError("the payload has members other than critical and optional: " + top.keys.sorted().joined(separator: ", "))
    }
    guard let critical = top["critical"] as? [String: Any] else { throw PayloadError("critical is not an object") }
    guard Set(critical.keys) == ["type", "image", "identity"] else {
      throw PayloadError("critical must hold exactly type, image and identity; it holds "
        + critical.keys.sorted().joined(separator: ", "))
    }
    guard let type = critical["type"] as? String, let kind = Kind(rawValue: type) else {
      throw PayloadError("critical.type is not a container signature type: \(critical["type"] ?? "missing")")
    }
    guard let image = critical["image"] as? [String: Any], Set(image.keys) == ["docker-manifest-digest"],
      let digest = image["docker-manifest-digest"] as? String
    else { throw PayloadError("critical.image must hold exactly docker-manifest-digest, a string") }
    guard digest.wholeMatch(of: #/[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+/#) != nil else {
      throw PayloadError("critical.image.docker-manifest-digest is not a digest: \(digest)")
    }
    guard let identity = critical["identity"] as? [String: Any], Set(identity.keys) == ["docker-reference"],
      let reference = identity["docker-reference"] as? String
    else { throw PayloadError("critical.identity must hold exactly docker-reference, a string") }
    self.kind = kind
    manifestDigest = digest
    dockerReference = reference
    // cosign writes `"optional": null` when there are no annotations.
    let optional = top["optional"] as? [String: Any] ?? [:]
    if top["optional"] != nil, !(top["optional"] is NSNull), top["optional"] as? [String: Any] == nil {
      throw PayloadError("optional is neither an object nor null")
    }
    if let value = optional["creator"], !(value is NSNull) {
      guard let text = value as? String else { throw PayloadError("optional.creator is not a string") }
      creator = text
    }
    if let value = optional["timestamp"], !(value is NSNull) {
      guard let number = value as? NSNumber, let integer = Int64(exactly: number.doubleValue) else {
        throw PayloadError("optional.timestamp is not an integer")
      }
      timestamp = integer
    }
  }
}

/// Why a verified payload is still not a valid signature payload.
public struct PayloadError: Error, Sendable, Equatable, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}
