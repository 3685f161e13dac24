/// A systemd unit file with its drop-ins, as far as the host checks need it.
public struct SystemdUnit: Sendable, Hashable {
  /// The host path of the unit file (symlinks resolved).
  public var path: String
  /// Drop-in files (`<unit>.d/*.conf`) that were read, in the order systemd applies them.
  public var dropIns: [String]
  /// The effective `ExecStart=` command line, split into words; empty when there is none.
  public var execStart: [String]
  /// The file whose `ExecStart=` line is the effective one.
  public var execStartSource: String?

  /// The directories systemd loads system units from, highest precedence first.
  public static let searchDirectories = [
    "/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
    "/lib/systemd/system", "/usr/lib/systemd/system",
  ]

  /// The `ExecStart=` assignments of one unit file's text, in order (`""` resets the list).
  public static func execStartAssignments(_ text: String) -> [String] {
    var assignments: [String] = []
    for line in logicalLines(text) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard trimmed.hasPrefix("ExecStart") else { continue }
      let rest = trimmed.dropFirst("ExecStart".count).drop { $0 == " " || $0 == "\t" }
      guard rest.first == "=" else { continue }
      assignments.append(String(rest.dropFirst()).trimmingCharacters(in: .whitespaces))
    }
    return assignments
  }

  /// The values of every `key=` assignment in a unit file's text, in order.
  public static func assignments(_ key: String, in text: String) -> [String] {
    logicalLines(text).compactMap { line in
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard trimmed.hasPrefix(key) else { return nil }
      let rest = trimmed.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
      guard rest.first == "=" else { return nil }
      return String(rest.dropFirst()).trimmingCharacters(in: .whitespaces)
    }
  }

  /// The variables of an environment file (`KEY=value`, `export` and quotes allowed).
  public static func environmentFile(_ text: String) -> [String: String] {
    var variables: [String: String] = [:]
    for line in logicalLines(text) {
      var trimmed = Substring(line.trimmingCharacters(in: .whitespaces))
      if trimmed.hasPrefix("export ") { trimmed = trimmed.dropFirst(7) }
      guard let equals = trimmed.firstIndex(of: "=") else { continue }
      let name = String(trimmed[..<equals]).trimmingCharacters(in: .whitespaces)
      guard isVariableName(name) else { continue }
      var value = String(trimmed[trimmed.index(after: equals)...]).trimmingCharacters(
        in: .whitespaces)
      if value.count >= 2, let first = value.first, first == "\"" || first == "'",
        value.last == first
      {
        value = String(value.dropFirst().dropLast())
      }
      variables[name] = value
    }
    return variables
  }

  /// `ExecStart=` words with `$NAME` (split into words) and `${NAME}` (in place) expanded, as
  /// systemd expands them; unset variables expand to nothing.
  public static func expand(_ words: [String], environment: [String: String]) -> [String] {
    var out: [String] = []
    for word in words {
      if word.hasPrefix("$"), !word.hasPrefix("${"), isVariableName(String(word.dropFirst())) {
        out += split(environment[String(word.dropFirst())] ?? "")
        continue
      }
      var text = word
      for (name, value) in environment where text.contains("${\(name)}") {
        text = text.replacingAll("${\(name)}", with: value)
      }
      out.append(text)
    }
    return out
  }

  static func isVariableName(_ name: String) -> Bool {
    guard let first = name.first, !first.isNumber else { return false }
    return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
  }

  /// Lines with backslash continuations joined, comments dropped.
  static func logicalLines(_ text: String) -> [String] {
    var lines: [String] = []
    var pending = ""
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = String(raw)
      if line.hasSuffix("\r") { line.removeLast() }
      if pending.isEmpty {
        let start = line.drop { $0 == " " || $0 == "\t" }
        if start.hasPrefix("#") || start.hasPrefix(";") { continue }
      }
      if line.hasSuffix("\\") {
        pending += line.dropLast() + " "
        continue
      }
      lines.append(pending + line)
      pending = ""
    }
    if !pending.isEmpty { lines.append(pending) }
    return lines
  }

  /// Splits an `ExecStart=` command line into words as systemd does: whitespace separates,
  /// double and single quotes group, a backslash escapes the next character. A leading
  /// `-@:+!` prefix is dropped.
  public static func words(_ commandLine: String) -> [String] {
    var line = Substring(commandLine.trimmingCharacters(in: .whitespaces))
    while let first = line.first, "-@:+!".contains(first) { line = line.dropFirst() }
    return split(String(line))
  }

  /// Splits text into words by whitespace, quotes and backslashes (no prefix handling).
  public static func split(_ text: String) -> [String] {
    var words: [String] = []
    var word = ""
    var inWord = false
    var quote: Character?
    var escaped = false
    for character in text {
      if escaped {
        word.append(character)
        escaped = false
        continue
      }
      if character == "\\" {
        escaped = true
        inWord = true
        continue
      }
      if let open = quote {
        if character == open { quote = nil } else { word.append(character) }
        continue
      }
      if character == "\"" || character == "'" {
        quote = character
        inWord = true
      } else if character == " " || character == "\t" {
        if inWord { words.append(word) }
        word = ""
        inWord = false
      } else {
        word.append(character)
        inWord = true
      }
    }
    if inWord { words.append(word) }
    return words
  }
}

extension String {
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var out = ""
    var rest = Substring(self)
    while let range = rest.firstRange(of: target) {
      out += rest[..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
    }
    return out + rest
  }

  func trimmingCharacters(in set: CharacterSetLite) -> String {
    var view = Substring(self)
    while let first = view.first, set.contains(first) { view = view.dropFirst() }
    while let last = view.last, set.contains(last) { view = view.dropLast() }
    return String(view)
  }
}

/// The few character sets the parsers here trim by (kept free of Foundation).
struct CharacterSetLite {
  let characters: Set<Character>
  static let whitespaces = CharacterSetLite(characters: [" ", "\t"])
  static let whitespacesAndNewlines = CharacterSetLite(characters: [" ", "\t", "\n", "\r", "\r\n"])
  func contains(_ character: Character) -> Bool { characters.contains(character) }
}
