/// Judges whether a configuration value is a literal credential: the seam through which the
/// secret rules (PlimsollSecrets, which this module does not import) read Kubernetes Secret
/// values. `PlimsollCore` plugs the secret scanner in.
public protocol CredentialDetector: Sendable {
  /// Ids of the rules that find a credential in `value`, stored under `key`; empty for none.
  func credentials(key: String, value: String) -> [String]
}

/// The detector used when no secret rules are plugged in: only well-known credential shapes
/// (`SensitiveValues.looksLikeCredential`: private keys, cloud and forge token prefixes).
public struct BuiltInCredentialDetector: CredentialDetector {
  public init() {}

  public func credentials(key: String, value: String) -> [String] {
    SensitiveValues.looksLikeCredential(value) ? ["credential-shape"] : []
  }
}
