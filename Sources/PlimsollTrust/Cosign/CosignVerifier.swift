public import Foundation
public import PlimsollRegistry

/// Verifies cosign signatures (or attestations) of an image in a registry with a public key.
///
/// Signatures: the manifest at tag `sha256-<hex>.sig` (simple-signing payload layers), and OCI
/// 1.1 referrers: cosign's signature artifacts, and sigstore bundles (cosign 3's default) whose
/// DSSE statement has the predicate type `https://sigstore.dev/cosign/sign/v1`.
/// Attestations: DSSE envelopes in the manifest at tag `sha256-<hex>.att`, and sigstore bundles
/// among the referrers, whose in-toto statement names the image and has the asked predicate type.
public struct CosignVerifier: Sendable {
  /// The media type of a cosign simple-signing payload layer.
  public static let payloadMediaType = "application/vnd.dev.cosign.simplesigning.v1+json"
  /// The layer annotation holding the base64 signature.
  public static let signatureAnnotation = "dev.cosignproject.cosign/signature"
  /// The artifact type of cosign signatures stored as OCI 1.1 referrers.
  public static let signatureArtifactType = "application/vnd.dev.cosign.artifact.sig.v1+json"
  /// The media type of a DSSE envelope layer (cosign attestations at the `.att` tag).
  public static let envelopeMediaType = "application/vnd.dsse.envelope.v1+json"
  /// Sigstore bundles (`application/vnd.dev.sigstore.bundle.v0.3+json` and its versions).
  public static let bundleMediaTypePrefix = "application/vnd.dev.sigstore.bundle"
  /// The referrer manifest annotation naming a bundle's predicate type.
  public static let bundlePredicateAnnotation = "dev.sigstore.bundle.predicateType"
  /// The layer annotations of a keyless signature: the signing certificate, its chain, and
  /// the transparency log's bundle.
  public static let certificateAnnotation = "dev.sigstore.cosign/certificate"
  public static let chainAnnotation = "dev.sigstore.cosign/chain"
  public static let bundleAnnotation = "dev.sigstore.cosign/bundle"
  /// Largest payload, envelope or bundle fetched.
  public static let maxPayloadBytes = 4 << 20

  /// What to look for.
  public enum Mode: Sendable {
    case signature
    /// In-toto attestations of one of these predicate types; `name` is how the user asked.
    case attestation(name: String, predicateTypes: [String])
  }

  public var key: VerificationKey
  public var mode: Mode
  /// With a trusted root: keyless signatures (a Fulcio certificate and a Rekor bundle per
  /// signature) are verified instead of signatures by `key`.
  public var keyless: KeylessCheck?
  /// The identity signatures must claim, when not the image's own reference.
  public var signedIdentity: (reference: ImageReference, text: String)?

  public init(key: VerificationKey, mode: Mode = .signature,
              signedIdentity: (reference: ImageReference, text: String)? = nil) {
    self.key = key
    self.mode = mode
    self.signedIdentity = signedIdentity
  }

  /// Verifies keyless signatures: certificates from the trusted root's CAs naming `expected`.
  public init(keyless: KeylessCheck, mode: Mode = .signature,
              signedIdentity: (reference: ImageReference, text: String)? = nil) {
    // Never used on this path (every signature carries its certificate's key); a trusted
    // root always has at least one log key.
    key = keyless.root.logs[0].key
    self.mode = mode
    self.keyless = keyless
    self.signedIdentity = signedIdentity
  }

