import Foundation

/// `plimsoll image REF --vex oci [--vex-key cosign.pub]`: the OpenVEX documents attached to
/// an image in its registry. With a key, only attestations whose DSSE signature verifies with
/// it and whose statement names the image's digest count (`CosignVerifier`); without one,
/// every OpenVEX document found (`AttestationDiscovery`: sigstore bundles, DSSE envelopes and
/// bare statements as referrers, plain `application/vnd.openvex+json` artifacts, the `.att`
/// tag) counts, and a notice says that none was verified. Whatever cannot be read is named in
/// a notice, never silently dropped; a statement then suppresses exactly as a `--vex` file's.
public enum RegistryVEX {
  /// The in-toto predicate types of OpenVEX attestations.
  public static let predicateTypes = InTotoStatement.predicateTypes(named: "openvex")
  /// The artifact type of an OpenVEX document attached as it is.
  public static let artifactType = "application/vnd.openvex+json"

  /// The statements found, and what the user should know about how they were found.
  public struct Found: Sendable {
    public var statements: [VEXStatement] = []
    public var notices: [String] = []
  }

  /// The VEX statements attached to `target` (an image in a registry); verified with the
  /// cosign public key at `keyFile` when one is given.
  public static func statements(for target: ImageTarget, keyFile: String?) async throws -> Found {
    guard let reference = try RegistryImageSource.reference(in: target.reference) else {
      throw InputError(target.reference, "--vex oci reads VEX attached to an image in a registry; this is not one")
    }
    var found = Found()
    if let keyFile {
      let verification = try await ImageVerification.verifyAttestations(
        reference, writtenAs: target.reference, name: "OpenVEX", predicateTypes: predicateTypes, keyFile: keyFile,
        options: target.registry)
      found.notices += verification.warnings
      for signature in verification.signatures {
        guard signature.accepted, let predicate = signature.predicate else {
          found.notices.append("VEX from the registry: \(signature.location) not used: \(signature.problem ?? "no predicate")")
          continue
        }
        read(predicate, source: "\(target.reference) (\(signature.location), signed by \(signature.signer ?? keyFile))",
             into: &found)
      }
      if verification.signatures.isEmpty {
        found.notices.append("VEX from the registry: no OpenVEX attestation of \(target.reference) "
          + "(searched \(verification.searched.joined(separator: ", ")))")
      }
      return found
    }
    let discovery = AttestationDiscovery(predicateTypes: predicateTypes, documentArtifactTypes: [artifactType])
    var warnings: [ScanWarning] = []
    let result = try await RegistryImageSource.withClient(for: reference, options: target.registry, warnings: &warnings) {
      client in try await discovery.discover(reference, client: client)
    }
    found.notices += warnings.map(\.description)
    found.notices += result.skipped.map { "VEX from the registry: \($0): skipped" }
    for document in result.documents {
      read(document.json, source: "\(target.reference) (\(document.location), not signature-verified)", into: &found)
    }
    if result.documents.isEmpty {
      found.notices.append("VEX from the registry: no OpenVEX document attached to \(target.reference) "
        + "(searched \(result.searched.joined(separator: ", ")))")
    } else {
      found.notices.append("VEX from the registry: \(result.documents.count) document(s) used without verifying "
        + "who signed them; give --vex-key to accept only attestations signed with your key")
    }
    return found
  }

  /// Adds the statements of one OpenVEX document, or a notice when it cannot be read.
  static func read(_ json: Data, source: String, into found: inout Found) {
    do {
      found.statements += try VEXDocument.statements(in: json, source: source)
    } catch {
      found.notices.append("VEX from the registry: \(error.localizedDescription)")
    }
  }
}
