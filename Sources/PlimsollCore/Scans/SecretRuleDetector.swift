import PlimsollRules
import PlimsollSecrets

/// The secret rules as the configuration rules' judge of Kubernetes Secret values (the rules
/// module does not import the secrets module; this is where the two meet).
public struct SecretRuleDetector: CredentialDetector {
  public let scanner: SecretScanner

  public init(scanner: SecretScanner) {
    self.scanner = scanner
  }

  /// The secret rules that match `key: value`, as a line of the manifest would read once
  /// decoded, plus the built-in credential shapes.
  public func credentials(key: String, value: String) -> [String] {
    var ids: [String] = []
    for match in scanner.scanText("\(key): \(value)", origin: "Secret") where !ids.contains(match.ruleID) {
      ids.append(match.ruleID)
    }
    return ids.isEmpty ? BuiltInCredentialDetector().credentials(key: key, value: value) : ids
  }
}

extension ConfigScanner {
  /// A configuration scanner whose Kubernetes Secret values are judged by the secret rules.
  public static func withSecretRules(ignoredRules: Set<String> = []) -> ConfigScanner {
    var scanner = ConfigScanner(ignoredRules: ignoredRules)
    if let secrets = ImageAnalyzers.secretScanner {
      scanner.credentialDetector = SecretRuleDetector(scanner: secrets)
    }
    return scanner
  }
}
