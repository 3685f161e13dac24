import Foundation

/// A TOML 1.0 value (toml.io/en/v1.0.0). Dates and times keep the text they were written as.
public enum TOMLValue: Equatable, Sendable {
  case string(String)
  case integer(Int64)
  case float(Double)
  case boolean(Bool)
  /// An offset or local date-time, a local date or a local time, as written.
  case dateTime(String)
  case array([TOMLValue])
  case table([String: TOMLValue])
}

/// Why a TOML document was refused: the line and column (from 1) and the problem.
public struct TOMLError: Error, Equatable, CustomStringConvertible, Sendable {
  public var line: Int
  public var column: Int
  public var problem: String
  public var description: String { "\(problem) (line \(line), column \(column))" }
}

/// Reads TOML 1.0 documents (lock files, advisory front matter): every kind of key, string,
/// number, date and table the specification defines, and its rules (no key or table defined
/// twice, inline tables and static arrays closed, dotted keys not reopening a `[table]`,
/// integers beyond 64 bits refused). A leading UTF-8 byte order mark is skipped. The whole tree
/// is plain Swift values, so nothing outlives the call (TOMLKit, used before, leaked every
/// table it parsed: AddressSanitizer's leak check found it).
public enum TOMLDocument {
  /// The root table of `text`.
  public static func parse(_ text: String) throws(TOMLError) -> [String: TOMLValue] {
    var parser = TOMLParser(Array(text.utf8))
    return try parser.document()
  }

  /// Decodes `T` from `text` (tables as keyed containers, arrays as unkeyed ones; dates and
  /// times as strings, non-finite floats as their TOML text).
  public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
    let root = try parse(text)
    let data = try JSONSerialization.data(withJSONObject: foundation(.table(root)))
    return try JSONDecoder().decode(type, from: data)
  }

  static func foundation(_ value: TOMLValue) -> Any {
    switch value {
    case .string(let text), .dateTime(let text): text
    case .integer(let number): NSNumber(value: number)
    case .float(let number): number.isFinite ? NSNumber(value: number) : (number.isNaN ? "nan" : number > 0 ? "inf" : "-inf")
    case .boolean(let flag): flag
    case .array(let items): items.map(foundation)
    case .table(let entries): entries.mapValues(foundation)
    }
  }
}

/// The tree while it is built: tables are shared so that headers can reopen them.
private final class TOMLTableNode {
  enum Kind {
    /// Created on the way to a `[header]` (may be defined by its own header later).
    case implicit
    /// Defined by a `[header]` or an element of `[[array]]`.
    case header
    /// Created by a dotted key (may be extended only by dotted keys of the same table).
    case dotted
    /// An inline table: closed.
    case inline
  }
  enum Entry {
    case value(TOMLValue)
    case table(TOMLTableNode)
    case tables([TOMLTableNode])
  }
  var kind: Kind
  var entries: [String: Entry] = [:]
  init(_ kind: Kind) { self.kind = kind }

  var value: TOMLValue {
    .table(entries.mapValues { entry in
      switch entry {
      case .value(let value): value
      case .table(let table): table.value
      case .tables(let tables): .array(tables.map(\.value))
      }
    })
  }
}

private struct TOMLParser {
  let bytes: [UInt8]
  var index = 0
  var line = 1
  var lineStart = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
  func peek(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

  func fail(_ problem: String) -> TOMLError {
    TOMLError(line: line, column: index - lineStart + 1, problem: problem)
  }

  // MARK: - Document structure

  mutating func document() throws(TOMLError) -> [String: TOMLValue] {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3; lineStart = 3 }
    let root = TOMLTableNode(.header)
    var current = root
    while true {
      skipBlank()
      guard let byte = peek else { break }
      switch byte {
      case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        try endOfLine()
      case UInt8(ascii: "["):
        let isArray = peek(1) == UInt8(ascii: "[")
        index += isArray ? 2 : 1
        skipBlank()
        let key = try dottedKey()
        skipBlank()
        guard peek == UInt8(ascii: "]"), !isArray || peek(1) == UInt8(ascii: "]") else {
          throw fail(isArray ? "expected ]] to close the array of tables header" : "expected ] to close the table header")
        }
        index += isArray ? 2 : 1
        current = try isArray ? appendTable(root, key) : defineTable(root, key)
        try endOfLine()
      default:
        try keyValue(into: current)
        try endOfLine()
      }
    }
    guard case .table(let entries) = root.value else { return [:] }
    return entries
  }

