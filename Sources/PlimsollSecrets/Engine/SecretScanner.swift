import PlimsollIO
import Foundation
import PlimsollDiagnostics
import PlimsollFindings

/// Why a rule set or configuration cannot be used.
public enum SecretScannerError: LocalizedError, Equatable {
  /// A rule's regular expression does not compile.
  case invalidRegex(rule: String, pattern: String, reason: String)
  /// A rule has neither keywords nor a path pattern, so it could never run.
  case noKeywords(rule: String)
  /// Two rules share an id.
  case duplicateRule(String)
  /// An allow-list regular expression or glob does not compile.
  case invalidAllowPattern(String, reason: String)

  public var errorDescription: String? {
    switch self {
    case .invalidRegex(let rule, let pattern, let reason):
      "secret rule '\(rule)': invalid regular expression '\(pattern)': \(reason)"
    case .noKeywords(let rule):
      "secret rule '\(rule)': needs at least one keyword or a path pattern"
    case .duplicateRule(let id):
      "secret rule '\(id)' is defined twice"
    case .invalidAllowPattern(let pattern, let reason):
      "allow-list pattern '\(pattern)': \(reason)"
    }
  }
}

/// A rule with its regular expressions compiled once.
struct CompiledSecretRule: Sendable {
  let rule: SecretRule
  let regex: CompiledRegex
  let allow: [CompiledRegex]
  let path: CompiledRegex?
  /// The rule's stopwords as lower-case UTF-8.
  let stopwords: [[UInt8]]

  init(_ rule: SecretRule) throws {
    self.rule = rule
    stopwords = rule.stopwords.map { Array($0.lowercased().utf8) }
    do {
      regex = try CompiledRegex(rule.regex)
    } catch {
      throw SecretScannerError.invalidRegex(
        rule: rule.id, pattern: rule.regex, reason: error.localizedDescription)
    }
    var allow: [CompiledRegex] = []
    for pattern in rule.allow {
      do {
        allow.append(try CompiledRegex(pattern))
      } catch {
        throw SecretScannerError.invalidRegex(
          rule: rule.id, pattern: pattern, reason: error.localizedDescription)
      }
    }
    self.allow = allow
    if let pattern = rule.path {
      do {
        path = try CompiledRegex(pattern)
      } catch {
        throw SecretScannerError.invalidRegex(
          rule: rule.id, pattern: pattern, reason: error.localizedDescription)
      }
    } else {
      path = nil
    }
    if rule.keywords.allSatisfy(\.isEmpty) && rule.path == nil {
      throw SecretScannerError.noKeywords(rule: rule.id)
    }
  }
}

/// The secret engine: a keyword prefilter over raw bytes picks candidate windows, and only
/// the rules whose keywords hit run their regular expression there.
///
/// Immutable and `Sendable`: build one and share it across every file and thread.
public struct SecretScanner: Sendable {
  /// Files larger than this are skipped (and counted) rather than read.
  public static let defaultMaxFileSize = 10 * 1024 * 1024
  /// How far a candidate window reaches on each side of a keyword within one long line.
  static let maxLineSpan = 4096
  /// The largest multi-line window (private key blocks).
  static let maxWindow = 64 * 1024
  /// Context on each side of a hit that makes an earlier window count as having seen it.
  static let seenMargin = 1024
  /// The largest file a path rule reads whole.
  static let maxPathRuleFile = 1024 * 1024

  /// The rules this scanner runs, in table order.
  public let rules: [SecretRule]
  /// Files above this size are skipped.
  public let maxFileSize: Int
  let compiled: [CompiledSecretRule]
  let automaton: KeywordAutomaton
  /// Keyword index -> the rules that keyword belongs to.
  let rulesForKeyword: [[Int]]
  /// Keyword index -> its length in bytes.
  let keywordLengths: [Int]
  /// Rules that run on whole files whose path matches.
  let pathRules: [Int]
  let allowPaths: [PathGlob]
  let allowRegexes: [CompiledRegex]
  /// What the keyword loop needs of each rule, without copying the rule.
  let shapes: [RuleShape]

  /// A rule's gate and window, read once per keyword hit.
  struct RuleShape: Sendable {
    let gate: SecretGate
    let linesBefore: Int
    let linesAfter: Int
  }

