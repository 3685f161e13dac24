/// A Composer (Packagist) version, normalised as Composer's `VersionParser::normalize` and
/// ordered as PHP's `version_compare` orders the normalised strings.
///
/// `v1.2` becomes `1.2.0.0`, `1.0-b2` becomes `1.0.0.0-beta2`, `1.x-dev` becomes
/// `1.9999999.9999999.9999999-dev`; suffixes order dev < alpha < beta < RC < (release) < patch.
/// Named branches (`dev-main`) have no order and are rejected.
public struct ComposerVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// One piece of the normalised version as `version_compare` splits it.
  enum Token: Hashable, Sendable {
    /// A number (PHP reads it with `strtol`, so values saturate at 2^63-1).
    case number(VersionNumber)
    /// A word ranked dev 0, alpha 1, beta 2, RC 3, patch 5; any other word -1.
    case word(Int)
  }

  /// The normalised form, as `VersionParser::normalize` returns it.
  public let normalized: String
  /// The pieces `version_compare` compares.
  let tokens: [Token]
  /// The string as given.
  public let description: String

  /// Parses and normalises a Composer version.
  public init(_ text: String) throws(VersionError) {
    description = text
    guard let result = ComposerNormalizer.normalize(text) else {
      throw .invalidVersion(text, ecosystem: ComposerScheme.ecosystemName, reason: "not a Composer version")
    }
    if result.hasPrefix("dev-") {
      throw .invalidVersion(text, ecosystem: ComposerScheme.ecosystemName, reason: "branch versions have no order")
    }
    normalized = result
    tokens = ComposerNormalizer.tokens(result)
  }

  /// Wraps a string Composer already normalised (a constraint bound such as `1.2.0.0-dev`),
  /// compared as `version_compare` compares it without normalising it again.
  init(normalized text: String) {
    description = text
    normalized = text
    tokens = ComposerNormalizer.tokens(text)
  }

  /// `version_compare`'s rank of a word (prefix match against its table, in its order).
  static let numberRank = 4

  /// Three-way comparison as `version_compare(normalizedA, normalizedB)`.
  public func compare(to other: ComposerVersion) -> Int {
    for (left, right) in zip(tokens, other.tokens) {
      let order: Int
      switch (left, right) {
      case (.number(let a), .number(let b)): order = threeWay(a, b)
      case (.word(let a), .word(let b)): order = threeWay(a, b)
      case (.number, .word(let b)): order = threeWay(Self.numberRank, b)
      case (.word(let a), .number): order = threeWay(a, Self.numberRank)
      }
      if order != 0 { return order }
    }
    if tokens.count == other.tokens.count { return 0 }
    if tokens.count > other.tokens.count {
      switch tokens[other.tokens.count] {
      case .number: return 1
      case .word(let rank): return threeWay(rank, Self.numberRank)
      }
    }
    switch other.tokens[tokens.count] {
    case .number: return -1
    case .word(let rank): return threeWay(Self.numberRank, rank)
    }
  }

  /// Orders as Composer does.
  public static func < (lhs: ComposerVersion, rhs: ComposerVersion) -> Bool { lhs.compare(to: rhs) < 0 }
  /// Equal under `version_compare`.
  public static func == (lhs: ComposerVersion, rhs: ComposerVersion) -> Bool { lhs.compare(to: rhs) == 0 }
  /// Hashes the tokens, consistent with `==`.
  public func hash(into hasher: inout Hasher) { hasher.combine(tokens) }
}

/// Composer's `VersionParser::normalize` and PHP's version canonicalisation.
enum ComposerNormalizer {
  static let words = ["stable", "beta", "b", "rc", "alpha", "a", "patch", "pl", "p"]

  static func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" }