  /// `[a.b.c]`: walks `a.b` (reopening tables, the last element of arrays of tables) and
  /// defines `c` once.
  mutating func defineTable(_ root: TOMLTableNode, _ key: [String]) throws(TOMLError) -> TOMLTableNode {
    let parent = try walk(root, key.dropLast())
    let name = key[key.count - 1]
    switch parent.entries[name] {
    case nil:
      let table = TOMLTableNode(.header)
      parent.entries[name] = .table(table)
      return table
    case .table(let table) where table.kind == .implicit:
      table.kind = .header
      return table
    default:
      throw fail("table [\(key.joined(separator: "."))] is defined twice")
    }
  }

  /// `[[a.b.c]]`: a new table at the end of the array of tables `c`.
  mutating func appendTable(_ root: TOMLTableNode, _ key: [String]) throws(TOMLError) -> TOMLTableNode {
    let parent = try walk(root, key.dropLast())
    let name = key[key.count - 1]
    let table = TOMLTableNode(.header)
    switch parent.entries[name] {
    case nil: parent.entries[name] = .tables([table])
    case .tables(let tables): parent.entries[name] = .tables(tables + [table])
    default: throw fail("[[\(key.joined(separator: "."))]] names a key that is not an array of tables")
    }
    return table
  }

  /// The table a header's leading keys lead to, creating implicit tables on the way.
  mutating func walk(_ root: TOMLTableNode, _ keys: ArraySlice<String>) throws(TOMLError) -> TOMLTableNode {
    var table = root
    for name in keys {
      switch table.entries[name] {
      case nil:
        let next = TOMLTableNode(.implicit)
        table.entries[name] = .table(next)
        table = next
      case .table(let next) where next.kind != .inline:
        table = next
      case .tables(let tables):
        guard let last = tables.last else { throw fail("empty array of tables \(name)") }
        table = last
      default:
        throw fail("key \(name) is not a table")
      }
    }
    return table
  }

  /// `a.b.c = value` in `table`: dotted keys create tables, and extend only tables that dotted
  /// keys created.
  mutating func keyValue(into table: TOMLTableNode) throws(TOMLError) {
    let at = fail("")
    let key = try dottedKey()
    skipBlank()
    guard peek == UInt8(ascii: "=") else { throw fail("expected = after the key \(key.joined(separator: "."))") }
    index += 1
    skipBlank()
    let value = try self.value()
    var target = table
    for name in key.dropLast() {
      switch target.entries[name] {
      case nil:
        let next = TOMLTableNode(.dotted)
        target.entries[name] = .table(next)
        target = next
      case .table(let next) where next.kind == .dotted:
        target = next
      default:
        throw TOMLError(line: at.line, column: at.column,
                        problem: "dotted key \(key.joined(separator: ".")) extends a value or a table defined elsewhere")
      }
    }
    let name = key[key.count - 1]
    guard target.entries[name] == nil else {
      throw TOMLError(line: at.line, column: at.column, problem: "key \(key.joined(separator: ".")) is defined twice")
    }
    target.entries[name] = .value(value)
  }

  // MARK: - Keys

  mutating func dottedKey() throws(TOMLError) -> [String] {
    var parts = [try simpleKey()]
    while true {
      let mark = index
      skipBlank()
      guard peek == UInt8(ascii: ".") else { index = mark; return parts }
      index += 1
      skipBlank()
      parts.append(try simpleKey())
    }
  }