  /// Compiles `rules` once; throws on a bad regular expression or a rule that cannot run.
  public init(rules: [SecretRule] = SecretRules.all, allowPaths: [String] = [],
              allowRegexes: [String] = [], maxFileSize: Int = SecretScanner.defaultMaxFileSize)
    throws
  {
    var seen = Set<String>()
    for rule in rules where !seen.insert(rule.id).inserted {
      throw SecretScannerError.duplicateRule(rule.id)
    }
    self.rules = rules
    self.maxFileSize = maxFileSize
    compiled = try rules.map(CompiledSecretRule.init)
    shapes = rules.map {
      RuleShape(gate: $0.gate, linesBefore: $0.linesBefore, linesAfter: $0.linesAfter)
    }
    var keywordIndex: [String: Int] = [:]
    var keywords: [String] = []
    var owners: [[Int]] = []
    var pathRules: [Int] = []
    for (ruleIndex, rule) in rules.enumerated() {
      if rule.path != nil { pathRules.append(ruleIndex) }
      for keyword in Set(rule.keywords) where !keyword.isEmpty {
        if let existing = keywordIndex[keyword] {
          owners[existing].append(ruleIndex)
        } else {
          keywordIndex[keyword] = keywords.count
          keywords.append(keyword)
          owners.append([ruleIndex])
        }
      }
    }
    automaton = KeywordAutomaton(keywords: keywords)
    keywordLengths = automaton.keywords.map(\.count)
    rulesForKeyword = owners
    self.pathRules = pathRules
    do {
      self.allowPaths = try allowPaths.map(PathGlob.init)
    } catch {
      throw SecretScannerError.invalidAllowPattern(
        allowPaths.joined(separator: ", "), reason: error.localizedDescription)
    }
    var regexes: [CompiledRegex] = []
    for pattern in allowRegexes {
      do {
        regexes.append(try CompiledRegex(pattern))
      } catch {
        throw SecretScannerError.invalidAllowPattern(pattern, reason: error.localizedDescription)
      }
    }
    self.allowRegexes = regexes
  }

  /// Whether the bytes look binary: a NUL byte in the first 8 KiB.
  public static func isBinary(_ bytes: UnsafeRawBufferPointer) -> Bool {
    let prefix = min(bytes.count, 8192)
    guard prefix > 0, let base = bytes.baseAddress else { return false }
    return memchr(base, 0, prefix) != nil
  }

  /// Whether the allow-list excludes this path.
  public func isAllowed(path: String) -> Bool {
    allowPaths.contains { $0.matches(path) }
  }

  /// Scans one file's contents, applying the path allow-list, the binary test and the size
  /// limit, and says which of them (if any) made it skip.
  /// With a `deadline`, the search stops there and reports what it found so far.
  public func scanFile(bytes: UnsafeRawBufferPointer, path: String,
                       deadline: ContinuousClock.Instant? = nil) -> SecretScanOutcome {
    if isAllowed(path: path) { return .skippedAllowedPath }
    if bytes.count > maxFileSize { return .skippedTooLarge(bytes.count) }
    if Self.isBinary(bytes) { return .skippedBinary }
    return .scanned(scan(bytes: bytes, path: path, deadline: deadline))
  }

  /// Scans one file's contents (no binary test or size limit: see `scanFile`).
  public func scan(bytes: [UInt8], path: String) -> [SecretMatch] {
    bytes.withUnsafeBytes { scan(bytes: $0, path: path) }
  }

  /// Scans text that is not a file: an image's `Env` entry, a label, a history line.
  public func scanText(_ text: String, origin: String) -> [SecretMatch] {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBytes { scan(bytes: UnsafeRawBufferPointer($0), path: origin) }
  }

  /// Scans one file's contents (no binary test or size limit: see `scanFile`), stopping at
  /// `deadline` if one is given.
  public func scan(bytes: UnsafeRawBufferPointer, path: String,
                   deadline: ContinuousClock.Instant? = nil) -> [SecretMatch] {
    var context = ScanContext(bytes: bytes, path: path, scanner: self)
    for ruleIndex in pathRules {
      guard let pattern = compiled[ruleIndex].path, pattern.firstMatch(in: path) != nil else {
        continue
      }
      let end = min(bytes.count, Self.maxPathRuleFile)
      context.run(ruleIndex: ruleIndex, window: 0..<end)
    }
    var flatHits: [Int] = []
    automaton.collect(in: bytes, into: &flatHits)
    var windowStart = [Int](repeating: 0, count: compiled.count)
    var windowEnd = [Int](repeating: -1, count: compiled.count)
    var hitIndex = 0
    while hitIndex + 1 < flatHits.count {
      // The clock is read every 128 hits: cheap, and a regular expression run is bounded by
      // its window, so the overshoot is small.
      if let deadline, hitIndex % 256 == 0, ContinuousClock.now >= deadline { break }
      let hit = (keyword: flatHits[hitIndex], end: flatHits[hitIndex + 1])
      hitIndex += 2
      let start = hit.end - keywordLengths[hit.keyword]
      for ruleIndex in rulesForKeyword[hit.keyword] {
        let shape = shapes[ruleIndex]
        guard SecretGateCheck.passes(shape.gate, bytes: bytes, hit: start..<hit.end) else {
          continue
        }
        let window = context.window(around: start..<hit.end, linesBefore: shape.linesBefore,
                                    linesAfter: shape.linesAfter)
        if window.upperBound <= windowEnd[ruleIndex] { continue }
        // Inside a long line, a hit well inside the last window this rule saw was already
        // seen with its context: skipping it keeps hostile one-line inputs linear.
        if start - Self.seenMargin >= windowStart[ruleIndex]
          && hit.end + Self.seenMargin <= windowEnd[ruleIndex]
        {
          continue
        }
        windowStart[ruleIndex] = window.lowerBound
        windowEnd[ruleIndex] = window.upperBound
        context.run(ruleIndex: ruleIndex, window: window)
      }
    }
    return context.finish()
  }
}

