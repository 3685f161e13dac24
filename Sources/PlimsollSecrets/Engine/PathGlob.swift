import Foundation

/// A path glob as allow-lists use it: `*` and `?` stay within one path segment, `**` spans
/// segments, and a pattern without `/` matches the file name at any depth.
public struct PathGlob: Sendable, Hashable {
  /// The glob as written.
  public let pattern: String
  private let matcher: CompiledRegex

  /// Compiles the glob; a glob always compiles because every other character is literal.
  public init(_ pattern: String) throws {
    self.pattern = pattern
    var source = "^"
    if !pattern.contains("/") { source += "(?:.*/)?" }
    var chars = Array(pattern.unicodeScalars)
    if chars.first == "/" { chars.removeFirst() }
    var index = 0
    while index < chars.count {
      let char = chars[index]
      switch char {
      case "*":
        if index + 1 < chars.count, chars[index + 1] == "*" {
          index += 1
          if index + 1 < chars.count, chars[index + 1] == "/" {
            index += 1
            source += "(?:.*/)?"
          } else {
            source += ".*"
          }
        } else {
          source += "[^/]*"
        }
      case "?": source += "[^/]"
      default: source += NSRegularExpression.escapedPattern(for: String(char))
      }
      index += 1
    }
    source += "$"
    matcher = try CompiledRegex(source)
  }

  /// Whether `path` (relative, `/`-separated; a leading `/` or `./` is ignored) matches.
  public func matches(_ path: String) -> Bool {
    var relative = Substring(path)
    while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
    while relative.hasPrefix("/") { relative = relative.dropFirst() }
    return matcher.firstMatch(in: String(relative)) != nil
  }

  /// Globs are equal when written the same.
  public static func == (lhs: PathGlob, rhs: PathGlob) -> Bool { lhs.pattern == rhs.pattern }

  /// Hashes the glob as written.
  public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }
}

/// An immutable compiled regular expression, shared across threads.
///
/// `NSRegularExpression` is immutable and documented thread-safe; the box states that to
/// the compiler.
struct CompiledRegex: @unchecked Sendable {
  let regex: NSRegularExpression

  init(_ pattern: String) throws {
    regex = try NSRegularExpression(pattern: pattern, options: [])
  }

  func firstMatch(in text: String) -> NSTextCheckingResult? {
    regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: text.utf16.count))
  }

  func matches(in text: String) -> [NSTextCheckingResult] {
    regex.matches(in: text, options: [], range: NSRange(location: 0, length: text.utf16.count))
  }
}
