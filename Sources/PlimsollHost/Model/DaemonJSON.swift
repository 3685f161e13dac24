import PlimsollDiagnostics

/// A JSON value as `daemon.json` holds it.
public indirect enum DaemonJSONValue: Sendable, Hashable, CustomStringConvertible {
  case null
  case bool(Bool)
  /// A number kept as written, so evidence shows exactly what the file says.
  case number(String)
  case string(String)
  case array([DaemonJSONValue])
  case object([String: DaemonJSONValue])

  /// Compact JSON text of the value (object keys sorted), for evidence.
  public var description: String {
    switch self {
    case .null: "null"
    case .bool(let value): value ? "true" : "false"
    case .number(let text): text
    case .string(let text): "\"" + text + "\""
    case .array(let items): "[" + items.map(\.description).joined(separator: ",") + "]"
    case .object(let members):
      "{"
        + members.keys.sorted().map { "\"\($0)\":\(members[$0]?.description ?? "null")" }
        .joined(separator: ",") + "}"
    }
  }
}

/// Why `daemon.json` could not be parsed: the line and column and what was expected there.
public struct DaemonJSONError: Error, Sendable, Hashable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  public var problem: String

  public var description: String { "line \(line), column \(column): \(problem)" }
}

/// A strict RFC 8259 parser (as dockerd's Go decoder is strict) that reports where the text
/// goes wrong, so a fail finding can name the line and the problem.
public enum DaemonJSONParser {
  /// Nesting deeper than this is refused rather than recursed into.
  public static let maxDepth = ResourceLimits.documentDepth

  /// Parses `text` as one JSON value.
  public static func parse(_ text: String) throws(DaemonJSONError) -> DaemonJSONValue {
    var parser = Parser(bytes: Array(text.utf8))
    parser.skipWhitespace()
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    if parser.index < parser.bytes.count {
      throw parser.error("unexpected text after the JSON value")
    }
    return value
  }

  private struct Parser {
    let bytes: [UInt8]
    var index = 0

    func error(_ problem: String) -> DaemonJSONError {
      var line = 1
      var column = 1
      for byte in bytes.prefix(index) {
        if byte == UInt8(ascii: "\n") {
          line += 1
          column = 1
        } else if byte & 0xC0 != 0x80 {
          column += 1
        }
      }
      return DaemonJSONError(line: line, column: column, problem: problem)
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
      while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
        index += 1
      }
    }

    mutating func value(depth: Int) throws(DaemonJSONError) -> DaemonJSONValue {
      guard depth < DaemonJSONParser.maxDepth else {
        throw error(ResourceLimitExceeded(.documentDepth, input: "JSON", maximum: "\(DaemonJSONParser.maxDepth) levels").problem)
      }
      guard let byte = current else { throw error("unexpected end of file; expected a value") }
      switch byte {
      case UInt8(ascii: "{"): return try object(depth: depth)
      case UInt8(ascii: "["): return try array(depth: depth)
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"): try literal("true"); return .bool(true)
      case UInt8(ascii: "f"): try literal("false"); return .bool(false)
      case UInt8(ascii: "n"): try literal("null"); return .null
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
      default: throw error("unexpected character '\(Self.show(byte))'; expected a value")
      }
    }

    mutating func literal(_ word: String) throws(DaemonJSONError) {
      let expected = Array(word.utf8)
      guard index + expected.count <= bytes.count,
        Array(bytes[index..<(index + expected.count)]) == expected
      else { throw error("invalid literal; expected '\(word)'") }
      index += expected.count
    }

    mutating func number() throws(DaemonJSONError) -> String {
      let start = index
      if current == UInt8(ascii: "-") { index += 1 }
      guard let first = current, Self.isDigit(first) else { throw error("invalid number") }
      index += 1
      if first != UInt8(ascii: "0") { while let byte = current, Self.isDigit(byte) { index += 1 } }
      if current == UInt8(ascii: ".") {
        index += 1
        guard let byte = current, Self.isDigit(byte) else {
          throw error("invalid number: digit expected after '.'")
        }
        while let byte = current, Self.isDigit(byte) { index += 1 }
      }
      if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
        index += 1
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
        guard let byte = current, Self.isDigit(byte) else {
          throw error("invalid number: digit expected in exponent")
        }
        while let byte = current, Self.isDigit(byte) { index += 1 }
      }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func string() throws(DaemonJSONError) -> String {
      index += 1
      var out: [UInt8] = []
      while true {
        guard let byte = current else { throw error("unterminated string") }
        if byte == UInt8(ascii: "\"") {
          index += 1
          return String(decoding: out, as: UTF8.self)
        }
        if byte < 0x20 { throw error("control character in string") }
        if byte != UInt8(ascii: "\\") {
          out.append(byte)
          index += 1
          continue
        }
        index += 1
        guard let escape = current else { throw error("unterminated string") }
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if (0xD800..<0xDC00).contains(scalar), current == UInt8(ascii: "\\"),
            index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u")
          {
            index += 2
            let low = try hex4()
            if (0xDC00..<0xE000).contains(low) {
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
          }
          let character = Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}"
          out.append(contentsOf: Array(String(character).utf8))
        default:
          index -= 2
          throw error("invalid escape '\\\(Self.show(escape))' in string")
        }
      }
    }

    mutating func hex4() throws(DaemonJSONError) -> UInt32 {
      guard index + 4 <= bytes.count,
        let value = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16)
      else { throw error("invalid \\u escape") }
      index += 4
      return value
    }

    mutating func array(depth: Int) throws(DaemonJSONError) -> DaemonJSONValue {
      var items: [DaemonJSONValue] = []
      if opens(closedAtOnceBy: UInt8(ascii: "]")) { return .array(items) }
      while true {
        skipWhitespace()
        items.append(try value(depth: depth + 1))
        if try closes(with: UInt8(ascii: "]"), after: "an array element") {
          return .array(items)
        }
      }
    }

    mutating func object(depth: Int) throws(DaemonJSONError) -> DaemonJSONValue {
      var members: [String: DaemonJSONValue] = [:]
      if opens(closedAtOnceBy: UInt8(ascii: "}")) { return .object(members) }
      while true {
        skipWhitespace()
        guard current == UInt8(ascii: "\"") else {
          throw error(
            current == nil ? "unexpected end of file; expected a key" : "expected a quoted key")
        }
        let key = try string()
        skipWhitespace()
        guard current == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
        index += 1
        skipWhitespace()
        members[key] = try value(depth: depth + 1)
        if try closes(with: UInt8(ascii: "}"), after: "the value of \"\(key)\"") {
          return .object(members)
        }
      }
    }

    /// Steps past an array's or object's opening bracket and the blanks after it; true when
    /// `close` follows at once (the container is empty), which it steps past too.
    mutating func opens(closedAtOnceBy close: UInt8) -> Bool {
      index += 1
      skipWhitespace()
      guard current == close else { return false }
      index += 1
      return true
    }

    /// Reads what follows a member of an array or object: false after a `,`, true after the
    /// `close` that ends the container; anything else is an error naming `member`.
    mutating func closes(with close: UInt8, after member: String) throws(DaemonJSONError) -> Bool
    {
      skipWhitespace()
      let expected = "expected ',' or '\(Character(UnicodeScalar(close)))'"
      switch current {
      case UInt8(ascii: ","):
        index += 1
        return false
      case close:
        index += 1
        return true
      case nil: throw error("unexpected end of file; \(expected)")
      default: throw error("\(expected) after \(member)")
      }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func show(_ byte: UInt8) -> String {
      byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }
  }
}