/// One candidate before masking: kept only inside a scan.
struct Candidate {
  let ruleIndex: Int
  let line: Int
  let endLine: Int
  let secret: String
}

/// The state of one scan: the bytes, a line counter, and the candidates found so far.
struct ScanContext {
  let bytes: UnsafeRawBufferPointer
  let path: String
  let scanner: SecretScanner
  var candidates: [Candidate] = []
  /// Line counting resumes from the last position asked for (windows arrive in order).
  var countedOffset = 0
  var countedLine = 1

  init(bytes: UnsafeRawBufferPointer, path: String, scanner: SecretScanner) {
    self.bytes = bytes
    self.path = path
    self.scanner = scanner
  }

  /// The 1-based line holding byte `offset`.
  mutating func line(at offset: Int) -> Int {
    if offset < countedOffset {
      var index = offset
      while index < countedOffset {
        if bytes[index] == 0x0A { countedLine -= 1 }
        index += 1
      }
      countedOffset = offset
      return countedLine
    }
    var index = countedOffset
    var line = countedLine
    while index < offset {
      if bytes[index] == 0x0A { line += 1 }
      index += 1
    }
    countedOffset = offset
    countedLine = line
    return line
  }

  func lineStart(before offset: Int) -> Int {
    let floor = max(0, offset - SecretScanner.maxLineSpan)
    var index = offset
    while index > floor {
      if bytes[index - 1] == 0x0A { return index }
      index -= 1
    }
    return floor
  }

  func lineEnd(from offset: Int) -> Int {
    let ceiling = min(bytes.count, offset + SecretScanner.maxLineSpan)
    var index = offset
    while index < ceiling {
      if bytes[index] == 0x0A { return index }
      index += 1
    }
    return ceiling
  }

  /// The lines around a keyword hit, widened by the rule's context lines.
  func window(around hit: Range<Int>, linesBefore: Int, linesAfter: Int) -> Range<Int> {
    var start = lineStart(before: hit.lowerBound)
    for _ in 0..<linesBefore where start > 0 {
      start = lineStart(before: start - 1)
    }
    var end = lineEnd(from: hit.upperBound)
    let limit = min(bytes.count, start + SecretScanner.maxWindow)
    for _ in 0..<linesAfter where end < limit {
      end = min(limit, lineEnd(from: end + 1))
    }
    return start..<max(end, hit.upperBound)
  }

