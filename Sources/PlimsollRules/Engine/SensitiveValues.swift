/// Decides whether an environment variable or build argument looks like it carries a secret.
///
/// Shared by the Dockerfile, Compose, Kubernetes and image-config rules so they agree.
public enum SensitiveValues {
  private static let sensitiveWords = [
    "PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "API_KEY", "ACCESS_KEY",
    "PRIVATE_KEY", "CREDENTIAL", "AUTH_KEY", "CLIENT_SECRET", "SIGNING_KEY", "ENCRYPTION_KEY",
    "DB_PASS", "_PASS", "PWD",
  ]
  /// Suffixes naming where a secret is, not the secret itself.
  private static let referenceSuffixes = [
    "_FILE", "_PATH", "_DIR", "_URL", "_URI", "_ENDPOINT", "_HOST", "_PORT", "_LENGTH",
    "_TTL", "_EXPIRY", "_EXPIRES", "_TIMEOUT", "_NAME", "_ID", "_TYPE", "_HEADER", "_MODE",
    "_ENABLED", "_REF", "_KEYRING",
  ]

  /// Whether `name` names a secret (`DB_PASSWORD`, `GITHUB_TOKEN`), not a pointer to one
  /// (`DB_PASSWORD_FILE`).
  public static func isSensitiveName(_ name: String) -> Bool {
    let upper = name.uppercased().replacingOccurrences(of: "-", with: "_")
    if upper == "PWD" || upper == "OLDPWD" { return false }
    if referenceSuffixes.contains(where: { upper.hasSuffix($0) }) { return false }
    if upper == "AWS_SECRET_ACCESS_KEY" || upper == "AWS_SESSION_TOKEN" { return true }
    return sensitiveWords.contains { word in
      if word == "PWD" { return upper.hasSuffix("_PWD") }
      if word == "_PASS" { return upper.hasSuffix("_PASS") }
      return upper.contains(word)
    }
  }

  /// Whether `value` itself looks like a well-known credential (AWS access key id, private
  /// key header, GitHub/GitLab/Slack token prefixes).
  public static func looksLikeCredential(_ value: String) -> Bool {
    if value.contains("-----BEGIN") && value.contains("PRIVATE KEY") { return true }
    let prefixes = ["AKIA", "ASIA"]
    for prefix in prefixes where value.count == 20 && value.hasPrefix(prefix) {
      if value.allSatisfy({ $0.isUppercase || $0.isNumber }) { return true }
    }
    let tokenPrefixes = ["ghp_", "gho_", "ghs_", "ghu_", "github_pat_", "glpat-", "xoxb-", "xoxp-",
                         "sk_live_", "npm_"]
    return tokenPrefixes.contains { value.hasPrefix($0) && value.count >= $0.count + 16 }
  }

  /// Whether `value` is a literal (not empty, not only a variable reference).
  public static func isLiteral(_ value: String) -> Bool {
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty { return false }
    if trimmed.hasPrefix("$") {
      let name = trimmed.dropFirst().trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
      if name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" || $0 == "-" }) {
        return false
      }
    }
    return true
  }

  /// `line` with secret-looking parts masked: `NAME=value` for sensitive names, known token
  /// formats, and passwords in `scheme://user:password@host` URLs.
  public static func redact(_ line: String) -> String {
    line.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
      var text = String(word)
      if let equals = text.firstIndex(of: "="), isSensitiveName(String(text[..<equals])) {
        let value = String(text[text.index(after: equals)...])
        if isLiteral(value) { text = String(text[...equals]) + mask(value) }
      } else if looksLikeCredential(text) {
        text = mask(text)
      }
      if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@"),
         let colon = text[scheme.upperBound..<at].firstIndex(of: ":") {
        text = String(text[...colon]) + "****" + String(text[at...])
      }
      return text
    }.joined(separator: " ")
  }

  /// Whether `text` has `scheme://user:password@host` with a literal password.
  public static func containsURLCredentials(_ text: String) -> Bool {
    var search = text[...]
    while let scheme = search.range(of: "://") {
      let rest = search[scheme.upperBound...]
      let authority = rest.prefix { !"/ \t\n\"'".contains($0) }
      if let at = authority.lastIndex(of: "@") {
        let userInfo = authority[..<at]
        if let colon = userInfo.firstIndex(of: ":") {
          let password = userInfo[userInfo.index(after: colon)...]
          if !password.isEmpty, !password.hasPrefix("$") { return true }
        }
      }
      search = rest
    }
    return false
  }

  /// A secret value masked for evidence: a URL keeps its shape with the password hidden,
  /// anything else keeps its first two characters.
  public static func maskSecret(_ value: String) -> String {
    containsURLCredentials(value) ? redact(value) : mask(value)
  }

  /// `value` with all but its first two characters masked, for evidence.
  public static func mask(_ value: String) -> String {
    guard value.count > 4 else { return String(repeating: "*", count: value.count) }
    return String(value.prefix(2)) + String(repeating: "*", count: min(value.count - 2, 12))
  }
}

import Foundation
