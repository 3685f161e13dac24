import Foundation

/// Recognises SPDX license ids and expressions in the free-text licenses package databases
/// record, so SBOMs say `MIT` where they can and fall back to a name or `LicenseRef-` otherwise.
enum SPDXLicenses {
  private static let licenseIndex: [String: String] = Dictionary(
    SPDXLicenseList.licenses.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
  private static let exceptionIndex: [String: String] = Dictionary(
    SPDXLicenseList.exceptions.map { ($0.lowercased(), $0) },
    uniquingKeysWith: { first, _ in first })

  /// Common non-SPDX spellings (Debian copyright short names, Python classifiers, Maven
  /// POMs) mapped to their SPDX ids.
  private static let aliases: [String: String] = [
    "gpl-1": "GPL-1.0-only", "gpl-1+": "GPL-1.0-or-later",
    "gpl-2": "GPL-2.0-only", "gpl-2+": "GPL-2.0-or-later", "gplv2": "GPL-2.0-only",
    "gplv2+": "GPL-2.0-or-later", "gpl-3": "GPL-3.0-only", "gpl-3+": "GPL-3.0-or-later",
    "gplv3": "GPL-3.0-only", "gplv3+": "GPL-3.0-or-later",
    "lgpl-2": "LGPL-2.0-only", "lgpl-2+": "LGPL-2.0-or-later",
    "lgpl-2.1": "LGPL-2.1-only", "lgpl-2.1+": "LGPL-2.1-or-later",
    "lgpl-3": "LGPL-3.0-only", "lgpl-3+": "LGPL-3.0-or-later",
    "agpl-3": "AGPL-3.0-only", "agpl-3+": "AGPL-3.0-or-later",
    "expat": "MIT", "mit license": "MIT", "the mit license": "MIT",
    "apache 2.0": "Apache-2.0", "apache-2": "Apache-2.0", "apache license 2.0": "Apache-2.0",
    "apache license, version 2.0": "Apache-2.0", "apache software license": "Apache-2.0",
    "the apache software license, version 2.0": "Apache-2.0",
    "the apache license, version 2.0": "Apache-2.0",
    "bsd-3-clause license": "BSD-3-Clause", "new bsd license": "BSD-3-Clause",
    "bsd-2-clause license": "BSD-2-Clause", "simplified bsd license": "BSD-2-Clause",
    "isc license": "ISC", "mpl-2": "MPL-2.0", "mozilla public license 2.0": "MPL-2.0",
    "zlib license": "Zlib", "psf": "PSF-2.0", "psfl": "PSF-2.0",
    "python software foundation license": "PSF-2.0", "artistic": "Artistic-1.0-Perl",
    "public domain": "LicenseRef-Public-Domain",
  ]

  /// The SPDX id `text` names (case-insensitive, or a known alias such as Debian's `GPL-2+`),
  /// or nil when it names none.
  static func licenseID(_ text: String) -> String? {
    let key = text.trimmingCharacters(in: .whitespaces).lowercased()
    // Aliases first: they also replace deprecated ids such as `LGPL-2.1+`.
    if let id = aliases[key] { return id.hasPrefix("LicenseRef-") ? nil : id }
    return licenseIndex[key]
  }

  /// `text` as a canonical SPDX license expression (ids in their listed case, operators upper
  /// case), or nil when it is not one. A single id is an expression too.
  static func expression(_ text: String) -> String? {
    if let id = licenseID(text) { return id }
    var parser = ExpressionParser(tokens: tokenize(text))
    guard let canonical = parser.parseExpression(), parser.atEnd else { return nil }
    return canonical
  }

  /// Whether `text` is a compound expression (uses AND, OR or WITH).
  static func isCompound(_ expression: String) -> Bool {
    expression.contains(" AND ") || expression.contains(" OR ") || expression.contains(" WITH ")
  }

  /// A valid `LicenseRef-` id made from free text (letters, digits, `.` and `-` only).
  static func licenseRef(for text: String) -> String {
    var sanitized = ""
    for scalar in text.unicodeScalars {
      if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        || scalar == "." || scalar == "-"
      {
        sanitized.unicodeScalars.append(scalar)
      } else if !sanitized.hasSuffix("-") {
        sanitized += "-"
      }
    }
    let trimmed = sanitized.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    return "LicenseRef-" + (trimmed.isEmpty ? ReportSupport.fingerprint(text) : trimmed)
  }

  private static func tokenize(_ text: String) -> [String] {
    var tokens: [String] = []
    var current = ""
    for character in text {
      if character == "(" || character == ")" || character.isWhitespace {
        if !current.isEmpty { tokens.append(current) }
        current = ""
        if !character.isWhitespace { tokens.append(String(character)) }
      } else {
        current.append(character)
      }
    }
    if !current.isEmpty { tokens.append(current) }
    return tokens
  }

  /// Recursive-descent parser of the SPDX license expression grammar (SPDX 2.3 annex D).
  private struct ExpressionParser {
    var tokens: [String]
    var position = 0

    var atEnd: Bool { position == tokens.count }

    private func peekOperator() -> String? {
      guard position < tokens.count else { return nil }
      let token = tokens[position]
      let upper = token.uppercased()
      // Operators are all upper case or all lower case.
      guard ["AND", "OR", "WITH"].contains(upper), token == upper || token == token.lowercased()
      else { return nil }
      return upper
    }

    mutating func parseExpression() -> String? {
      guard var left = parseAnd() else { return nil }
      while peekOperator() == "OR" {
        position += 1
        guard let right = parseAnd() else { return nil }
        left += " OR " + right
      }
      return left
    }

    mutating func parseAnd() -> String? {
      guard var left = parseWith() else { return nil }
      while peekOperator() == "AND" {
        position += 1
        guard let right = parseWith() else { return nil }
        left += " AND " + right
      }
      return left
    }

    mutating func parseWith() -> String? {
      guard let simple = parseSimple() else { return nil }
      guard peekOperator() == "WITH" else { return simple }
      position += 1
      guard position < tokens.count,
        let exception = SPDXLicenses.exceptionIndex[tokens[position].lowercased()]
      else { return nil }
      position += 1
      return simple + " WITH " + exception
    }

    mutating func parseSimple() -> String? {
      guard position < tokens.count else { return nil }
      let token = tokens[position]
      if token == "(" {
        position += 1
        guard let inner = parseExpression(), position < tokens.count, tokens[position] == ")"
        else { return nil }
        position += 1
        return "(" + inner + ")"
      }
      guard peekOperator() == nil, token != ")" else { return nil }
      position += 1
      if let id = SPDXLicenses.licenseIndex[token.lowercased()] { return id }
      if token.hasSuffix("+"), let id = SPDXLicenses.licenseIndex[String(token.dropLast()).lowercased()] {
        return id + "+"
      }
      if Self.isLicenseRef(token) { return token }
      return nil
    }

    /// `LicenseRef-x` or `DocumentRef-y:LicenseRef-x` with idstring characters only.
    static func isLicenseRef(_ token: String) -> Bool {
      func isIDString(_ text: Substring) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy {
          $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-")
        }
      }
      var rest = Substring(token)
      if rest.hasPrefix("DocumentRef-") {
        guard let colon = rest.firstIndex(of: ":") else { return false }
        guard isIDString(rest[rest.index(rest.startIndex, offsetBy: 12)..<colon]) else { return false }
        rest = rest[rest.index(after: colon)...]
      }
      guard rest.hasPrefix("LicenseRef-") else { return false }
      return isIDString(rest.dropFirst(11))
    }
  }
}