  /// The modifier `[._-]?(?:(word)((?:[.-]?\d+)*+)?)?([.-]?dev)?$`, tried in the regex's order.
  static func modifier(_ rest: [Character], caseSensitive: Bool = false) -> (word: String?, numbers: String, dev: Bool)? {
    let lower = caseSensitive ? rest : rest.map { Character($0.lowercased()) }
    let words = caseSensitive ? ["stable", "beta", "b", "RC", "alpha", "a", "patch", "pl", "p"] : Self.words
    var starts: [Int] = []
    if let first = rest.first, first == "." || first == "_" || first == "-" { starts.append(1) }
    starts.append(0)
    for start in starts {
      var options: [(String?, Int)] = []
      for word in words where lower.count >= start + word.count
        && String(lower[start..<(start + word.count)]) == word
      {
        options.append((String(rest[start..<(start + word.count)]), start + word.count))
      }
      options.append((nil, start))
      for (word, afterWord) in options {
        var position = afterWord
        var numbers = ""
        if word != nil {
          while true {
            var probe = position
            if probe < rest.count, rest[probe] == "." || rest[probe] == "-" { probe += 1 }
            let digitsStart = probe
            while probe < rest.count, rest[probe].isASCII, rest[probe].isNumber { probe += 1 }
            if probe == digitsStart { break }
            numbers += String(rest[position..<probe])
            position = probe
          }
        }
        for withDev in [true, false] {
          var probe = position
          if withDev {
            if probe < rest.count, rest[probe] == "." || rest[probe] == "-" {
              if lower.count >= probe + 4, String(lower[(probe + 1)..<(probe + 4)]) == "dev" { probe += 4 }
              else if lower.count >= probe + 3, String(lower[probe..<(probe + 3)]) == "dev" { probe += 3 }
              else { continue }
            } else if lower.count >= probe + 3, String(lower[probe..<(probe + 3)]) == "dev" {
              probe += 3
            } else {
              continue
            }
          }
          if probe == rest.count { return (word, numbers, withDev) }
        }
      }
    }
    return nil
  }

  static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

  /// Candidate ends of the date pattern `\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?`, in regex order.
  static func dateEnds(_ s: [Character], from start: Int) -> [Int] {
    guard s.count >= start + 4, s[start..<(start + 4)].allSatisfy(isDigit) else { return [] }
    var ends: [Int] = []
    func separatorOptions(_ position: Int) -> [Int] {
      var options: [Int] = []
      if position < s.count, ".:-".contains(s[position]) { options.append(position + 1) }
      options.append(position)
      return options
    }
    func tail(_ position: Int, _ count: Int) {
      if count < 1 {
        for p in separatorOptions(position) {
          for length in [3, 2, 1] where p + length <= s.count && s[p..<(p + length)].allSatisfy(isDigit) {
            tail(p + length, count + 1)
          }
        }
      }
      ends.append(position)
    }
    func pairs(_ position: Int, _ count: Int) {
      if count < 6 {
        for p in separatorOptions(position) where p + 2 <= s.count && s[p..<(p + 2)].allSatisfy(isDigit) {
          pairs(p + 2, count + 1)
        }
      }
      if count >= 1 { tail(position, 0) }
    }
    pairs(start + 4, 0)
    return ends
  }

  static func expand(_ word: String) -> String {
    switch word.lowercased() {
    case "a": return "alpha"
    case "b": return "beta"
    case "p", "pl": return "patch"
    case "rc": return "RC"
    default: return word.lowercased()
    }
  }

  static func withModifier(_ version: String, _ rest: [Character]) -> String? {
    guard let (word, numbers, dev) = modifier(rest) else { return nil }
    var result = version
    if let word {
      if word == "stable" { return result }
      var trimmed = Substring(numbers)
      while let first = trimmed.first, first == "." || first == "-" { trimmed = trimmed.dropFirst() }
      result += "-" + expand(word) + trimmed
    }
    if dev { result += "-dev" }
    return result
  }

