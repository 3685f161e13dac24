/// How one shell command is joined to the next.
public enum ShellOperator: String, Sendable, Hashable {
  case and = "&&"
  case or = "||"
  case pipe = "|"
  case semicolon = ";"
  case background = "&"
  case newline = "\n"
}

/// One simple command of a RUN body: `FOO=1 apt-get install -y curl`.
///
/// Words are quote-removed; variable references stay as written (the shell expands them at
/// build time, the linter cannot).
public struct ShellCommand: Sendable, Hashable {
  /// Leading `NAME=value` assignments.
  public var assignments: [String] = []
  /// The program and its arguments, redirections removed.
  public var words: [String]
  /// The operator after this command (`nil` for the last one).
  public var operatorAfter: ShellOperator?
  /// The operator before this command (`nil` for the first one).
  public var operatorBefore: ShellOperator?


  /// The program name without its directory (`/usr/bin/apt-get` → `apt-get`).
  public var program: String? {
    guard let first = words.first else { return nil }
    return first.split(separator: "/").last.map(String.init) ?? first
  }

  /// The words after the program.
  public var arguments: ArraySlice<String> { words.dropFirst() }

  /// Whether `word` appears among the arguments.
  public func has(_ word: String) -> Bool { arguments.contains(word) }

  /// Whether any argument is one of `flags`, or a combined short flag group containing `short`
  /// (`-qy` contains `y`).
  public func hasFlag(_ flags: [String], short: Character? = nil) -> Bool {
    for argument in arguments {
      if flags.contains(argument) { return true }
      if flags.contains(where: { $0.hasPrefix("--") && argument.hasPrefix($0 + "=") }) {
        return true
      }
      if let short, argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count > 1,
         argument.dropFirst().prefix(while: \.isLetter).contains(short) {
        return true
      }
    }
    return false
  }

  /// The first non-flag argument (the subcommand of `apt-get install`).
  public var subcommand: String? {
    arguments.first { !$0.hasPrefix("-") }
  }

  /// Non-flag arguments after the subcommand (`apt-get install -y curl git` → curl, git).
  ///
  /// `optionsWithValue` names flags that take the following word as their value.
  public func operands(afterSubcommand: Bool = true, optionsWithValue: Set<String> = [])
    -> [String]
  {
    var result: [String] = []
    var skippedSubcommand = !afterSubcommand
    var skipNext = false
    for argument in arguments {
      if skipNext {
        skipNext = false
        continue
      }
      if argument.hasPrefix("-") {
        if optionsWithValue.contains(argument) { skipNext = true }
        continue
      }
      if !skippedSubcommand {
        skippedSubcommand = true
        continue
      }
      result.append(argument)
    }
    return result
  }
}

/// Splits shell text into simple commands on `&& || ; | &` and newlines, honouring quotes,
/// backslash escapes, `$(…)` and backticks, and comments.
public enum ShellScript {
  /// The commands of a RUN given its form and heredocs.
  public static func commands(of form: CommandForm, heredocs: [Heredoc]) -> [ShellCommand] {
    switch form {
    case .exec(let words):
      let names = words.first.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
      if let names, shells.contains(names), words.count >= 3, words[1] == "-c" {
        return parse(words[2])
      }
      return words.isEmpty ? [] : [ShellCommand(words: words)]
    case .shell(let text):
      var commands = parse(text)
      guard !heredocs.isEmpty else { return commands }
      // `RUN <<EOF` or `RUN bash <<EOF`: the heredoc is the script.
      let onlyShell = commands.allSatisfy { command in
        command.words.isEmpty || (command.program.map(shells.contains) ?? false)
          && command.words.count == 1
      }
      if onlyShell {
        commands = []
        for heredoc in heredocs {
          var body = heredoc.body
          if body.hasPrefix("#!") {
            body = String(body.drop { $0 != "\n" })
          }
          commands += parse(body)
        }
      }
      return commands
    }
  }

  /// Shell interpreter names recognised in `sh -c` and `curl … | sh`.
  public static let shells: Set<String> = ["sh", "bash", "dash", "ash", "zsh", "ksh", "busybox"]

  private static let reserved: Set<String> = [
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "time",
  ]

