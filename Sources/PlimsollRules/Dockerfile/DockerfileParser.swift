public import Foundation

/// Parses Dockerfile text into a `Dockerfile` without shelling out to a builder.
///
/// Never fails: malformed input yields `DockerfileIssue`s with line numbers and whatever
/// instructions could be recovered.
public enum DockerfileParser {
  /// Instructions the builder knows.
  public static let keywords: Set<String> = [
    "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
    "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
  ]

  private static let flaggedKeywords: Set<String> = ["FROM", "RUN", "COPY", "ADD", "HEALTHCHECK"]

  /// Parses raw bytes; invalid UTF-8 is reported and decoded with replacement characters.
  public static func parse(_ bytes: Data) -> Dockerfile {
    if let text = String(data: bytes, encoding: .utf8) {
      return parse(text)
    }
    var result = parse(String(decoding: bytes, as: UTF8.self))
    result.issues.insert(
      DockerfileIssue(kind: .invalidUTF8, line: 1,
                      message: "file is not valid UTF-8; invalid bytes were replaced"), at: 0)
    return result
  }

  /// Parses Dockerfile text.
  public static func parse(_ text: String) -> Dockerfile {
    // "\r\n" is one Character in Swift, so split on both forms.
    var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
      .map { line in line.hasSuffix("\r") ? String(line.dropLast()) : String(line) }
    if text.last == "\n" || text.last == "\r\n" { lines.removeLast() }
    if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }

    var file = Dockerfile()
    var index = readDirectives(lines, into: &file)
    var state = ExpansionState()

