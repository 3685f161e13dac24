import Foundation

/// `plimsoll verify`: whether an image in a registry carries a signature the user trusts,
/// through the same registry access as scans (mirrors, credentials, `--insecure`).
public enum ImageVerification {
  /// What the signature must be made with.
  public enum Trust: Sendable {
    /// A cosign signature verified with this PEM public key file.
    case cosignKey(file: String)
    /// A containers simple signature (GPG) verified with this keyring file; the lookaside
    /// store comes from the registries.d directory.
    case gpgKeyring(file: String, registriesDirectory: String?)
    /// A keyless cosign signature: a certificate from a CA of the trusted root file, naming
    /// `identity` and `issuer`, logged by a transparency log of the trusted root.
    case keyless(trustedRoot: String, identity: String, issuer: String)
  }

  /// Verifies `text` (a registry reference); `signedIdentity` is the reference signatures
  /// must claim when not the image's own. With `attestation` (`slsaprovenance`, `spdxjson`,
  /// `cyclonedx`, `vuln`, or a predicate type URI), in-toto attestations of that type signed
  /// with the cosign key are verified instead of signatures.
  public static func run(
    _ text: String, trust: Trust, signedIdentity: String? = nil, attestation: String? = nil,
    registry: RegistryImageSource.Options
  ) async throws -> SignatureVerification {
    let reference = try PlimsollRegistry.ImageReference(parsing: text)
    let identity = try signedIdentity.map { (reference: try PlimsollRegistry.ImageReference(parsing: $0), text: $0) }
    switch trust {
    case .cosignKey(let file):
      let mode: CosignVerifier.Mode = attestation.map {
        .attestation(name: $0, predicateTypes: InTotoStatement.predicateTypes(named: $0))
      } ?? .signature
      let verifier = CosignVerifier(key: try VerificationKey(file: file), mode: mode, signedIdentity: identity)
      return try await verify(reference, options: registry) { client in
        try await verifier.verify(reference, writtenAs: text, client: client)
      }
    case .keyless(let trustedRoot, let certificateIdentity, let issuer):
      let check = KeylessCheck(root: try TrustedRoot(file: trustedRoot),
                               expected: KeylessIdentity(identity: certificateIdentity, issuer: issuer))
      let mode: CosignVerifier.Mode = attestation.map {
        .attestation(name: $0, predicateTypes: InTotoStatement.predicateTypes(named: $0))
      } ?? .signature
      let verifier = CosignVerifier(keyless: check, mode: mode, signedIdentity: identity)
      return try await verify(reference, options: registry) { client in
        try await verifier.verify(reference, writtenAs: text, client: client)
      }
    case .gpgKeyring(let file, let registriesDirectory):
      if let attestation {
        throw InputError(attestation, "attestations are verified with a cosign key (--key), not a GPG keyring")
      }
      let verifier = try SimpleSigningVerifier(
        keyring: file, registriesDirectory: registriesDirectory ?? SimpleSigningVerifier.defaultRegistriesDirectory,
        signedIdentity: identity)
      var warnings: [ScanWarning] = []
      let digest = try await RegistryImageSource.withClient(for: reference, options: registry, warnings: &warnings) {
        client in
        try await client.manifest(reference.repository, reference: reference.manifestReference,
                                  name: reference.description).digest
      }
      var result = try await verifier.verify(reference, writtenAs: text, digest: digest)
      result.warnings = warnings.map(\.description)
      return result
    }
  }

  /// Verifies the in-toto attestations of `reference` whose predicate type is one of
  /// `predicateTypes` (called `name` in messages) with the cosign public key at `keyFile`.
  static func verifyAttestations(
    _ reference: PlimsollRegistry.ImageReference, writtenAs text: String, name: String, predicateTypes: [String],
    keyFile: String, options: RegistryImageSource.Options
  ) async throws -> SignatureVerification {
    let verifier = CosignVerifier(
      key: try VerificationKey(file: keyFile), mode: .attestation(name: name, predicateTypes: predicateTypes))
    return try await verify(reference, options: options) { client in
      try await verifier.verify(reference, writtenAs: text, client: client)
    }
  }

  /// Runs `body` with a client of the image's registry (mirrors first), keeping the warnings
  /// gathered on the way in the verdict.
  static func verify(
    _ reference: PlimsollRegistry.ImageReference, options: RegistryImageSource.Options,
    _ body: (RegistryClient) async throws -> SignatureVerification
  ) async throws -> SignatureVerification {
    var warnings: [ScanWarning] = []
    var result = try await RegistryImageSource.withClient(for: reference, options: options, warnings: &warnings, body)
    result.warnings = warnings.map(\.description)
    return result
  }
}
