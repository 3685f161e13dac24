import Foundation

/// A JSON value whose objects keep their keys in the order they were written.
///
/// Report formats are read by people and diffed in golden files, so every writer decides its
/// key order instead of leaving it to a dictionary.
enum JSONValue: Sendable, Equatable {
  case string(String)
  case int(Int64)
  case double(Double)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([(String, JSONValue)])

  static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.string(let a), .string(let b)): a == b
    case (.int(let a), .int(let b)): a == b
    case (.double(let a), .double(let b)): a == b
    case (.bool(let a), .bool(let b)): a == b
    case (.null, .null): true
    case (.array(let a), .array(let b)): a == b
    case (.object(let a), .object(let b)):
      a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: false
    }
  }

  private static let indentations = (0..<64).map { String(repeating: " ", count: $0) }

  private static func indentation(_ count: Int) -> String {
    count < indentations.count ? indentations[count] : String(repeating: " ", count: count)
  }

  /// Pretty-printed text (two-space indent, `": "` after keys), ending in a newline.
  func rendered() -> String {
    var out = ""
    write(into: &out, indent: 0)
    out += "\n"
    return out
  }

  private func write(into out: inout String, indent: Int) {
    switch self {
    case .string(let text): Self.writeString(text, into: &out)
    case .int(let number): out += String(number)
    case .double(let number):
      if number.isFinite {
        out += number == number.rounded() && abs(number) < 1e15
          ? String(Int64(number)) + ".0" : String(number)
      } else {
        out += "null"
      }
    case .bool(let flag): out += flag ? "true" : "false"
    case .null: out += "null"
    case .array(let items):
      Self.writeContainer("[", "]", count: items.count, indent: indent, into: &out) {
        position, out in
        items[position].write(into: &out, indent: indent + 2)
      }
    case .object(let members):
      Self.writeContainer("{", "}", count: members.count, indent: indent, into: &out) {
        position, out in
        Self.writeString(members[position].0, into: &out)
        out += ": "
        members[position].1.write(into: &out, indent: indent + 2)
      }
    }
  }

  /// Writes `count` members between `open` and `close`, each on its own line at `indent + 2`
  /// and written by `member`; an empty container stays on one line (`[]`, `{}`).
  private static func writeContainer(
    _ open: String, _ close: String, count: Int, indent: Int, into out: inout String,
    member: (Int, inout String) -> Void
  ) {
    guard count > 0 else {
      out += open + close
      return
    }
    out += open + "\n"
    for position in 0..<count {
      out += indentation(indent + 2)
      member(position, &out)
      out += position + 1 < count ? ",\n" : "\n"
    }
    out += indentation(indent) + close
  }

  /// Writes a JSON string literal (RFC 8259): quotes, backslashes and control characters escaped.
  private static func writeString(_ text: String, into out: inout String) {
    out += "\""
    // Fast path: most strings need no escaping at all.
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
      out += text
      out += "\""
      return
    }
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}

/// Builds a JSON object member by member, leaving out absent optional values.
struct JSONObjectBuilder {
  private(set) var members: [(String, JSONValue)] = []

  mutating func set(_ key: String, _ value: JSONValue) { members.append((key, value)) }
  mutating func set(_ key: String, _ value: String) { members.append((key, .string(value))) }
  mutating func set(_ key: String, _ value: Int) { members.append((key, .int(Int64(value)))) }
  mutating func set(_ key: String, _ value: Bool) { members.append((key, .bool(value))) }

  /// Sets `key` only when `value` is present.
  mutating func set(_ key: String, ifPresent value: String?) {
    if let value { members.append((key, .string(value))) }
  }

  /// Sets `key` only when `value` is present and not empty.
  mutating func set(_ key: String, ifNotEmpty value: String?) {
    if let value, !value.isEmpty { members.append((key, .string(value))) }
  }

  /// Sets `key` only when `values` has elements.
  mutating func set(_ key: String, ifNotEmpty values: [JSONValue]) {
    if !values.isEmpty { members.append((key, .array(values))) }
  }

  var value: JSONValue { .object(members) }
}

extension JSONValue {
  /// An array of strings.
  static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

  /// An object of string values, keys sorted.
  static func sortedStrings(_ values: [String: String]) -> JSONValue {
    .object(values.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
  }
}