  /// `VersionParser::normalize`; nil where Composer throws.
  static func normalize(_ text: String) -> String? {
    var version = text.trimmingCharacters(in: { isSpace($0) || $0 == "\0" })
    let words = version.split(separator: " ", omittingEmptySubsequences: true)
    if words.count == 3, words[1] == "as", !version.contains(where: { isSpace($0) && $0 != " " }),
      !words[0].contains(","), !words[2].contains(",")
    {
      version = String(words[0])
    }
    let lowered = version.lowercased()
    for flag in ["stable", "rc", "beta", "alpha", "dev"] where lowered.hasSuffix("@" + flag) {
      version = String(version.dropLast(flag.count + 1))
      break
    }
    if ["master", "trunk", "default"].contains(version) { return "dev-" + version }
    if version.lowercased().hasPrefix("dev-") { return "dev-" + version.dropFirst(4) }
    if let plus = version.firstIndex(of: "+") {
      let head = version[..<plus]
      let tail = version[version.index(after: plus)...]
      if !head.isEmpty, !head.contains(where: { $0 == "," || isSpace($0) }), !tail.isEmpty,
        !tail.contains(where: isSpace)
      {
        version = String(head)
      }
    }
    let characters = Array(version)
    var index = 0
    if index < characters.count, characters[index] == "v" || characters[index] == "V" { index += 1 }
    // Classical: up to five digits, then up to three ".digits".
    var position = index
    while position < characters.count, position - index < 5, isDigit(characters[position]) { position += 1 }
    if position > index, !(position < characters.count && isDigit(characters[position])) {
      var parts = [String(characters[index..<position])]
      while parts.count < 4, position + 1 < characters.count, characters[position] == ".",
        isDigit(characters[position + 1])
      {
        var end = position + 1
        while end < characters.count, isDigit(characters[end]) { end += 1 }
        parts.append(String(characters[(position + 1)..<end]))
        position = end
      }
      while parts.count < 4 { parts.append("0") }
      if let result = withModifier(parts.joined(separator: "."), Array(characters[position...])) { return result }
    }
    for end in dateEnds(characters, from: index) {
      let date = String(characters[index..<end].map { isDigit($0) ? $0 : "." })
      if let result = withModifier(date, Array(characters[end...])) { return result }
    }
    // Numeric branches: "1.x-dev", "2.3.*-dev".
    if version.lowercased().hasSuffix("dev") {
      var name = Substring(version.dropLast(3))
      if let last = name.last, last == "." || last == "-" { name = name.dropLast() }
      let trimmedName = String(name).trimmingCharacters(in: { isSpace($0) || $0 == "\0" })
      if let branch = normalizeBranch(trimmedName) { return branch }
    }
    return nil
  }

  static func normalizeBranch(_ name: String) -> String? {
    var body = Substring(name)
    if body.first == "v" || body.first == "V" { body = body.dropFirst() }
    let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...4).contains(pieces.count), let first = pieces.first, !first.isEmpty, first.allSatisfy(isDigit) else {
      return nil
    }
    var result = String(first)
    for piece in pieces.dropFirst() {
      if piece == "x" || piece == "X" || piece == "*" {
        result += ".x"
      } else if !piece.isEmpty, piece.allSatisfy(isDigit) {
        result += "." + piece
      } else {
        return nil
      }
    }
    for _ in pieces.count..<4 { result += ".x" }
    return result.replacingOccurrences(of: "x", with: "9999999") + "-dev"
  }

  /// PHP's canonicalisation (`-`, `_`, `+` and letter/digit boundaries become dots), split on dots.
  static func tokens(_ normalized: String) -> [ComposerVersion.Token] {
    var pieces: [String] = []
    var current = ""
    var lastWasDigit: Bool?
    for character in normalized {
      if character == "." || character == "-" || character == "_" || character == "+" || !(character.isLetter || isDigit(character)) {
        if !current.isEmpty { pieces.append(current) }
        current = ""
        lastWasDigit = nil
        continue
      }
      let digit = isDigit(character)
      if let lastWasDigit, lastWasDigit != digit, !current.isEmpty {
        pieces.append(current)
        current = ""
      }
      current.append(character)
      lastWasDigit = digit
    }
    if !current.isEmpty { pieces.append(current) }
    let cap = VersionNumber.small(UInt64(Int64.max))
    return pieces.map { piece in
      if piece.allSatisfy(isDigit), let number = VersionNumber(Substring(piece)) {
        return .number(min(number, cap))
      }
      for (name, rank) in [("dev", 0), ("alpha", 1), ("a", 1), ("beta", 2), ("b", 2), ("RC", 3), ("rc", 3), ("#", 4),
                           ("pl", 5), ("p", 5)] where piece.hasPrefix(name) {
        return .word(rank)
      }
      return .word(-1)
    }
  }
}

/// Composer's version scheme (Packagist).
public enum ComposerScheme: VersionScheme {
  /// "Packagist".
  public static let ecosystemName = "Packagist"
  /// Parses a Composer version.
  public static func parse(_ text: String) throws(VersionError) -> ComposerVersion { try ComposerVersion(text) }
}