  /// Parses shell text into commands.
  public static func parse(_ text: String) -> [ShellCommand] {
    var commands: [ShellCommand] = []
    var words: [String] = []
    var word = ""
    var inWord = false
    var pendingOperator: ShellOperator?
    let chars = Array(text)
    var index = 0
    // Inside `case WORD in`, where `a|b)` is a pattern list, not a pipe.
    var expectsCasePattern = false

    func endWord() {
      if inWord {
        words.append(word)
        if word == "in", words.drop(while: reserved.contains).first == "case" {
          words = []
          expectsCasePattern = true
        } else if word == "esac" {
          expectsCasePattern = false
        }
      }
      word = ""
      inWord = false
    }
    func endCommand(_ op: ShellOperator?) {
      endWord()
      let built = build(words, before: pendingOperator, after: op)
      if let built { commands.append(built) }
      words = []
      if built != nil || (op != nil && op != .newline) { pendingOperator = op }
    }
    func peek(_ offset: Int) -> Character? {
      let position = index + offset
      return position < chars.count ? chars[position] : nil
    }

    while index < chars.count {
      let char = chars[index]
      switch char {
      case "\\":
        if let next = peek(1) {
          if next != "\n" {
            word.append(next)
            inWord = true
          }
          index += 2
        } else {
          index += 1
        }
        continue
      case "'":
        inWord = true
        index += 1
        while index < chars.count, chars[index] != "'" {
          word.append(chars[index])
          index += 1
        }
        index += 1
        continue
      case "\"":
        inWord = true
        index += 1
        while index < chars.count, chars[index] != "\"" {
          if chars[index] == "\\", let next = peek(1), "$`\"\\\n".contains(next) {
            if next != "\n" { word.append(next) }
            index += 2
            continue
          }
          word.append(chars[index])
          index += 1
        }
        index += 1
        continue
      case "$" where peek(1) == "(":
        inWord = true
        let end = matchingParen(chars, from: index + 1)
        word.append(contentsOf: chars[index..<min(end + 1, chars.count)])
        index = end + 1
        continue
      case "`":
        inWord = true
        word.append(char)
        index += 1
        while index < chars.count, chars[index] != "`" {
          word.append(chars[index])
          index += 1
        }
        if index < chars.count { word.append("`") }
        index += 1
        continue
      case "#" where !inWord:
        while index < chars.count, chars[index] != "\n" { index += 1 }
        continue
      case " ", "\t", "\r":
        endWord()
      case "\n":
        endCommand(.newline)
      case ";":
        endCommand(.semicolon)
        if peek(1) == ";" {
          index += 1
          expectsCasePattern = true
        }
      case "|" where expectsCasePattern, "(" where expectsCasePattern && !inWord && words.isEmpty:
        // A pattern list `a|b)` (or its optional opening parenthesis).
        if char == "|" {
          word.append(char)
          inWord = true
        }
      case ")" where expectsCasePattern:
        // The end of a case pattern: what follows is the branch's first command.
        word = ""
        inWord = false
        words = []
        expectsCasePattern = false
      case "&":
        if peek(1) == "&" {
          endCommand(.and)
          index += 1
        } else if word.hasSuffix(">") || word.hasSuffix("<") || peek(1) == ">" {
          word.append(char)
          inWord = true
        } else {
          endCommand(.background)
        }
      case "|":
        if peek(1) == "|" {
          endCommand(.or)
          index += 1
        } else if word.hasSuffix(">") {
          word.append(char)
          inWord = true
        } else {
          endCommand(.pipe)
          if peek(1) == "&" { index += 1 }
        }
      case "(", ")":
        // Subshell grouping: `(cd /src && make)`.
        endCommand(nil)
      default:
        word.append(char)
        inWord = true
      }
      index += 1
    }
    endCommand(nil)
    // The operator after each command is the one before the next.
    for position in commands.indices {
      let next = position + 1
      commands[position].operatorAfter = next < commands.count ? commands[next].operatorBefore : nil
    }
    return commands
  }

  /// Whether any pipeline of `commands` has a `|`, including pipelines inside command
  /// substitutions (`$(a | b)`, backticks) in words and assignments, as ShellCheck's parse,
  /// which hadolint's DL4006 reads, sees them.
  public static func hasPipe(_ commands: [ShellCommand]) -> Bool {
    commands.contains { command in
      command.operatorAfter == .pipe
        || (command.assignments + command.words).contains { word in
          substitutions(in: word).contains { hasPipe(parse($0)) }
        }
    }
  }

  /// The scripts of the command substitutions (`$(…)`, backticks) in a word, outermost first.
  static func substitutions(in word: String) -> [String] {
    guard word.contains("$(") || word.contains("`") else { return [] }
    let chars = Array(word)
    var result: [String] = []
    var index = 0
    while index < chars.count {
      if chars[index] == "$", index + 1 < chars.count, chars[index + 1] == "(" {
        let end = matchingParen(chars, from: index + 1)
        if index + 2 <= end { result.append(String(chars[(index + 2)..<end])) }
        index = end + 1
      } else if chars[index] == "`" {
        var end = index + 1
        while end < chars.count, chars[end] != "`" { end += 1 }
        if index + 1 < end { result.append(String(chars[(index + 1)..<end])) }
        index = end + 1
      } else {
        index += 1
      }
    }
    return result
  }

  private static func matchingParen(_ chars: [Character], from open: Int) -> Int {
    var depth = 0
    var index = open
    while index < chars.count {
      switch chars[index] {
      case "(": depth += 1
      case ")":
        depth -= 1
        if depth == 0 { return index }
      case "\\": index += 1
      default: break
      }
      index += 1
    }
    return chars.count - 1
  }

  private static func build(_ rawWords: [String], before: ShellOperator?, after: ShellOperator?)
    -> ShellCommand?
  {
    var words = rawWords
    while let first = words.first, reserved.contains(first) { words.removeFirst() }
    while let last = words.last, last == "}" || last == "fi" || last == "done" || last == "esac" {
      words.removeLast()
    }
    // Drop redirections: `>file`, `2>&1`, `> file`, `<file`.
    var kept: [String] = []
    var skipNext = false
    for word in words {
      if skipNext {
        skipNext = false
        continue
      }
      if isRedirection(word) {
        if isBareRedirection(word) { skipNext = true }
        continue
      }
      kept.append(word)
    }
    var assignments: [String] = []
    while let first = kept.first, isAssignment(first) {
      assignments.append(first)
      kept.removeFirst()
    }
    if kept.isEmpty && assignments.isEmpty { return nil }
    return ShellCommand(assignments: assignments, words: kept, operatorAfter: after,
                        operatorBefore: before)
  }

  private static func isRedirection(_ word: String) -> Bool {
    let body = word.drop { $0.isNumber }
    return body.hasPrefix(">") || body.hasPrefix("<") || body.hasPrefix("&>")
  }

  private static func isBareRedirection(_ word: String) -> Bool {
    let body = word.drop { $0.isNumber }
    return [">", ">>", "<", "&>", "&>>", ">|", "<<<"].contains(String(body))
  }

  private static func isAssignment(_ word: String) -> Bool {
    guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
    let name = word[..<equals]
    guard let first = name.first, first.isLetter || first == "_" else { return false }
    return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
  }
}
