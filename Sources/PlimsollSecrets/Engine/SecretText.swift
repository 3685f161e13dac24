import Foundation

/// Small text facts about a candidate secret: entropy, masking, placeholders and the
/// format checks of `SecretCheck`.
public enum SecretText {
  /// Shannon entropy of the string's UTF-8 bytes, in bits per byte.
  public static func entropy(_ text: String) -> Double {
    var counts = [Int](repeating: 0, count: 256)
    var total = 0
    for byte in text.utf8 {
      counts[Int(byte)] += 1
      total += 1
    }
    guard total > 0 else { return 0 }
    var bits = 0.0
    for count in counts where count > 0 {
      let p = Double(count) / Double(total)
      bits -= p * log2(p)
    }
    return bits
  }

  /// The secret as every output shows it: its first 4 characters and `****`.
  ///
  /// A secret shorter than 16 characters shows a quarter of its length instead, so a short
  /// password is never half printed.
  public static func mask(_ secret: String) -> String {
    let shown = secret.count >= 16 ? 4 : secret.count / 4
    return String(secret.prefix(shown)) + "****"
  }

  /// Markers of a template or placeholder, never of a real secret (`${VAR}`, `{{ x }}`,
  /// `xxxx`, `<your-key>`).
  static let placeholderMarkers = ["${", "{{", "$(", "%(", "#{", "<%", "xxxxx", "XXXXX", "****",
                                   "...."]

  /// Whether the value is a template reference or placeholder rather than a secret.
  public static func isPlaceholder(_ secret: String) -> Bool {
    if placeholderMarkers.contains(where: secret.contains) { return true }
    if secret.lowercased().contains("example") { return true }
    let lower = secret
    if let open = lower.firstIndex(of: "<"), let close = lower.lastIndex(of: ">"), open < close {
      return true
    }
    return false
  }

  /// Runs a `SecretCheck` on a candidate secret.
  static func passes(_ check: SecretCheck, _ secret: String) -> Bool {
    switch check {
    case .none: return true
    case .base64UserPassword: return isBase64UserPassword(secret)
    case .jwtHeader: return isJWT(secret)
    case .pemBody: return isPEMBody(secret)
    case .passwordLike: return isPasswordLike(secret)
    }
  }

  static func isBase64UserPassword(_ value: String) -> Bool {
    guard let data = Data(base64Encoded: value), let text = String(data: data, encoding: .utf8)
    else { return false }
    guard let colon = text.firstIndex(of: ":") else { return false }
    let user = text[..<colon]
    let password = text[text.index(after: colon)...]
    let printable = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
    return !user.isEmpty && !password.isEmpty && printable && !isPlaceholder(String(password))
  }

  static func isJWT(_ value: String) -> Bool {
    guard let headerPart = value.split(separator: ".").first,
      let data = base64URLDecode(String(headerPart)),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return false }
    return object["alg"] is String
  }

  static func base64URLDecode(_ text: String) -> Data? {
    var standard = text.replacingOccurrences(of: "-", with: "+")
      .replacingOccurrences(of: "_", with: "/")
    while standard.count % 4 != 0 { standard += "=" }
    return Data(base64Encoded: standard)
  }

  static func isPEMBody(_ body: String) -> Bool {
    var base64Count = 0
    for rawLine in body.replacingOccurrences(of: "\\n", with: "\n").split(
      whereSeparator: { $0 == "\n" || $0 == "\r" })
    {
      var line = rawLine.trimmingCharacters(in: .whitespaces)
      // JSON or source string concatenation around each line.
      line = line.trimmingCharacters(in: CharacterSet(charactersIn: "\"',+ \t"))
      if line.isEmpty || line.contains(": ") { continue }  // Proc-Type:, DEK-Info:, Comment:
      for scalar in line.unicodeScalars {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "+", "/", "=": base64Count += 1
        default: return false
        }
      }
    }
    return base64Count >= 64
  }

  static func isPasswordLike(_ value: String) -> Bool {
    let hasLetter = value.unicodeScalars.contains { CharacterSet.letters.contains($0) }
    let hasDigit = value.unicodeScalars.contains { CharacterSet.decimalDigits.contains($0) }
    guard hasLetter, hasDigit else { return false }
    if value.contains("(") || value.hasPrefix("$") || value.hasPrefix("%") { return false }
    // A dotted identifier such as settings.DB_PASSWORD_2 is code, not a value.
    let identifierParts = value.split(separator: ".", omittingEmptySubsequences: false)
    if identifierParts.count > 1,
      identifierParts.allSatisfy({ part in
        guard let first = part.unicodeScalars.first, !CharacterSet.decimalDigits.contains(first)
        else { return false }
        return part.unicodeScalars.allSatisfy {
          CharacterSet.alphanumerics.contains($0) || $0 == "_"
        }
      })
    {
      return false
    }
    return true
  }
}
