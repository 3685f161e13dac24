/// One paragraph of a Debian control file (RFC 822 style: `Field: value`, continuation lines
/// starting with a space or tab, paragraphs separated by blank lines).
struct ControlStanza {
  /// Line number of the paragraph's first line.
  var firstLine: Int
  /// Field values in order; a continued value keeps its lines joined by `\n`.
  var fields: [(name: String, value: String, line: Int)] = []
  /// The first problem found, with its line; a malformed stanza is skipped by callers.
  var problem: (line: Int, message: String)?
  /// Lowercased field names seen, to catch a repeated field (two stanzas run together).
  var seenNames: Set<String> = []

  init(firstLine: Int) { self.firstLine = firstLine }

  /// The value of a field, matched case-insensitively as Debian policy requires.
  subscript(_ name: String) -> String? {
    let wanted = name.lowercased()
    return fields.first(where: { $0.name.lowercased() == wanted })?.value
  }
}

/// Parser for Debian control-file paragraphs (dpkg `status`, DEP-5 copyright files).
enum ControlStanzas {
  /// Splits `bytes` into paragraphs; a line that is neither a field nor a continuation marks
  /// its paragraph with a problem but does not stop the parse.
  static func parse(_ bytes: [UInt8]) -> [ControlStanza] {
    var stanzas: [ControlStanza] = []
    var current: ControlStanza?
    for line in TextLines(bytes) {
      let text = line.text
      let utf8 = text.utf8
      if utf8.allSatisfy({ $0 == 32 || $0 == 9 }) {
        if let finished = current { stanzas.append(finished) }
        current = nil
        continue
      }
      // Move the record out of `current` so that appending does not copy its arrays.
      var stanza = current ?? ControlStanza(firstLine: line.number)
      current = nil
      defer { current = stanza }
      let first = utf8.first
      if first == UInt8(ascii: "#") { continue }
      if first == 32 || first == 9 {
        guard !stanza.fields.isEmpty else {
          if stanza.problem == nil {
            stanza.problem = (line.number, "continuation line with no field before it")
          }
          continue
        }
        let lastIndex = stanza.fields.count - 1
        stanza.fields[lastIndex].value += "\n"
        stanza.fields[lastIndex].value += text[utf8.index(after: utf8.startIndex)...]
        continue
      }
      guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")), isFieldName(text[..<colon]) else {
        if stanza.problem == nil {
          stanza.problem = (line.number, "not a 'Field: value' line")
        }
        continue
      }
      let value = text[utf8.index(after: colon)...].trimmedBlanks
      let name = String(text[..<colon])
      if !stanza.seenNames.insert(name.lowercased()).inserted, stanza.problem == nil {
        stanza.problem = (line.number, "field '\(name)' appears twice (a missing blank line between stanzas?)")
      }
      stanza.fields.append((name, String(value), line.number))
    }
    if let finished = current { stanzas.append(finished) }
    return stanzas
  }

  /// Field names are printable ASCII without spaces or colons, not starting with `#` or `-`.
  static func isFieldName(_ name: Substring) -> Bool {
    guard let first = name.first, first != "#", first != "-" else { return false }
    return name.utf8.allSatisfy { $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }
  }
}