/// A Composer version constraint (`^1.2`, `~1.2.3`, `>=1.0 <2.0`, `1.0.*`, `1.0 - 2.0`, `a || b`),
/// evaluated as composer/semver's `VersionParser::parseConstraints` and `Semver::satisfies` do.
///
/// As in Composer, `<V` and `>=V` include V's `-dev` pre-releases in the bound, `^`/`~`/wildcard
/// lower bounds include `-dev`, and a bound naming a branch (`dev-main`) matches no version.
public struct ComposerConstraint: Sendable, CustomStringConvertible {
  /// One comparison against a normalised bound.
  public struct Comparison: Sendable {
    /// `<`, `<=`, `>`, `>=`, `==` or `!=`.
    public let op: String
    /// The bound, nil when it names a branch.
    public let version: ComposerVersion?
  }

  /// Alternatives (`||`), each a conjunction; an empty conjunction matches everything.
  public let alternatives: [[Comparison]]
  /// The constraint as given.
  public let description: String

  /// Parses a constraint.
  public init(_ text: String) throws(VersionError) {
    let fail = VersionError.rangeFailure(text, ComposerScheme.ecosystemName)
    description = text
    var parsed: [[Comparison]] = []
    let trimmed = text.trimmingCharacters(in: { ComposerNormalizer.isSpace($0) || $0 == "\0" })
    for alternative in trimmed.replacingOccurrences(of: "||", with: "|").split(separator: "|", omittingEmptySubsequences: false) {
      let pieces = Self.andSplit(Substring(String(alternative).trimmingCharacters(in: { ComposerNormalizer.isSpace($0) })))
      var comparisons: [Comparison] = []
      for piece in pieces {
        guard let parsedPiece = Self.parseOne(piece) else { throw fail("cannot parse \"\(piece)\"") }
        comparisons += parsedPiece
      }
      parsed.append(comparisons)
    }
    alternatives = parsed
  }

  /// True when `version` satisfies some alternative.
  public func isSatisfied(by version: ComposerVersion) -> Bool {
    alternatives.contains { all in
      all.allSatisfy { comparison in
        guard let bound = comparison.version else { return comparison.op == "!=" }
        let order = version.compare(to: bound)
        switch comparison.op {
        case "<": return order < 0
        case "<=": return order <= 0
        case ">": return order > 0
        case ">=": return order >= 0
        case "!=": return order != 0
        default: return order == 0
        }
      }
    }
  }

  /// The groups of Composer's version pattern `v?N(.N)?(.N)?(.N)?(modifier|.x-dev)(+build)?`.
  struct Groups {
    var numbers: [String?]
    var word: String?
    var dev: Bool
    var xDev: Bool
  }

  static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

  /// Matches the whole of `text` against the version pattern (case-insensitive).
  static func groups(_ text: Substring) -> Groups? {
    let characters = Array(text)
    var index = 0
    if index < characters.count, characters[index] == "v" || characters[index] == "V" { index += 1 }
    var numbers: [String?] = []
    while numbers.count < 4 {
      if !numbers.isEmpty {
        guard index + 1 < characters.count, characters[index] == ".", isDigit(characters[index + 1]) else { break }
        index += 1
      }
      let start = index
      while index < characters.count, isDigit(characters[index]) { index += 1 }
      guard index > start else { return nil }
      numbers.append(String(characters[start..<index]))
    }
    while numbers.count < 4 { numbers.append(nil) }
    var rest = Array(characters[index...])
    if let plus = rest.firstIndex(of: "+") {
      let build = rest[(plus + 1)...]
      if !build.isEmpty, !build.contains(where: ComposerNormalizer.isSpace) { rest = Array(rest[..<plus]) }
    }
    if let (word, _, dev) = ComposerNormalizer.modifier(rest) {
      return Groups(numbers: numbers, word: word, dev: dev, xDev: false)
    }
    let lower = String(rest).lowercased()
    if [".x-dev", ".x.dev", ".xdev", ".*-dev", ".*.dev", ".*dev"].contains(lower) {
      return Groups(numbers: numbers, word: nil, dev: false, xDev: true)
    }
    return nil
  }

  /// composer/semver's `manipulateVersionString`: zero below `position`, add `increment` at it.
  static func manipulate(_ numbers: [String?], position: Int, increment: UInt64 = 0) -> String {
    var parts = numbers.map { $0 ?? "" }
    for index in stride(from: 3, through: 0, by: -1) {
      if index + 1 > position {
        parts[index] = "0"
      } else if index + 1 == position, increment > 0 {
        let current = VersionNumber(Substring(parts[index])) ?? .zero
        var next = current
        for _ in 0..<increment { next = next.successor }
        parts[index] = next.description
      }
    }
    return parts.joined(separator: ".")
  }

