public import Foundation
public import PlimsollRegistry

/// The attestations (and plain documents) attached to a registry image, found without judging
/// who signed them: OCI 1.1 referrers holding a sigstore bundle (cosign 3), a DSSE envelope or
/// a bare in-toto statement (`application/vnd.in-toto+json`, as Docker Scout publishes), or the
/// document itself under its own artifact type (`application/vnd.openvex+json`); and, when no
/// referrer has one, the legacy `sha256-<hex>.att` tag of cosign 2. A referrer that declares
/// another predicate type is not downloaded; one that cannot be read is skipped and named.
/// `CosignVerifier` is the verifying counterpart; this is for data a user accepts unsigned.
public struct AttestationDiscovery: Sendable {
  /// The artifact type of a DSSE envelope or bare statement attached as a referrer.
  public static let inTotoArtifactType = "application/vnd.in-toto+json"
  /// The annotation naming a referrer's predicate type (beside the sigstore bundle's own).
  public static let predicateTypeAnnotation = "in-toto.io/predicate-type"

  /// One document found: where, its predicate type (or artifact type), and its JSON.
  public struct Document: Sendable {
    public var location: String
    public var type: String
    public var json: Data
  }

  /// What discovery found for one image.
  public struct Result: Sendable {
    /// The image's manifest digest, which statements must name as their subject.
    public var digest: String
    public var documents: [Document] = []
    /// Attached data that could not be used, each with where it was and why.
    public var skipped: [String] = []
    /// The places looked at (`referrers API`, `tag sha256-….att`).
    public var searched: [String] = []
  }

  /// The in-toto predicate types wanted.
  public var predicateTypes: [String]
  /// Artifact types whose referrers hold the wanted document itself, unwrapped.
  public var documentArtifactTypes: [String]

  public init(predicateTypes: [String], documentArtifactTypes: [String] = []) {
    self.predicateTypes = predicateTypes
    self.documentArtifactTypes = documentArtifactTypes
  }

  /// Finds the wanted documents attached to `reference` through `client`.
  public func discover(_ reference: ImageReference, client: RegistryClient) async throws -> Result {
    let name = reference.description
    let repository = reference.repository
    let image = try await client.manifest(repository, reference: reference.manifestReference, name: name)
    var result = Result(digest: image.digest)
    let referrers = try await client.referrers(repository, digest: image.digest, name: name)
    result.searched.append(referrers.source == .none ? "referrers (none)" : referrers.source.rawValue)
    for descriptor in referrers.manifests {
      let type = descriptor.artifactType ?? ""
      let place = "referrer \(descriptor.digest)"
      let declared = descriptor.annotations?[CosignVerifier.bundlePredicateAnnotation]
        ?? descriptor.annotations?[Self.predicateTypeAnnotation]
      if documentArtifactTypes.contains(type) {
        for (position, layer) in try await layers(of: descriptor.digest, reference, client, &result, place) {
          let bytes = try await client.smallBlob(repository, digest: layer.digest, name: name,
                                                 limit: CosignVerifier.maxPayloadBytes)
          result.documents.append(Document(location: "\(place), layer \(position + 1)", type: type, json: bytes))
        }
      } else if type.hasPrefix(CosignVerifier.bundleMediaTypePrefix) || type == Self.inTotoArtifactType {
        if let declared, !predicateTypes.contains(declared) { continue }
        for (position, layer) in try await layers(of: descriptor.digest, reference, client, &result, place) {
          let bytes = try await client.smallBlob(repository, digest: layer.digest, name: name,
                                                 limit: CosignVerifier.maxPayloadBytes)
          statement(bytes, at: "\(place), layer \(position + 1)", into: &result)
        }
      }
    }
    guard result.documents.isEmpty else { return result }
    let tag = RegistryClient.cosignAttestationTag(for: image.digest)
    result.searched.append("tag \(tag)")
    guard let tagged = try await client.manifestIfPresent(repository, tag: tag, name: name) else { return result }
    guard let manifest = try? JSONDecoder().decode(CosignVerifier.SignatureManifest.self, from: tagged.bytes) else {
      result.skipped.append("tag \(tag): not an OCI image manifest")
      return result
    }
    for (position, layer) in manifest.layers.enumerated() where layer.mediaType == CosignVerifier.envelopeMediaType {
      if let declared = layer.annotations?["predicateType"], !predicateTypes.contains(declared) { continue }
      let bytes = try await client.smallBlob(repository, digest: layer.digest, name: name,
                                             limit: CosignVerifier.maxPayloadBytes)
      statement(bytes, at: "tag \(tag), layer \(position + 1)", into: &result)
    }
    return result
  }

  /// The layers of the referrer manifest `digest`, or none (and a skip) when it is no manifest.
  func layers(
    of digest: String, _ reference: ImageReference, _ client: RegistryClient, _ result: inout Result, _ place: String
  ) async throws -> [(Int, CosignVerifier.SignatureManifest.Layer)] {
    let fetched = try await client.manifest(reference.repository, reference: digest, name: reference.description)
    guard let manifest = try? JSONDecoder().decode(CosignVerifier.SignatureManifest.self, from: fetched.bytes) else {
      result.skipped.append("\(place): not an OCI image manifest")
      return []
    }
    return Array(manifest.layers.enumerated())
  }

  /// Reads a sigstore bundle, DSSE envelope or bare statement and keeps its predicate when the
  /// statement is about this image and of a wanted type.
  func statement(_ bytes: Data, at place: String, into result: inout Result) {
    var payload = bytes
    let top = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any]
    if top?["dsseEnvelope"] != nil || top?["payloadType"] != nil {
      do {
        payload = try DSSEEnvelope.inToto(bytes, inBundle: top?["dsseEnvelope"] != nil).envelope.payload
      } catch {
        result.skipped.append("\(place): \(error)")
        return
      }
    }
    let statement: InTotoStatement
    do {
      statement = try InTotoStatement(verifiedBytes: payload)
    } catch {
      result.skipped.append("\(place): \(error)")
      return
    }
    guard predicateTypes.contains(statement.predicateType) else { return }
    guard statement.subjectDigests.contains(result.digest) else {
      result.skipped.append("\(place): the statement is about " + statement.subjectDigests.joined(separator: ", ")
        + ", not this image's \(result.digest)")
      return
    }
    guard let predicate = statement.predicate else {
      result.skipped.append("\(place): the \(statement.predicateType) statement has no predicate")
      return
    }
    result.documents.append(Document(location: place, type: statement.predicateType, json: predicate))
  }
}
