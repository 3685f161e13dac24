import Foundation
public import PlimsollRegistry

/// Verifies cosign signatures of an image in a registry with a public key: finds the
/// signature manifests (the `sha256-<hex>.sig` tag, and OCI 1.1 referrers of cosign's
/// signature artifact type), fetches each signed payload by digest, and judges every
/// signature with `CosignSignatureCheck`.
public struct CosignVerifier: Sendable {
  /// The media type of a cosign simple-signing payload layer.
  public static let payloadMediaType = "application/vnd.dev.cosign.simplesigning.v1+json"
  /// The layer annotation holding the base64 signature.
  public static let signatureAnnotation = "dev.cosignproject.cosign/signature"
  /// The artifact type of cosign signatures stored as OCI 1.1 referrers.
  public static let signatureArtifactType = "application/vnd.dev.cosign.artifact.sig.v1+json"
  /// Largest payload fetched.
  public static let maxPayloadBytes = 1 << 20

  public var key: VerificationKey
  /// The identity signatures must claim, when not the image's own reference.
  public var signedIdentity: (reference: ImageReference, text: String)?

  public init(key: VerificationKey, signedIdentity: (reference: ImageReference, text: String)? = nil) {
    self.key = key
    self.signedIdentity = signedIdentity
  }

  /// Verifies `reference` (written as `text`) through `client`.
  public func verify(_ reference: ImageReference, writtenAs text: String, client: RegistryClient) async throws
    -> SignatureVerification
  {
    let name = reference.description
    let image = try await client.manifest(reference.repository, reference: reference.manifestReference, name: name)
    let identity = signedIdentity.map { SignedIdentity($0.reference, writtenAs: $0.text) }
      ?? SignedIdentity(reference, writtenAs: text)
    let check = CosignSignatureCheck(key: key, imageDigest: image.digest, identity: identity)
    let tag = RegistryClient.cosignSignatureTag(for: image.digest)
    var searched = ["tag \(tag)"]
    var manifests: [(location: String, manifest: FetchedManifest)] = []
    if let signatures = try await client.manifestIfPresent(reference.repository, tag: tag, name: name) {
      manifests.append(("tag \(tag)", signatures))
    }
    let referrers = try await client.referrers(
      reference.repository, digest: image.digest, artifactType: Self.signatureArtifactType, name: name)
    searched.append(referrers.source == .none ? "referrers (none)" : referrers.source.rawValue)
    for descriptor in referrers.manifests where !manifests.contains(where: { $0.manifest.digest == descriptor.digest }) {
      let fetched = try await client.manifest(reference.repository, reference: descriptor.digest, name: name)
      manifests.append(("referrer \(descriptor.digest)", fetched))
    }
    var results: [SignatureVerification.Signature] = []
    for (location, manifest) in manifests {
      guard let parsed = try? JSONDecoder().decode(SignatureManifest.self, from: manifest.bytes) else {
        results.append(.init(location: location, signer: nil, problem: "not an OCI image manifest"))
        continue
      }
      for (position, layer) in parsed.layers.enumerated() where layer.mediaType == Self.payloadMediaType {
        let place = "\(location), layer \(position + 1)"
        guard let signature = layer.annotations?[Self.signatureAnnotation] else {
          results.append(.init(location: place, signer: nil, problem: "no \(Self.signatureAnnotation) annotation"))
          continue
        }
        let payload = try await client.smallBlob(
          reference.repository, digest: layer.digest, name: name, limit: Self.maxPayloadBytes)
        let problem = check.problem(payload: payload, signature: signature)
        results.append(.init(
          location: place, signer: problem == nil ? "key \(key.name) (\(key.algorithm), \(key.fingerprint))" : nil,
          problem: problem))
      }
    }
    return SignatureVerification(
      reference: text, digest: image.digest, requirement: "a cosign signature by key \(key.name)",
      signatures: results, searched: searched)
  }

  struct SignatureManifest: Decodable {
    struct Layer: Decodable {
      var mediaType: String
      var digest: String
      var annotations: [String: String]?
    }
    var layers: [Layer]
  }
}