  /// Normalises `text` (nil where Composer throws or it names a branch).
  static func normalized(_ text: String) -> ComposerVersion? { try? ComposerVersion(text) }

  /// `preg_split('{(?<!^|as|[=>< ,]) *(?<!-)[, ](?!-) *(?!,|as|$)}', …)`: splits at a comma or
  /// space unless an operator, `as`, or a hyphen is adjacent.
  static func andSplit(_ text: Substring) -> [String] {
    let characters = Array(text)
    var pieces: [String] = []
    var current = ""
    var index = 0
    while index < characters.count {
      let character = characters[index]
      guard character == " " || character == "," else {
        current.append(character)
        index += 1
        continue
      }
      var end = index
      while end < characters.count, characters[end] == " " || characters[end] == "," { end += 1 }
      let run = Array(characters[index..<end])
      let before: Character? = index > 0 ? characters[index - 1] : nil
      let after = Array(characters[end...])
      let afterText = String(after.prefix(2))
      var split = false
      if let before, !"=><,".contains(before), !current.hasSuffix("as"), !after.isEmpty, after.first != ",",
        afterText != "as"
      {
        let separators = run.indices.filter { run[$0] == "," }
        let candidates = separators.count > 1 ? [] : (separators.isEmpty ? Array(run.indices) : separators)
        for k in candidates where run[..<k].allSatisfy({ $0 == " " }) && run[(k + 1)...].allSatisfy({ $0 == " " }) {
          let previous = k == 0 ? before : run[k - 1]
          let next = k + 1 < run.count ? run[k + 1] : after.first
          if previous != "-" && next != "-" { split = true; break }
        }
      }
      if split {
        pieces.append(current)
        current = ""
      } else {
        current += String(run)
      }
      index = end
    }
    pieces.append(current)
    return pieces
  }