  mutating func simpleKey() throws(TOMLError) -> String {
    switch peek {
    case UInt8(ascii: "\""):
      guard peek(1) != UInt8(ascii: "\"") || peek(2) != UInt8(ascii: "\"") else { throw fail("a key cannot be a multi-line string") }
      return try basicString()
    case UInt8(ascii: "'"):
      guard peek(1) != UInt8(ascii: "'") || peek(2) != UInt8(ascii: "'") else { throw fail("a key cannot be a multi-line string") }
      return try literalString()
    default:
      let start = index
      while let byte = peek, Self.isBareKey(byte) { index += 1 }
      guard index > start else { throw fail("expected a key") }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }
  }

  static func isBareKey(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
    default: false
    }
  }

  // MARK: - Values

  mutating func value() throws(TOMLError) -> TOMLValue {
    guard let byte = peek else { throw fail("expected a value") }
    switch byte {
    case UInt8(ascii: "\""):
      if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") { return .string(try multilineBasicString()) }
      return .string(try basicString())
    case UInt8(ascii: "'"):
      if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") { return .string(try multilineLiteralString()) }
      return .string(try literalString())
    case UInt8(ascii: "["): return try array()
    case UInt8(ascii: "{"): return try inlineTable()
    default: return try scalar()
    }
  }

  mutating func array() throws(TOMLError) -> TOMLValue {
    index += 1
    var items: [TOMLValue] = []
    while true {
      try skipBlankLinesAndComments()
      if peek == UInt8(ascii: "]") { index += 1; return .array(items) }
      items.append(try value())
      try skipBlankLinesAndComments()
      switch peek {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "]"): index += 1; return .array(items)
      default: throw fail("expected , or ] in an array")
      }
    }
  }

  mutating func inlineTable() throws(TOMLError) -> TOMLValue {
    index += 1
    let table = TOMLTableNode(.inline)
    skipBlank()
    if peek == UInt8(ascii: "}") { index += 1; return table.value }
    while true {
      skipBlank()
      try keyValue(into: table)
      skipBlank()
      switch peek {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "}"): index += 1; return table.value
      default: throw fail("expected , or } in an inline table")
      }
    }
  }

  /// Numbers, booleans, dates and times: a run of the characters they use (a date and a time
  /// may be separated by one space).
  mutating func scalar() throws(TOMLError) -> TOMLValue {
    let start = index
    while let byte = peek, Self.isScalar(byte) { index += 1 }
    if index - start == 10, peek == UInt8(ascii: " "), let next = peek(1), Self.isDigit(next),
      let after = peek(2), Self.isDigit(after), peek(3) == UInt8(ascii: ":")
    {
      index += 1
      while let byte = peek, Self.isScalar(byte) { index += 1 }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    guard !text.isEmpty else { throw fail("expected a value") }
    switch text {
    case "true": return .boolean(true)
    case "false": return .boolean(false)
    case "inf", "+inf": return .float(.infinity)
    case "-inf": return .float(-.infinity)
    case "nan", "+nan", "-nan": return .float(.nan)
    default: break
    }
    if Self.isDateTime(text) { return .dateTime(text) }
    if let integer = try integer(text) { return .integer(integer) }
    if Self.matches(text, Self.floatPattern), let number = Double(text.replacingOccurrences(of: "_", with: "")) {
      return .float(number)
    }
    throw fail("\(text) is not a TOML value")
  }

  func integer(_ text: String) throws(TOMLError) -> Int64? {
    let radixes: [(prefix: String, radix: Int, pattern: String)] = [
      ("0x", 16, "^0x[0-9A-Fa-f](_?[0-9A-Fa-f])*$"), ("0o", 8, "^0o[0-7](_?[0-7])*$"), ("0b", 2, "^0b[01](_?[01])*$"),
    ]
    for (prefix, radix, pattern) in radixes where text.hasPrefix(prefix) {
      guard Self.matches(text, pattern) else { return nil }
      guard let number = Int64(text.dropFirst(2).replacingOccurrences(of: "_", with: ""), radix: radix) else {
        throw fail("\(text) is out of the 64-bit integer range")
      }
      return number
    }
    guard Self.matches(text, "^[+-]?(0|[1-9](_?[0-9])*)$") else { return nil }
    guard let number = Int64(text.replacingOccurrences(of: "_", with: "")) else {
      throw fail("\(text) is out of the 64-bit integer range")
    }
    return number
  }

  static let floatPattern = #"^[+-]?(0|[1-9](_?[0-9])*)(\.[0-9](_?[0-9])*)?([eE][+-]?[0-9](_?[0-9])*)?$"#
  static let datePattern = #"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"#
  static let timePattern = #"([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?"#

  static func isDateTime(_ text: String) -> Bool {
    matches(text, "^\(datePattern)([Tt ]\(timePattern)([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?)?$")
      || matches(text, "^\(timePattern)$")
  }

  static func matches(_ text: String, _ pattern: String) -> Bool {
    text.range(of: pattern, options: .regularExpression) != nil
  }

  static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

  static func isScalar(_ byte: UInt8) -> Bool {
    isBareKey(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
  }

  // MARK: - Strings

  mutating func basicString() throws(TOMLError) -> String {
    index += 1
    var out: [UInt8] = []
    while true {
      guard let byte = peek else { throw fail("unterminated string") }
      switch byte {
      case UInt8(ascii: "\""): index += 1; return try text(out)
      case UInt8(ascii: "\\"): try escape(into: &out)
      case UInt8(ascii: "\n"), UInt8(ascii: "\r"): throw fail("newline in a single-line string")
      default:
        guard byte != 0x7F, byte >= 0x20 || byte == 0x09 else { throw fail("control character in a string") }
        out.append(byte)
        index += 1
      }
    }
  }

  mutating func multilineBasicString() throws(TOMLError) -> String {
    index += 3
    try trimFirstNewline()
    var out: [UInt8] = []
    while true {
      guard let byte = peek else { throw fail("unterminated multi-line string") }
      if closesMultiline(with: UInt8(ascii: "\""), into: &out) { return try text(out) }
      if byte == UInt8(ascii: "\\") {
        // A backslash at the end of a line trims the newline and the whitespace after it.
        var probe = index + 1
        while probe < bytes.count, bytes[probe] == 0x20 || bytes[probe] == 0x09 { probe += 1 }
        if probe < bytes.count, bytes[probe] == 0x0A || (bytes[probe] == 0x0D && probe + 1 < bytes.count && bytes[probe + 1] == 0x0A) {
          index = probe
          while let next = peek, next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D {
            if next == 0x0D && peek(1) != 0x0A { throw fail("carriage return without a line feed") }
            if next == 0x0A { newline() } else { index += 1 }
          }
          continue
        }
        try escape(into: &out)
        continue
      }
      try multilineByte(byte, into: &out)
    }
  }

  mutating func literalString() throws(TOMLError) -> String {
    index += 1
    let start = index
    while true {
      guard let byte = peek else { throw fail("unterminated literal string") }
      if byte == UInt8(ascii: "'") { break }
      guard byte != 0x0A, byte != 0x0D else { throw fail("newline in a single-line string") }
      guard byte != 0x7F, byte >= 0x20 || byte == 0x09 else { throw fail("control character in a string") }
      index += 1
    }
    let out = Array(bytes[start..<index])
    index += 1
    return try text(out)
  }

  mutating func multilineLiteralString() throws(TOMLError) -> String {
    index += 3
    try trimFirstNewline()
    var out: [UInt8] = []
    while true {
      guard let byte = peek else { throw fail("unterminated multi-line literal string") }
      if closesMultiline(with: UInt8(ascii: "'"), into: &out) { return try text(out) }
      try multilineByte(byte, into: &out)
    }
  }

  /// Whether a multi-line string closes here (three `quote`s); if so, consumes them, and the up
  /// to two more quotes before them that still belong to the content.
  mutating func closesMultiline(with quote: UInt8, into out: inout [UInt8]) -> Bool {
    guard peek == quote, peek(1) == quote, peek(2) == quote else { return false }
    var quotes = 3
    while peek(quotes) == quote, quotes < 5 { quotes += 1 }
    out += Array(repeating: quote, count: quotes - 3)
    index += quotes
    return true
  }

  /// One byte of a multi-line string's content: newlines kept (CRLF read as LF, as Python's
  /// tomllib does), control characters refused.
  mutating func multilineByte(_ byte: UInt8, into out: inout [UInt8]) throws(TOMLError) {
    switch byte {
    case 0x0A:
      out.append(byte)
      newline()
    case 0x0D:
      guard peek(1) == 0x0A else { throw fail("carriage return without a line feed") }
      out.append(0x0A)
      index += 1
      newline()
    default:
      guard byte != 0x7F, byte >= 0x20 || byte == 0x09 else { throw fail("control character in a string") }
      out.append(byte)
      index += 1
    }
  }

  mutating func trimFirstNewline() throws(TOMLError) {
    if peek == 0x0A {
      newline()
    } else if peek == 0x0D, peek(1) == 0x0A {
      index += 1
      newline()
    }
  }

  mutating func escape(into out: inout [UInt8]) throws(TOMLError) {
    guard let kind = peek(1) else { throw fail("unterminated escape") }
    index += 2
    switch kind {
    case UInt8(ascii: "b"): out.append(0x08)
    case UInt8(ascii: "t"): out.append(0x09)
    case UInt8(ascii: "n"): out.append(0x0A)
    case UInt8(ascii: "f"): out.append(0x0C)
    case UInt8(ascii: "r"): out.append(0x0D)
    case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
    case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
    case UInt8(ascii: "u"), UInt8(ascii: "U"):
      let count = kind == UInt8(ascii: "u") ? 4 : 8
      guard index + count <= bytes.count,
        let code = UInt32(String(decoding: bytes[index..<(index + count)], as: UTF8.self), radix: 16),
        bytes[index..<(index + count)].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }),
        let scalar = Unicode.Scalar(code)
      else { throw fail("invalid unicode escape") }
      out += Array(String(Character(scalar)).utf8)
      index += count
    default:
      throw fail("invalid escape \\\(Character(Unicode.Scalar(kind)))")
    }
  }

  func text(_ out: [UInt8]) throws(TOMLError) -> String {
    guard let text = String(validating: out, as: UTF8.self) else { throw fail("a string is not valid UTF-8") }
    return text
  }

  // MARK: - Whitespace, comments, newlines

  mutating func skipBlank() {
    while let byte = peek, byte == 0x20 || byte == 0x09 { index += 1 }
  }

  mutating func newline() {
    index += 1
    line += 1
    lineStart = index
  }

  /// Whitespace, an optional comment, then a newline or the end of the document.
  mutating func endOfLine() throws(TOMLError) {
    skipBlank()
    if peek == UInt8(ascii: "#") { try comment() }
    switch peek {
    case nil: return
    case 0x0A: newline()
    case 0x0D where peek(1) == 0x0A: index += 1; newline()
    default: throw fail("expected the end of the line")
    }
  }

  mutating func comment() throws(TOMLError) {
    while let byte = peek, byte != 0x0A {
      if byte == 0x0D, peek(1) == 0x0A { return }
      guard byte != 0x7F, byte >= 0x20 || byte == 0x09 else { throw fail("control character in a comment") }
      index += 1
    }
  }

  /// Inside arrays: whitespace, newlines and comments.
  mutating func skipBlankLinesAndComments() throws(TOMLError) {
    while let byte = peek {
      switch byte {
      case 0x20, 0x09: index += 1
      case 0x0A: newline()
      case 0x0D where peek(1) == 0x0A: index += 1; newline()
      case UInt8(ascii: "#"): try comment()
      default: return
      }
    }
  }
}
