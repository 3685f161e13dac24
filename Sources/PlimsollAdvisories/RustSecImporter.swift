import Foundation
import PlimsollFindings
import PlimsollDiagnostics

/// Reads RustSec advisories: Markdown files opening with a fenced TOML block holding
/// `[advisory]` and `[versions]`, then a `# Title` and the description.
public struct RustSecImporter {
  public init() {}

  /// Parses one advisory file; a malformed one is a warning naming it.
  public func parse(_ text: String, input: String) -> Result<Advisory?, ScanWarning> {
    guard let start = text.range(of: "```toml\n"),
      let end = text.range(of: "\n```", range: start.upperBound..<text.endIndex)
    else {
      return .failure(ScanWarning(input: input, message: "skipped: no ```toml front matter"))
    }
    let tables: [String: [String: TOMLValue]]
    do {
      tables = try TOMLSubset.parse(String(text[start.upperBound..<end.lowerBound]))
    } catch {
      return .failure(ScanWarning(input: input, message: "skipped: \(error)"))
    }
    let advisory = tables["advisory"] ?? [:]
    guard let id = advisory["id"]?.string, let package = advisory["package"]?.string else {
      return .failure(ScanWarning(input: input, message: "skipped: [advisory] lacks id or package"))
    }
    if advisory["withdrawn"] != nil { return .success(nil) }
    let body = text[end.upperBound...]
    let title = body.split(separator: "\n").first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) }
    var cvss: [CVSSScore] = []
    if let vector = advisory["cvss"]?.string {
      cvss.append(CVSSScore(source: "rustsec", vector: vector, score: CVSS.baseScore(vector)))
    }
    let versions = tables["versions"] ?? [:]
    let informational = advisory["informational"]?.string
    var references = ["https://rustsec.org/advisories/\(id).html"]
    if let url = advisory["url"]?.string { references.append(url) }
    references += advisory["references"]?.strings ?? []
    let ecosystem = input.contains("/rust/") ? "rust-toolchain" : "crates.io"
    return .success(Advisory(
      source: "rustsec", id: id, aliases: advisory["aliases"]?.strings ?? [], summary: title,
      details: body.trimmingCharacters(in: .whitespacesAndNewlines),
      severity: informational != nil ? .low : CVSS.severity(of: cvss), cvss: cvss,
      published: advisory["date"]?.string, references: references,
      affected: [AffectedEntry(
        ecosystem: ecosystem, package: package, kind: .cargoRequirements,
        patched: versions["patched"]?.strings ?? [], unaffected: versions["unaffected"]?.strings ?? [],
        note: informational.map { "informational: \($0)" })]))
  }
}

/// A TOML value of the kinds RustSec front matter uses.
enum TOMLValue: Equatable {
  case string(String)
  case array([TOMLValue])
  case other(String)

  var string: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  var strings: [String]? {
    if case .array(let values) = self { return values.compactMap(\.string) }
    return nil
  }
}

/// Enough of TOML for advisory front matter: `[table]` headers, `key = value` with basic and
/// literal strings, (multi-line) arrays, and bare values (dates, booleans, numbers, inline
/// tables kept as text).
enum TOMLSubset {
  struct ParseError: Error, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "TOML line \(line): \(message)" }
  }

  static func parse(_ text: String) throws -> [String: [String: TOMLValue]] {
    var tables: [String: [String: TOMLValue]] = [:]
    var table = ""
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      stripComment(String($0))
    }
    var index = 0
    while index < lines.count {
      let line = lines[index].trimmingCharacters(in: .whitespaces)
      index += 1
      if line.isEmpty || line.hasPrefix("#") { continue }
      if line.hasPrefix("[") {
        table = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
        continue
      }
      guard let equals = line.firstIndex(of: "=") else {
        throw ParseError(line: index, message: "expected key = value")
      }
      let key = line[..<equals].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
      var valueText = String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
      // A multi-line array or inline table continues until its brackets balance.
      while depth(valueText) > 0 && index < lines.count {
        valueText += " " + lines[index].trimmingCharacters(in: .whitespaces)
        index += 1
      }
      var scanner = Substring(valueText)
      tables[table, default: [:]][key] = try value(&scanner, line: index)
    }
    return tables
  }

  /// The line without a trailing `# comment` (a `#` inside a string is kept).
  private static func stripComment(_ line: String) -> String {
    var quote: Character?
    var escaped = false
    for index in line.indices {
      let character = line[index]
      if let open = quote {
        if escaped { escaped = false } else if character == "\\" && open == "\"" { escaped = true }
        else if character == open { quote = nil }
        continue
      }
      if character == "\"" || character == "'" { quote = character }
      if character == "#" { return String(line[..<index]) }
    }
    return line
  }

  /// Bracket depth outside strings.
  private static func depth(_ text: String) -> Int {
    var depth = 0
    var quote: Character?
    var escaped = false
    for character in text {
      if let open = quote {
        if escaped { escaped = false } else if character == "\\" && open == "\"" { escaped = true }
        else if character == open { quote = nil }
        continue
      }
      switch character {
      case "\"", "'": quote = character
      case "[", "{": depth += 1
      case "]", "}": depth -= 1
      default: break
      }
    }
    return depth
  }

  private static func value(_ text: inout Substring, line: Int) throws -> TOMLValue {
    text = text.drop { $0 == " " }
    guard let first = text.first else { throw ParseError(line: line, message: "missing value") }
    switch first {
    case "\"", "'":
      return .string(try string(&text, line: line))
    case "[":
      text = text.dropFirst()
      var items: [TOMLValue] = []
      while true {
        text = text.drop { $0 == " " || $0 == "," }
        guard let next = text.first else { throw ParseError(line: line, message: "unclosed array") }
        if next == "]" {
          text = text.dropFirst()
          return .array(items)
        }
        items.append(try value(&text, line: line))
      }
    default:
      // Bare value or inline table: keep its text up to the next separator at depth 0.
      var out = ""
      var level = 0
      while let character = text.first {
        if level == 0 && (character == "," || character == "]") { break }
        if character == "{" { level += 1 }
        if character == "}" { level -= 1 }
        out.append(character)
        text = text.dropFirst()
      }
      return .other(out.trimmingCharacters(in: .whitespaces))
    }
  }

  private static func string(_ text: inout Substring, line: Int) throws -> String {
    guard let quote = text.first else { throw ParseError(line: line, message: "missing string") }
    text = text.dropFirst()
    var out = ""
    while let character = text.first {
      text = text.dropFirst()
      if character == quote { return out }
      if character == "\\" && quote == "\"" {
        guard let escaped = text.first else { break }
        text = text.dropFirst()
        switch escaped {
        case "n": out.append("\n")
        case "t": out.append("\t")
        default: out.append(escaped)
        }
        continue
      }
      out.append(character)
    }
    throw ParseError(line: line, message: "unterminated string")
  }
}