  /// Runs one rule's regular expression over one window and keeps what survives the
  /// allow-lists and checks.
  mutating func run(ruleIndex: Int, window: Range<Int>) {
    let compiled = scanner.compiled[ruleIndex]
    let rule = compiled.rule
    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[window]), as: UTF8.self)
    let results = compiled.regex.matches(in: text)
    guard !results.isEmpty else { return }
    var firstLine: Int?
    let utf16 = Array(text.utf16)
    var newlineOffsets: [Int] = []
    for (offset, unit) in utf16.enumerated() where unit == 0x0A { newlineOffsets.append(offset) }
    var allowedLines: [Int: Bool] = [:]
    for result in results {
      guard let secretRange = Self.secretRange(result, group: rule.secretGroup),
        let secretSwiftRange = Range(secretRange, in: text),
        let wholeRange = Range(result.range, in: text)
      else { continue }
      let secret = String(text[secretSwiftRange])
      let whole = String(text[wholeRange])
      guard accepts(secret: secret, whole: whole, rule: compiled) else { continue }
      let matchLine = Self.newlinesBefore(result.range.location, in: newlineOffsets)
      let allowed = allowedLines[matchLine] ?? {
        let start = matchLine == 0 ? 0 : newlineOffsets[matchLine - 1] + 1
        let end = matchLine < newlineOffsets.count ? newlineOffsets[matchLine] : utf16.count
        let marked = String(decoding: utf16[start..<end], as: UTF16.self)
          .contains("plimsoll:allow")
        allowedLines[matchLine] = marked
        return marked
      }()
      if allowed { continue }
      let windowLine = firstLine ?? line(at: window.lowerBound)
      firstLine = windowLine
      // Lines of the secret itself (a multi-line .netrc entry reports its password line).
      let startLine = windowLine + Self.newlinesBefore(secretRange.location, in: newlineOffsets)
      let endLine = windowLine + Self.newlinesBefore(
        max(secretRange.location, NSMaxRange(secretRange) - 1), in: newlineOffsets)
      candidates.append(Candidate(ruleIndex: ruleIndex, line: startLine, endLine: endLine,
                                  secret: secret))
    }
  }

  /// How many of the (sorted) newline offsets lie before `offset`.
  static func newlinesBefore(_ offset: Int, in newlineOffsets: [Int]) -> Int {
    var low = 0
    var high = newlineOffsets.count
    while low < high {
      let middle = (low + high) / 2
      if newlineOffsets[middle] < offset { low = middle + 1 } else { high = middle }
    }
    return low
  }

  func accepts(secret: String, whole: String, rule compiled: CompiledSecretRule) -> Bool {
    let rule = compiled.rule
    let bytes = Array(secret.utf8)
    guard !bytes.isEmpty else { return false }
    if SecretText.entropy(bytes) < (rule.entropy ?? 2.0) { return false }
    let lower = SecretText.lowered(bytes)
    if SecretText.isPlaceholder(bytes, lowered: lower) { return false }
    if compiled.stopwords.contains(where: { SecretText.contains(lower, $0) }) { return false }
    if compiled.allow.contains(where: { $0.firstMatch(in: secret) != nil }) { return false }
    if scanner.allowRegexes.contains(where: {
      $0.firstMatch(in: secret) != nil || $0.firstMatch(in: whole) != nil
    }) {
      return false
    }
    return SecretText.passes(rule.check, secret)
  }

  static func secretRange(_ result: NSTextCheckingResult, group: Int?) -> NSRange? {
    if let group {
      guard group < result.numberOfRanges else { return nil }
      let range = result.range(at: group)
      return range.location == NSNotFound ? nil : range
    }
    for index in 1..<max(1, result.numberOfRanges) {
      let range = result.range(at: index)
      if range.location != NSNotFound { return range }
    }
    return result.range
  }

  /// Deduplicates, lets specific rules win over generic ones on the same secret, masks.
  func finish() -> [SecretMatch] {
    var unique: [Candidate] = []
    var seen = Set<String>()
    for candidate in candidates {
      let key = "\(candidate.ruleIndex)\u{0}\(candidate.line)\u{0}\(candidate.secret)"
      if seen.insert(key).inserted { unique.append(candidate) }
    }
    let rules = scanner.compiled
    // Candidates of contextual or prefixed rules, by each line they cover: a candidate is
    // compared only with more specific ones on its own lines.
    var specificByLine: [Int: [Int]] = [:]
    for (index, candidate) in unique.enumerated()
    where rules[candidate.ruleIndex].rule.specificity > .generic {
      for line in candidate.line...max(candidate.line, candidate.endLine) {
        specificByLine[line, default: []].append(index)
      }
    }
    let kept = unique.filter { candidate in
      let mine = rules[candidate.ruleIndex].rule.specificity
      for line in candidate.line...max(candidate.line, candidate.endLine) {
        for index in specificByLine[line] ?? [] {
          let other = unique[index]
          if other.ruleIndex != candidate.ruleIndex
            && rules[other.ruleIndex].rule.specificity > mine
            && (other.secret.contains(candidate.secret) || candidate.secret.contains(other.secret))
          {
            return false
          }
        }
      }
      return true
    }
    return kept.map { candidate in
      let rule = rules[candidate.ruleIndex].rule
      return SecretMatch(
        ruleID: rule.id, title: rule.title, severity: rule.severity, path: path,
        line: candidate.line, endLine: candidate.endLine,
        maskedSecret: SecretText.mask(Self.displaySecret(candidate.secret)),
        fingerprint: Digest.sha256(Data((rule.id + "\u{0}" + candidate.secret).utf8)).hex)
    }.sorted { ($0.line, $0.ruleID) < ($1.line, $1.ruleID) }
  }

  /// The secret trimmed of whitespace and `\n` escapes, for masking (PEM bodies).
  static func displaySecret(_ secret: String) -> String {
    var text = Substring(secret)
    while let first = text.first, first.isWhitespace || first == "\\" || first == "\"" {
      text = text.dropFirst()
      if text.first == "n" && first == "\\" { text = text.dropFirst() }
    }
    return String(text)
  }
}

extension SecretScannerError: UnusableInput {}
