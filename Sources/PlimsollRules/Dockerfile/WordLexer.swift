/// Splits Dockerfile argument text into words the way the builder does for ENV, ARG, LABEL,
/// FROM, USER and the like: quotes removed, the escape character honoured, and `$var`,
/// `${var}`, `${var:-default}`, `${var-default}`, `${var:+alt}`, `${var+alt}` expanded.
///
/// A reference to a variable not in scope is kept as written rather than emptied, because
/// the linter cannot know values passed with `--build-arg`.
public struct WordLexer: Sendable {
  /// The Dockerfile's escape character.
  public var escape: Character
  /// Variables in scope; `nil` disables expansion (references are kept verbatim).
  public var variables: [String: String]?

  /// How deeply `${a:-${b:-…}}` defaults are being expanded; past `maxDepth` references are
  /// kept verbatim so hostile input cannot exhaust the stack.
  var depth = 0
  static let maxDepth = 16

  public init(escape: Character = "\\", variables: [String: String]? = nil) {
    self.escape = escape
    self.variables = variables
  }

  /// The words of `text`, split on unquoted whitespace.
  public func words(_ text: String) -> [String] {
    lex(text, splitOnWhitespace: true)
  }

  /// `text` as one word (whitespace kept), quotes removed and variables expanded.
  public func word(_ text: String) -> String {
    lex(text, splitOnWhitespace: false).joined()
  }

  /// `text` with variables expanded and quotes kept (for image references and paths).
  public func expand(_ text: String) -> String {
    guard variables != nil else { return text }
    var result = ""
    let chars = Array(text)
    var index = 0
    var inSingle = false
    while index < chars.count {
      let char = chars[index]
      if char == "'" { inSingle.toggle() }
      if char == escape, index + 1 < chars.count, !inSingle {
        result.append(char)
        result.append(chars[index + 1])
        index += 2
        continue
      }
      if char == "$", !inSingle {
        let (value, next) = reference(chars, at: index)
        result += value
        index = next
        continue
      }
      result.append(char)
      index += 1
    }
    return result
  }

  private func lex(_ text: String, splitOnWhitespace: Bool) -> [String] {
    var result: [String] = []
    var word = ""
    var inWord = false
    let chars = Array(text)
    var index = 0
    while index < chars.count {
      let char = chars[index]
      if char == escape {
        if index + 1 < chars.count {
          word.append(chars[index + 1])
          inWord = true
        }
        index += 2
        continue
      }
      switch char {
      case "'":
        inWord = true
        index += 1
        while index < chars.count, chars[index] != "'" {
          word.append(chars[index])
          index += 1
        }
        index += 1
      case "\"":
        inWord = true
        index += 1
        while index < chars.count, chars[index] != "\"" {
          let inner = chars[index]
          if inner == escape, index + 1 < chars.count {
            let next = chars[index + 1]
            if next == "\"" || next == "$" || next == escape {
              word.append(next)
            } else {
              word.append(inner)
              word.append(next)
            }
            index += 2
            continue
          }
          if inner == "$" {
            let (value, next) = reference(chars, at: index)
            word += value
            index = next
            continue
          }
          word.append(inner)
          index += 1
        }
        index += 1
      case "$":
        let (value, next) = reference(chars, at: index)
        word += value
        inWord = true
        index = next
      case " ", "\t", "\n", "\r":
        if splitOnWhitespace {
          if inWord { result.append(word) }
          word = ""
          inWord = false
        } else {
          word.append(char)
          inWord = true
        }
        index += 1
      default:
        word.append(char)
        inWord = true
        index += 1
      }
    }
    if inWord { result.append(word) }
    return result
  }

  /// Expands the reference starting at `chars[start] == "$"`; returns the value and the index
  /// after the reference.
  private func reference(_ chars: [Character], at start: Int) -> (String, Int) {
    var index = start + 1
    guard let variables else {
      // Expansion disabled: copy the reference verbatim.
      var end = index
      if end < chars.count, chars[end] == "{" {
        while end < chars.count, chars[end] != "}" { end += 1 }
        end = min(end + 1, chars.count)
      } else {
        while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" {
          end += 1
        }
      }
      return (String(chars[start..<end]), end)
    }
    guard index < chars.count else { return ("$", index) }
    if chars[index] == "{" {
      var end = index + 1
      var depth = 1
      while end < chars.count {
        if chars[end] == "{" { depth += 1 }
        if chars[end] == "}" {
          depth -= 1
          if depth == 0 { break }
        }
        end += 1
      }
      guard end < chars.count else { return (String(chars[start...]), chars.count) }
      let body = String(chars[(index + 1)..<end])
      return (expandBraced(body, variables), end + 1)
    }
    var name = ""
    while index < chars.count, chars[index].isLetter || chars[index].isNumber || chars[index] == "_" {
      name.append(chars[index])
      index += 1
    }
    if name.isEmpty { return ("$", start + 1) }
    return (variables[name] ?? "$" + name, index)
  }

  private func expandBraced(_ body: String, _ variables: [String: String]) -> String {
    let name = String(body.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
    let rest = body.dropFirst(name.count)
    let value = variables[name]
    var nested = WordLexer(escape: escape, variables: variables)
    nested.depth = depth + 1
    if nested.depth > Self.maxDepth { return "${" + body + "}" }
    if rest.hasPrefix(":-") { return (value?.isEmpty == false) ? value ?? "" : nested.word(String(rest.dropFirst(2))) }
    if rest.hasPrefix("-") { return value ?? nested.word(String(rest.dropFirst())) }
    if rest.hasPrefix(":+") { return (value?.isEmpty == false) ? nested.word(String(rest.dropFirst(2))) : "" }
    if rest.hasPrefix("+") { return value != nil ? nested.word(String(rest.dropFirst())) : "" }
    // An unknown variable stays as written: the linter cannot know build-time values.
    return value ?? "${" + body + "}"
  }
}