  /// One AND-piece, as `VersionParser::parseConstraint`; nil where Composer throws.
  static func parseOne(_ raw: String) -> [Comparison]? {
    var constraint = raw
    let words = constraint.split(separator: " ", omittingEmptySubsequences: true)
    if words.count == 3, words[1] == "as", !words[0].contains(","), !words[2].contains(",") {
      constraint = String(words[0])
    }
    var stabilityModifier: String?
    if let at = constraint.lastIndex(of: "@") {
      let flag = constraint[constraint.index(after: at)...].lowercased()
      let head = constraint[..<at]
      if ["stable", "rc", "beta", "alpha", "dev"].contains(flag),
        !head.contains(where: { $0 == "," || ComposerNormalizer.isSpace($0) })
      {
        let original = String(constraint[constraint.index(after: at)...])
        constraint = head.isEmpty ? "*" : String(head)
        if original != "stable" { stabilityModifier = original }
      }
    }
    let characters = Array(constraint)
    if !characters.isEmpty {
      var body = Substring(constraint)
      let hadV = body.first == "v" || body.first == "V"
      if hadV { body = body.dropFirst() }
      let parts = body.split(separator: ".", omittingEmptySubsequences: false)
      if !parts.isEmpty, parts.allSatisfy({ $0 == "x" || $0 == "X" || $0 == "*" }) {
        if hadV || parts.count > 1 {
          return normalized("0.0.0.0-dev").map { [Comparison(op: ">=", version: $0)] }
        }
        return []
      }
    }
    // Tilde and caret.
    if let first = constraint.first, first == "~" || first == "^" {
      if constraint.hasPrefix("~>") { return nil }
      guard let match = groups(constraint.dropFirst()) else { return nil }
      let present = match.numbers.prefix { $0 != nil }.count
      var position: Int
      if first == "~" {
        position = max(1, present)
        if match.xDev { position += 1 }
      } else if match.numbers[0] != "0" || match.numbers[1] == nil {
        position = 1
      } else if match.numbers[1] != "0" || match.numbers[2] == nil {
        position = 2
      } else {
        position = 3
      }
      let suffix = (match.word == nil && !match.dev && !match.xDev) ? "-dev" : ""
      guard let low = normalized(String(constraint.dropFirst()) + suffix) else { return nil }
      let highPosition = first == "~" ? max(1, position - 1) : position
      let high = ComposerVersion(normalized: manipulate(match.numbers, position: highPosition, increment: 1) + "-dev")
      return [Comparison(op: ">=", version: low), Comparison(op: "<", version: high)]
    }
    // Wildcards: 1.*, 1.2.x.
    if let match = wildcard(constraint) {
      let position = match.prefix { $0 != nil }.count
      let low = ComposerVersion(normalized: manipulate(match, position: position) + "-dev")
      let high = ComposerVersion(normalized: manipulate(match, position: position, increment: 1) + "-dev")
      if low.normalized == "0.0.0.0-dev" { return [Comparison(op: "<", version: high)] }
      return [Comparison(op: ">=", version: low), Comparison(op: "<", version: high)]
    }
    // Hyphen ranges.
    if let dash = constraint.range(of: " - ") {
      let fromText = String(constraint[..<dash.lowerBound]).trimmingCharacters(in: { $0 == " " })
      let toText = String(constraint[dash.upperBound...]).trimmingCharacters(in: { $0 == " " })
      guard let from = groups(Substring(fromText)), let to = groups(Substring(toText)),
        let fromVersion = normalized(fromText)
      else { return nil }
      let low = ComposerVersion(
        normalized: fromVersion.normalized + ((from.word == nil && !from.dev && !from.xDev) ? "-dev" : ""))
      let upper: Comparison
      if (to.numbers[1] != nil && to.numbers[2] != nil) || to.word != nil || to.dev || to.xDev {
        guard let high = normalized(toText) else { return nil }
        upper = Comparison(op: "<=", version: high)
      } else {
        guard normalized(toText) != nil else { return nil }
        let high = ComposerVersion(
          normalized: manipulate(to.numbers, position: to.numbers[1] == nil ? 1 : 2, increment: 1) + "-dev")
        upper = Comparison(op: "<", version: high)
      }
      return [Comparison(op: ">=", version: low), upper]
    }
    // Basic comparators.
    var rest = Substring(constraint)
    let op = rest.leadingOperator(among: ["<>", "!=", ">=", "<=", "==", ">", "<", "="]) ?? ""
    rest = rest.dropFirst(op.count)
    while let first = rest.first, ComposerNormalizer.isSpace(first) { rest = rest.dropFirst() }
    let operand = String(rest)
    var normalizedOperand = ComposerNormalizer.normalize(operand)
    if normalizedOperand == nil, operand.hasSuffix("-dev"),
      operand.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-./".contains($0)) })
    {
      normalizedOperand = ComposerNormalizer.normalize("dev-" + operand.dropLast(4))
    }
    guard var bound = normalizedOperand else { return nil }
    let finalOp = op.isEmpty || op == "=" ? "==" : (op == "<>" ? "!=" : op)
    if op != "==" && op != "=" && !op.isEmpty, let stabilityModifier, !["-alpha", "-beta", "-RC", "-dev"].contains(where: { bound.contains($0) }) {
      bound += "-" + stabilityModifier
    } else if op == "<" || op == ">=" {
      let lowered = Array(operand.lowercased())
      let hasModifier = lowered.indices.contains { index in
        lowered[index] == "-" && ComposerNormalizer.modifier(Array(lowered[(index + 1)...]), caseSensitive: true) != nil
      }
      if !hasModifier && !operand.hasPrefix("dev-") { bound += "-dev" }
    }
    if bound.hasPrefix("dev-") { return [Comparison(op: finalOp, version: nil)] }
    return [Comparison(op: finalOp, version: ComposerVersion(normalized: bound))]
  }

  /// `^v?(\d++)(?:\.(\d++))?(?:\.(\d++))?(?:\.[xX*])++$`: the numbers before the wildcards.
  static func wildcard(_ text: String) -> [String?]? {
    var body = Substring(text)
    if body.first == "v" || body.first == "V" { body = body.dropFirst() }
    let parts = body.split(separator: ".", omittingEmptySubsequences: false)
    guard let firstWildcard = parts.firstIndex(where: { $0 == "x" || $0 == "X" || $0 == "*" }), firstWildcard >= 1,
      firstWildcard <= 3, parts[firstWildcard...].allSatisfy({ $0 == "x" || $0 == "X" || $0 == "*" }),
      parts[..<firstWildcard].allSatisfy({ !$0.isEmpty && $0.allSatisfy(isDigit) })
    else { return nil }
    var numbers: [String?] = parts[..<firstWildcard].map { String($0) }
    while numbers.count < 4 { numbers.append(nil) }
    return numbers
  }
}