    while index < lines.count {
      let trimmed = lines[index].drop { $0 == " " || $0 == "\t" }
      if trimmed.isEmpty {
        index += 1
        continue
      }
      if trimmed.hasPrefix("#") {
        file.comments[index + 1] = String(trimmed)
        index += 1
        continue
      }
      let startLine = index + 1
      var logical = ""
      var sourceLines: [String] = []
      var cursor = index
      while true {
        let line = lines[cursor]
        sourceLines.append(line)
        let stripped = line.reversed().drop { $0 == " " || $0 == "\t" }
        if stripped.first == file.escape {
          logical += String(String(stripped.dropFirst().reversed()))
          cursor += 1
          while cursor < lines.count {
            let next = lines[cursor].drop { $0 == " " || $0 == "\t" }
            guard next.isEmpty || next.hasPrefix("#") else { break }
            sourceLines.append(lines[cursor])
            cursor += 1
          }
          if cursor >= lines.count {
            file.issues.append(DockerfileIssue(
              kind: .unterminatedContinuation, line: startLine,
              message: "line continuation runs past the end of the file"))
            cursor -= 1
            break
          }
          continue
        }
        logical += line
        break
      }
      index = cursor + 1
      var instruction = parseInstruction(
        logical, startLine: startLine, endLine: cursor + 1, escape: file.escape,
        issues: &file.issues, state: &state)
      // Heredoc bodies follow the instruction line.
      if ["RUN", "COPY", "ADD"].contains(instruction.keyword) {
        let markers = heredocMarkers(in: instruction.arguments)
        for marker in markers {
          var body: [String] = []
          let bodyStart = index + 1
          var terminated = false
          while index < lines.count {
            var line = lines[index]
            sourceLines.append(line)
            index += 1
            if marker.stripsTabs { line = String(line.drop { $0 == "\t" }) }
            if line == marker.name {
              terminated = true
              break
            }
            body.append(line)
          }
          if !terminated {
            file.issues.append(DockerfileIssue(
              kind: .unterminatedHeredoc, line: startLine,
              message: "heredoc <<\(marker.name) is not terminated before the end of the file"))
          }
          instruction.heredocs.append(Heredoc(
            name: marker.name, body: body.joined(separator: "\n"), quoted: marker.quoted,
            stripsTabs: marker.stripsTabs, startLine: bodyStart))
          instruction.endLine = max(instruction.endLine, index)
        }
      }
      instruction.source = sourceLines.joined(separator: "\n")
      instruction.parseCommands()
      file.instructions.append(instruction)
    }
    file.refreshStages()
    return file
  }

  // MARK: - Directives

  private static func readDirectives(_ lines: [String], into file: inout Dockerfile) -> Int {
    var index = 0
    while index < lines.count {
      let line = lines[index].trimmingCharacters(in: .whitespaces)
      guard line.hasPrefix("#") else { break }
      let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
      guard let equals = body.firstIndex(of: "=") else { break }
      let name = body[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
      guard !name.isEmpty, name.allSatisfy({ $0.isLetter }) else { break }
      let value = body[body.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      guard ["syntax", "escape", "check"].contains(name) else { break }
      if file.directives[name] != nil {
        file.issues.append(DockerfileIssue(
          kind: .invalidDirective, line: index + 1,
          message: "parser directive '\(name)' is given more than once"))
      }
      file.directives[name] = value
      if name == "escape" {
        if value == "\\" || value == "`" {
          file.escape = value == "`" ? "`" : "\\"
        } else {
          file.issues.append(DockerfileIssue(
            kind: .invalidDirective, line: index + 1,
            message: "escape directive must be \\ or `, found '\(value)'"))
        }
      }
      index += 1
    }
    return index
  }

  // MARK: - Heredocs

  struct HeredocMarker {
    var name: String
    var quoted: Bool
    var stripsTabs: Bool
  }

  static func heredocMarkers(in arguments: String) -> [HeredocMarker] {
    let trimmed = arguments.drop { $0 == " " }
    if trimmed.hasPrefix("[") { return [] }
    let chars = Array(arguments)
    var markers: [HeredocMarker] = []
    var index = 0
    var quote: Character?
    while index < chars.count {
      let char = chars[index]
      if let open = quote {
        if char == open { quote = nil }
        index += 1
        continue
      }
      if char == "'" || char == "\"" {
        quote = char
        index += 1
        continue
      }
      guard char == "<", index + 1 < chars.count, chars[index + 1] == "<",
            index + 2 < chars.count, chars[index + 2] != "<",
            index == 0 || chars[index - 1] != "<"
      else {
        index += 1
        continue
      }
      var cursor = index + 2
      var stripsTabs = false
      if cursor < chars.count, chars[cursor] == "-" {
        stripsTabs = true
        cursor += 1
      }
      var quoted = false
      var closing: Character?
      if cursor < chars.count, chars[cursor] == "\"" || chars[cursor] == "'" {
        quoted = true
        closing = chars[cursor]
        cursor += 1
      }
      var name = ""
      while cursor < chars.count,
            chars[cursor].isLetter || chars[cursor].isNumber || "_-.".contains(chars[cursor]) {
        name.append(chars[cursor])
        cursor += 1
      }
      if let closing, cursor < chars.count, chars[cursor] == closing { cursor += 1 }
      // A heredoc word starts with a letter or underscore, so `$((1<<2))` is no heredoc.
      if let first = name.first, first.isLetter || first == "_" {
        markers.append(HeredocMarker(name: name, quoted: quoted, stripsTabs: stripsTabs))
      }
      index = cursor
    }
    return markers
  }

  // MARK: - Instructions

  struct ExpansionState {
    /// ARGs declared before the first FROM, with their defaults.
    var globalArgs: [String: String] = [:]
    /// Variables in scope in the current stage.
    var stageVariables: [String: String] = [:]
    var seenFrom = false
  }

  static func parseInstruction(
    _ logical: String, startLine: Int, endLine: Int, escape: Character,
    issues: inout [DockerfileIssue], state: inout ExpansionState, depth: Int = 0
  ) -> Instruction {
    let body = logical.drop { $0 == " " || $0 == "\t" }
    let keywordText = body.prefix { $0 != " " && $0 != "\t" }
    let keyword = keywordText.uppercased()
    var rest = Substring(body.dropFirst(keywordText.count).drop { $0 == " " || $0 == "\t" })
    var instruction = Instruction(keyword: keyword, arguments: "", details: .unknown,
                                  startLine: startLine, endLine: endLine, source: logical)
    guard keywords.contains(keyword) else {
      issues.append(DockerfileIssue(kind: .unknownInstruction, line: startLine,
                                    message: "unknown instruction '\(keywordText)'"))
      instruction.arguments = String(rest)
      return instruction
    }
    if flaggedKeywords.contains(keyword) {
      instruction.flags = takeFlags(&rest)
    }
    let arguments = String(rest).trimmingCharacters(in: .whitespaces)
    instruction.arguments = arguments
    if arguments.isEmpty, keyword != "HEALTHCHECK" {
      issues.append(DockerfileIssue(kind: .missingArguments, line: startLine,
                                    message: "\(keyword) requires at least one argument"))
    }
    let scope = state.seenFrom ? state.stageVariables : state.globalArgs
    let lexer = WordLexer(escape: escape, variables: scope)

    switch keyword {
    case "FROM":
      let words = WordLexer(escape: escape).words(arguments)
      let image = words.first ?? ""
      var alias: String?
      if words.count >= 3, words[1].lowercased() == "as" {
        alias = words[2].lowercased()
      } else if words.count > 1 {
        issues.append(DockerfileIssue(kind: .missingArguments, line: startLine,
                                      message: "FROM expects 'image [AS name]'"))
      }
      let expanded = WordLexer(escape: escape, variables: state.globalArgs).word(image)
      instruction.details = .from(FromInstruction(
        image: image, expandedImage: expanded, alias: alias,
        platform: instruction.flag("platform")?.value))
      state.seenFrom = true
      state.stageVariables = [:]
    case "RUN", "CMD", "ENTRYPOINT":
      let form = commandForm(arguments, keyword: keyword, line: startLine, issues: &issues)
      switch keyword {
      case "RUN": instruction.details = .run(form)
      case "CMD": instruction.details = .cmd(form)
      default: instruction.details = .entrypoint(form)
      }
    case "SHELL":
      if case .exec(let words) = commandForm(arguments, keyword: keyword, line: startLine,
                                             issues: &issues) {
        instruction.details = .shell(words)
      } else {
        issues.append(DockerfileIssue(kind: .invalidJSON, line: startLine,
                                      message: "SHELL requires the JSON array form"))
        instruction.details = .shell(WordLexer(escape: escape).words(arguments))
      }
    case "COPY", "ADD":
      let words = jsonArray(arguments) ?? lexer.words(arguments)
      let sources = Array(words.dropLast())
      let destination = words.last
      instruction.details = keyword == "COPY"
        ? .copy(sources: sources, destination: destination)
        : .add(sources: sources, destination: destination)
    case "ENV", "LABEL":
      let pairs = keyValues(arguments, lexer: lexer, keyword: keyword, line: startLine,
                            issues: &issues)
      if keyword == "ENV" {
        instruction.details = .env(pairs)
        for pair in pairs { state.stageVariables[pair.key] = pair.value ?? "" }
      } else {
        instruction.details = .label(pairs)
      }
    case "ARG":
      var pairs: [KeyValue] = []
      for word in lexer.words(arguments) {
        if let equals = word.firstIndex(of: "=") {
          pairs.append(KeyValue(key: String(word[..<equals]),
                                value: String(word[word.index(after: equals)...])))
        } else {
          pairs.append(KeyValue(key: word, value: nil))
        }
      }
      instruction.details = .arg(pairs)
      for pair in pairs {
        if state.seenFrom {
          if let value = pair.value ?? state.globalArgs[pair.key] {
            state.stageVariables[pair.key] = value
          }
        } else if let value = pair.value {
          state.globalArgs[pair.key] = value
        }
      }
    case "EXPOSE":
      instruction.details = .expose(lexer.words(arguments))
    case "USER":
      instruction.details = .user(lexer.words(arguments).first ?? "")
    case "WORKDIR":
      instruction.details = .workdir(lexer.word(arguments))
    case "VOLUME":
      instruction.details = .volume(jsonArray(arguments) ?? lexer.words(arguments))
    case "MAINTAINER":
      instruction.details = .maintainer(arguments)
    case "STOPSIGNAL":
      instruction.details = .stopsignal(lexer.word(arguments))
    case "HEALTHCHECK":
      let upper = arguments.uppercased()
      if upper == "NONE" {
        instruction.details = .healthcheck(.none)
      } else if upper.hasPrefix("CMD") {
        let command = String(arguments.dropFirst(3)).trimmingCharacters(in: .whitespaces)
        instruction.details = .healthcheck(.command(
          commandForm(command, keyword: keyword, line: startLine, issues: &issues)))
      } else {
        issues.append(DockerfileIssue(kind: .missingArguments, line: startLine,
                                      message: "HEALTHCHECK expects NONE or CMD"))
      }
    case "ONBUILD" where depth > 0:
      // `ONBUILD ONBUILD …`: the builder rejects it; do not recurse further.
      instruction.details = .unknown
    case "ONBUILD":
      var nested = parseInstruction(arguments, startLine: startLine, endLine: endLine,
                                    escape: escape, issues: &issues, state: &state, depth: depth + 1)
      nested.parseCommands()
      instruction.details = .onbuild(nested)
    default:
      break
    }
    return instruction
  }

  private static func takeFlags(_ rest: inout Substring) -> [InstructionFlag] {
    var flags: [InstructionFlag] = []
    while rest.hasPrefix("--") {
      var token = ""
      var quote: Character?
      var index = rest.startIndex
      while index < rest.endIndex {
        let char = rest[index]
        if let open = quote {
          if char == open { quote = nil } else { token.append(char) }
        } else if char == "\"" || char == "'" {
          quote = char
        } else if char == " " || char == "\t" {
          break
        } else {
          token.append(char)
        }
        index = rest.index(after: index)
      }
      rest = rest[index...].drop { $0 == " " || $0 == "\t" }
      let text = token.dropFirst(2)
      if let equals = text.firstIndex(of: "=") {
        flags.append(InstructionFlag(name: String(text[..<equals]).lowercased(),
                                     value: String(text[text.index(after: equals)...])))
      } else {
        flags.append(InstructionFlag(name: String(text).lowercased(), value: nil))
      }
    }
    return flags
  }

  /// Parses a strict JSON array of strings (the exec form); `nil` for anything else,
  /// trailing commas and single quotes included, as the builder does.
  static func jsonArray(_ text: String) -> [String]? {
    let scalars = Array(text.unicodeScalars)
    var index = 0
    func skipSpace() {
      while index < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[index]) { index += 1 }
    }
    skipSpace()
    guard index < scalars.count, scalars[index] == "[" else { return nil }
    index += 1
    var result: [String] = []
    skipSpace()
    if index < scalars.count, scalars[index] == "]" {
      index += 1
      skipSpace()
      return index == scalars.count ? [] : nil
    }
    while true {
      skipSpace()
      guard index < scalars.count, scalars[index] == "\"" else { return nil }
      index += 1
      var value = String.UnicodeScalarView()
      while true {
        guard index < scalars.count else { return nil }
        let scalar = scalars[index]
        index += 1
        if scalar == "\"" { break }
        if scalar.value < 0x20 { return nil }
        guard scalar == "\\" else {
          value.append(scalar)
          continue
        }
        guard index < scalars.count else { return nil }
        let escaped = scalars[index]
        index += 1
        switch escaped {
        case "\"", "\\", "/": value.append(escaped)
        case "b": value.append("\u{08}")
        case "f": value.append("\u{0C}")
        case "n": value.append("\n")
        case "r": value.append("\r")
        case "t": value.append("\t")
        case "u":
          guard index + 4 <= scalars.count,
                let code = UInt32(String(String.UnicodeScalarView(scalars[index..<(index + 4)])), radix: 16)
          else { return nil }
          index += 4
          value.append(Unicode.Scalar(code) ?? "\u{FFFD}")
        default: return nil
        }
      }
      result.append(String(value))
      skipSpace()
      guard index < scalars.count else { return nil }
      if scalars[index] == "," {
        index += 1
        continue
      }
      guard scalars[index] == "]" else { return nil }
      index += 1
      skipSpace()
      return index == scalars.count ? result : nil
    }
  }

  private static func commandForm(_ text: String, keyword: String, line: Int,
                                  issues: inout [DockerfileIssue]) -> CommandForm {
    if let array = jsonArray(text) { return .exec(array) }
    if text.hasPrefix("["), text.hasSuffix("]") {
      issues.append(DockerfileIssue(
        kind: .invalidJSON, line: line,
        message: "\(keyword) looks like a JSON array but is not valid JSON; it runs in shell form"))
    }
    return .shell(text)
  }

  private static func keyValues(_ text: String, lexer: WordLexer, keyword: String, line: Int,
                                issues: inout [DockerfileIssue]) -> [KeyValue] {
    let raw = WordLexer(escape: lexer.escape).words(text)
    guard let first = raw.first else { return [] }
    if !first.contains("=") {
      // Legacy `ENV key value with spaces`.
      let key = first
      let valueText = text.drop { $0 == " " }.dropFirst(key.count)
        .trimmingCharacters(in: .whitespaces)
      return [KeyValue(key: key, value: lexer.word(valueText))]
    }
    var pairs: [KeyValue] = []
    for word in lexer.words(text) {
      guard let equals = word.firstIndex(of: "=") else {
        issues.append(DockerfileIssue(
          kind: .missingArguments, line: line,
          message: "\(keyword) expects key=value pairs, found '\(word)'"))
        continue
      }
      pairs.append(KeyValue(key: String(word[..<equals]),
                            value: String(word[word.index(after: equals)...])))
    }
    return pairs
  }
}
