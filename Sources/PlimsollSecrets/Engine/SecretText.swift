import Foundation

/// Small text facts about a candidate secret: entropy, masking, placeholders and the
/// format checks of `SecretCheck`.
public enum SecretText {
  /// Shannon entropy of the string's UTF-8 bytes, in bits per byte.
  public static func entropy(_ text: String) -> Double { entropy(Array(text.utf8)) }

  /// Shannon entropy of the bytes, in bits per byte.
  static func entropy(_ bytes: [UInt8]) -> Double {
    guard !bytes.isEmpty else { return 0 }
    var counts = [Int](repeating: 0, count: 256)
    for byte in bytes { counts[Int(byte)] += 1 }
    let total = Double(bytes.count)
    var bits = 0.0
    for count in counts where count > 0 {
      let p = Double(count) / total
      bits -= p * log2(p)
    }
    return bits
  }

  /// Whether `needle` occurs in `haystack` (bytes; no Unicode folding).
  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard let first = needle.first else { return true }
    guard haystack.count >= needle.count else { return false }
    var index = 0
    let last = haystack.count - needle.count
    while index <= last {
      if haystack[index] == first {
        var offset = 1
        while offset < needle.count, haystack[index + offset] == needle[offset] { offset += 1 }
        if offset == needle.count { return true }
      }
      index += 1
    }
    return false
  }

  /// ASCII lower-casing of UTF-8 bytes.
  static func lowered(_ bytes: [UInt8]) -> [UInt8] { bytes.map(KeywordAutomaton.fold) }

  /// The secret as every output shows it: its first 4 characters and `****`.
  ///
  /// A secret shorter than 16 characters shows a quarter of its length instead, so a short
  /// password is never half printed.
  public static func mask(_ secret: String) -> String {
    let shown = secret.count >= 16 ? 4 : secret.count / 4
    return String(secret.prefix(shown)) + "****"
  }

  /// Markers of a template or placeholder, never of a real secret (`${VAR}`, `{{ x }}`,
  /// `xxxxx`, `<your-key>`).
  static let placeholderMarkers = ["${", "{{", "$(", "%(", "#{", "<%", "xxxxx", "XXXXX", "****",
                                   "...."].map { Array($0.utf8) }
  static let example = Array("example".utf8)

  /// Whether the value is a template reference or placeholder rather than a secret.
  public static func isPlaceholder(_ secret: String) -> Bool {
    let bytes = Array(secret.utf8)
    return isPlaceholder(bytes, lowered: lowered(bytes))
  }

  static func isPlaceholder(_ bytes: [UInt8], lowered: [UInt8]) -> Bool {
    if placeholderMarkers.contains(where: { contains(bytes, $0) }) { return true }
    if contains(lowered, example) { return true }
    if let open = bytes.firstIndex(of: UInt8(ascii: "<")),
      let close = bytes.lastIndex(of: UInt8(ascii: ">")), open < close
    {
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
    let bytes = Array(value.utf8)
    let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
    let isLetter = { (byte: UInt8) in (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    guard bytes.contains(where: isLetter), bytes.contains(where: isDigit) else { return false }
    // Calls, subscripts and variable references are code, not values:
    // `statetokens = self.rules[stack[-1]]`, `token_value = tokens[1]`.
    if bytes.contains(UInt8(ascii: "(")) || bytes.contains(UInt8(ascii: "["))
      || bytes.first == UInt8(ascii: "$") || bytes.first == UInt8(ascii: "%")
    {
      return false
    }
    // A dotted identifier such as settings.DB_PASSWORD_2 is code, not a value.
    let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    if parts.count > 1,
      parts.allSatisfy({ part in
        guard let first = part.first, !isDigit(first) else { return false }
        return part.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }
      })
    {
      return false
    }
    return true
  }
}