  /// Verifies `reference` (written as `text`) through `client`.
  public func verify(_ reference: ImageReference, writtenAs text: String, client: RegistryClient) async throws
    -> SignatureVerification
  {
    let name = reference.description
    let repository = reference.repository
    let image = try await client.manifest(repository, reference: reference.manifestReference, name: name)
    let identity = signedIdentity.map { SignedIdentity($0.reference, writtenAs: $0.text) }
      ?? SignedIdentity(reference, writtenAs: text)
    let check = CosignSignatureCheck(key: key, imageDigest: image.digest, identity: identity)
    let tag = switch mode {
    case .signature: RegistryClient.cosignSignatureTag(for: image.digest)
    case .attestation: RegistryClient.cosignAttestationTag(for: image.digest)
    }
    var searched = ["tag \(tag)"]
    var manifests: [(location: String, manifest: FetchedManifest, annotations: [String: String])] = []
    if let tagged = try await client.manifestIfPresent(repository, tag: tag, name: name) {
      manifests.append(("tag \(tag)", tagged, [:]))
    }
    let referrers = try await client.referrers(repository, digest: image.digest, name: name)
    searched.append(referrers.source == .none ? "referrers (none)" : referrers.source.rawValue)
    for descriptor in referrers.manifests where !manifests.contains(where: { $0.manifest.digest == descriptor.digest }) {
      let type = descriptor.artifactType ?? ""
      let annotations = descriptor.annotations ?? [:]
      guard type == Self.signatureArtifactType || type.hasPrefix(Self.bundleMediaTypePrefix) else { continue }
      let fetched = try await client.manifest(repository, reference: descriptor.digest, name: name)
      manifests.append(("referrer \(descriptor.digest)", fetched, annotations))
    }
    var results: [SignatureVerification.Signature] = []
    for (location, manifest, indexAnnotations) in manifests {
      guard let parsed = try? JSONDecoder().decode(SignatureManifest.self, from: manifest.bytes) else {
        results.append(.init(location: location, signer: nil, problem: "not an OCI image manifest"))
        continue
      }
      let declaredPredicate = parsed.annotations?[Self.bundlePredicateAnnotation]
        ?? indexAnnotations[Self.bundlePredicateAnnotation]
      for (position, layer) in parsed.layers.enumerated() {
        let place = "\(location), layer \(position + 1)"
        switch (mode, layer.mediaType) {
        case (.signature, Self.payloadMediaType):
          guard let signature = layer.annotations?[Self.signatureAnnotation] else {
            results.append(.init(location: place, signer: nil, problem: "no \(Self.signatureAnnotation) annotation"))
            continue
          }
          let payload = try await client.smallBlob(repository, digest: layer.digest, name: name, limit: Self.maxPayloadBytes)
          if let keyless {
            let annotations = layer.annotations ?? [:]
            let (problem, signer) = await keyless.problem(
              payload: payload, signature: signature, certificatePEM: annotations[Self.certificateAnnotation],
              chainPEM: annotations[Self.chainAnnotation], bundleJSON: annotations[Self.bundleAnnotation])
            let verdict = problem ?? check.payloadProblem(payload)
            results.append(.init(location: place, signer: verdict == nil ? signer : nil, problem: verdict))
          } else {
            results.append(outcome(place, check.problem(payload: payload, signature: signature)))
          }
        case (.attestation, Self.envelopeMediaType):
          let envelope = try await client.smallBlob(repository, digest: layer.digest, name: name, limit: Self.maxPayloadBytes)
          results.append(await judgeStatement(place, json: envelope, inBundle: false, imageDigest: image.digest))
        case (_, let type) where type.hasPrefix(Self.bundleMediaTypePrefix):
          // Skip bundles that say they hold the other kind (signature vs attestation).
          if let declaredPredicate, wants(declaredPredicate) == false { continue }
          let bundle = try await client.smallBlob(repository, digest: layer.digest, name: name, limit: Self.maxPayloadBytes)
          results.append(await judgeStatement(place, json: bundle, inBundle: true, imageDigest: image.digest))
        default:
          continue
        }
      }
    }
    let requirement = switch mode {
    case .signature: keyless.map { "a keyless signature by \($0.expected.identity) (issuer \($0.expected.issuer))" }
      ?? "a cosign signature by key \(key.name)"
    case .attestation(let name, _): "a \(name) attestation signed by "
      + (keyless.map { "\($0.expected.identity) (issuer \($0.expected.issuer))" } ?? "key \(key.name)")
    }
    return SignatureVerification(reference: text, digest: image.digest, requirement: requirement,
                                 signatures: results, searched: searched)
  }

  /// Whether a statement of `predicateType` is what this mode looks for.
  func wants(_ predicateType: String) -> Bool {
    switch mode {
    case .signature: predicateType == InTotoStatement.cosignSignaturePredicate
    case .attestation(_, let types): types.contains(predicateType)
    }
  }

  func outcome(_ place: String, _ problem: String?) -> SignatureVerification.Signature {
    .init(location: place, signer: problem == nil ? "key \(key.name) (\(key.algorithm), \(key.fingerprint))" : nil,
          problem: problem)
  }

  /// Judges a DSSE envelope (or a sigstore bundle holding one): the signature over the
  /// pre-authentication encoding first (with the key, or keylessly with the bundle's
  /// certificate and log entry), then the statement's subject and predicate type.
  public func judgeStatement(_ place: String, json: Data, inBundle: Bool, imageDigest: String) async
    -> SignatureVerification.Signature
  {
    let envelope: DSSEEnvelope
    let bundle: [String: Any]
    do {
      (envelope, bundle) = try DSSEEnvelope.inToto(json, inBundle: inBundle)
    } catch {
      return outcome(place, "\(error)")
    }
    let payload: Data
    var signer = "key \(key.name) (\(key.algorithm), \(key.fingerprint))"
    if let keyless {
      guard inBundle else {
        return .init(location: place, signer: nil, problem: "a keyless DSSE envelope outside a sigstore bundle is not read")
      }
      let verified = await keyless.problem(bundle: bundle, envelope: envelope)
      guard verified.problem == nil, let statementBytes = verified.payload else {
        return .init(location: place, signer: nil, problem: verified.problem ?? "not verified")
      }
      payload = statementBytes
      signer = verified.signer
    } else {
      guard let verified = envelope.verifiedPayload(with: key) else {
        return outcome(place, "the DSSE signature does not verify with \(key.name) (\(key.algorithm)):"
          + " another key made it, or the statement was changed after signing")
      }
      payload = verified
    }
    let statement: InTotoStatement
    do {
      statement = try InTotoStatement(verifiedBytes: payload)
    } catch {
      return .init(location: place, signer: nil, problem: "\(error)")
    }
    var problem: String?
    if !statement.subjectDigests.contains(imageDigest) {
      problem = "the signed statement is about " + statement.subjectDigests.joined(separator: ", ")
        + ", not this image's \(imageDigest)"
    } else if !wants(statement.predicateType) {
      problem = "a \(statement.predicateType) statement, not " + {
        switch mode {
        case .signature: "a cosign signature"
        case .attestation(let name, let types): "\(name) (" + types.joined(separator: ", ") + ")"
        }
      }()
    }
    var result = SignatureVerification.Signature(location: place, signer: problem == nil ? signer : nil, problem: problem)
    if case .attestation = mode {
      result.predicateType = statement.predicateType
      result.predicate = statement.predicate
    }
    return result
  }

  struct SignatureManifest: Decodable {
    struct Layer: Decodable {
      var mediaType: String
      var digest: String
      var annotations: [String: String]?
    }
    var layers: [Layer]
    var annotations: [String: String]?
  }
}
