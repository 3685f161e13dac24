import Foundation
/// What an installed gem's specification (`specifications/NAME-VERSION.gemspec`) says.
///
/// RubyGems writes these files with `Gem::Specification#to_ruby`: one `s.FIELD = VALUE` line
/// per field inside `Gem::Specification.new do |s|`, values as double-quoted literals (with
/// `.freeze`) or arrays of them. The file is Ruby code, never run here: only those literal
/// assignments are read.
struct Gemspec: Equatable {
  var name: String?
  var version: String?
  var licenses: [String] = []
  var authors: [String] = []
  var homepage: String?
  var summary: String?

  /// Reads the top-level literal assignments of `text`.
  init(parsing text: String) {
    var receiver: String?
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = rawLine.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
      if receiver == nil {
        // `Gem::Specification.new do |s|` names the block variable.
        if line.hasPrefix("Gem::Specification.new"), let open = line.firstIndex(of: "|"),
          let close = line[line.index(after: open)...].firstIndex(of: "|")
        {
          receiver = String(line[line.index(after: open)..<close]).trimmingPrefix(while: { $0 == " " })
            .split(separator: " ").first.map(String.init)
        }
        continue
      }
      guard let receiver, line.hasPrefix(receiver + "."),
        let equals = line.range(of: " = ")
      else { continue }
      let field = line[line.index(line.startIndex, offsetBy: receiver.count + 1)..<equals.lowerBound]
      let value = line[equals.upperBound...]
      switch field {
      case "name": name = Self.strings(in: value).first
      case "version": version = Self.strings(in: value).first
      case "license": licenses = Array(Self.strings(in: value).prefix(1))
      case "licenses": licenses = Self.strings(in: value)
      case "authors": authors = Self.strings(in: value)
      case "homepage": homepage = Self.strings(in: value).first
      case "summary": summary = Self.strings(in: value).first
      default: continue
      }
    }
  }

  /// The double- or single-quoted string literals in a value, in order, unescaped; text
  /// outside literals (`.freeze`, `[`, `,`, a trailing `if …`) is skipped.
  static func strings(in value: Substring) -> [String] {
    var out: [String] = []
    var characters = value.makeIterator()
    while let character = characters.next() {
      if character == "#" { break }  // a comment ends the line's code
      guard character == "\"" || character == "'" else { continue }
      let quote = character
      var literal = ""
      var closed = false
      while let next = characters.next() {
        if next == quote {
          closed = true
          break
        }
        guard next == "\\" else {
          literal.append(next)
          continue
        }
        guard let escaped = characters.next() else { break }
        literal += quote == "'" ? singleQuotedEscape(escaped) : doubleQuotedEscape(escaped, &characters)
      }
      guard closed else { break }
      out.append(literal)
    }
    return out
  }

  /// `\\` and `\'` stand for themselves in a single-quoted literal; any other `\` is literal.
  static func singleQuotedEscape(_ character: Character) -> String {
    character == "\\" || character == "'" ? String(character) : "\\" + String(character)
  }

  /// The escapes `String#dump` writes: `\n`, `\t`, `\"`, `\\`, `\#`, `\e`, `\uXXXX`, `\u{…}`.
  static func doubleQuotedEscape(
    _ character: Character, _ rest: inout Substring.Iterator
  ) -> String {
    switch character {
    case "n": return "\n"
    case "t": return "\t"
    case "r": return "\r"
    case "e": return "\u{1B}"
    case "u":
      var digits = ""
      guard let first = rest.next() else { return "" }
      if first == "{" {
        while let next = rest.next(), next != "}" { digits.append(next) }
      } else {
        digits.append(first)
        for _ in 0..<3 { if let next = rest.next() { digits.append(next) } }
      }
      return UInt32(digits, radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? ""
    default: return String(character)
    }
  }
}
