import ArgumentParser
import Foundation
import PlimsollCore

/// `plimsoll verify IMAGE --key cosign.pub | --keyring trusted.gpg`: is the image signed by
/// someone trusted? Exit 0 verified, 1 not verified, 2 unusable input.
struct VerifyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Verify an image's signatures (cosign --key or keyless --trusted-root, GPG --keyring) or its signed attestations (--attestation).",
    discussion: """
      The image's manifest digest is read from its registry; a signature counts only when it \
      verifies with the given key and its signed payload names that digest and the image's \
      repository (or --signed-identity). cosign signatures are found at the sha256-<hex>.sig \
      tag and as OCI 1.1 referrers; GPG signatures in the lookaside store that registries.d \
      names for the image (--registries-d, default /etc/containers/registries.d). \
      Exit status: 0 verified, 1 not verified (the reason is printed), 2 unusable input.
      """)

  @Argument(help: "An image in a registry (registry.example.com/team/app:1.4, …@sha256:…).")
  var image: String

  @Option(help: "A PEM public key (cosign.pub: ECDSA P-256, Ed25519 or RSA) for cosign signatures.")
  var key: String?

  @Option(help: "A GPG keyring (binary or armored) whose keys are trusted for containers signatures.")
  var keyring: String?

  @Option(name: .customLong("registries-d"),
          help: "The registries.d directory naming lookaside signature stores (with --keyring).")
  var registriesD: String?

  @Option(help: "The reference signatures must claim, when not the image's own (an image verified through a mirror).")
  var signedIdentity: String?

  @Option(help: "A sigstore trusted root file (trusted_root.json: Fulcio CAs, Rekor keys) for keyless signatures, verified offline.")
  var trustedRoot: String?

  @Option(help: "The identity (e-mail or URI) a keyless signature's certificate must name (with --trusted-root).")
  var certificateIdentity: String?

  @Option(name: .customLong("certificate-oidc-issuer"),
          help: "The OIDC issuer a keyless signature's certificate must name (with --trusted-root).")
  var certificateOIDCIssuer: String?

  @Option(help: ArgumentHelp(
    "Verify in-toto attestations of this type instead of signatures: slsaprovenance, slsaprovenance1, "
      + "spdxjson, cyclonedx, vuln, openvex, or a predicate type URI (with --key or --trusted-root).", valueName: "type"))
  var attestation: String?

  @Option(help: "Output format.")
  var format: TrustOutputFormat = .text

  @OptionGroup var registry: RegistryOptions

  func validate() throws {
    guard [key != nil, keyring != nil, trustedRoot != nil].filter({ $0 }).count == 1 else {
      throw ValidationError("give exactly one of --key (cosign), --keyring (GPG) and --trusted-root (keyless)")
    }
    if trustedRoot != nil && (certificateIdentity == nil || certificateOIDCIssuer == nil) {
      throw ValidationError("--trusted-root needs --certificate-identity and --certificate-oidc-issuer")
    }
    if attestation != nil && keyring != nil {
      throw ValidationError("--attestation goes with --key or --trusted-root, not --keyring")
    }
    if registriesD != nil && keyring == nil {
      throw ValidationError("--registries-d goes with --keyring")
    }
  }

  func run() async throws {
    let result = try await withInputErrors {
      let trust: ImageVerification.Trust = if let key {
        .cosignKey(file: key)
      } else if let trustedRoot {
        .keyless(trustedRoot: trustedRoot, identity: certificateIdentity ?? "", issuer: certificateOIDCIssuer ?? "")
      } else {
        .gpgKeyring(file: keyring ?? "", registriesDirectory: registriesD)
      }
      return try await ImageVerification.run(
        image, trust: trust, signedIdentity: signedIdentity, attestation: attestation,
        registry: try registry.options)
    }
    for warning in result.warnings { Output.diagnostic(DiagnosticLine.warning(warning)) }
    print(format == .json ? result.json : result.report)
    if !result.verified { throw ExitCode(1) }
  }
}

extension TrustOutputFormat: ExpressibleByArgument {}
