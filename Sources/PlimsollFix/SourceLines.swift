import Foundation

/// The lines of a file being fixed, addressed by 1-based line number, so edits keep every
/// other byte (comments, spacing, line continuations) as written.
struct SourceLines: Equatable {
  var lines: [String]
  /// Whether the text ended with a newline (kept on output).
  var endsWithNewline: Bool

  init(_ text: String) {
    var parts = text.components(separatedBy: "\n")
    endsWithNewline = text.hasSuffix("\n")
    if endsWithNewline { parts.removeLast() }
    lines = parts
  }

  var text: String { lines.joined(separator: "\n") + (endsWithNewline ? "\n" : "") }

  /// Line `number` (1-based); empty when out of range.
  subscript(number: Int) -> String {
    get { lines.indices.contains(number - 1) ? lines[number - 1] : "" }
    set { if lines.indices.contains(number - 1) { lines[number - 1] = newValue } }
  }

  /// Inserts `new` lines before line `number` (after the last line when past the end).
  mutating func insert(_ new: [String], before number: Int) {
    lines.insert(contentsOf: new, at: min(max(number - 1, 0), lines.count))
  }

  /// Deletes lines `range` (the part inside the file).
  mutating func remove(_ range: ClosedRange<Int>) {
    let clamped = (range.lowerBound - 1)..<min(range.upperBound, lines.count)
    guard !clamped.isEmpty, clamped.lowerBound >= 0 else { return }
    lines.removeSubrange(clamped)
  }

  /// The leading spaces and tabs of line `number`.
  func indentation(of number: Int) -> String {
    String(self[number].prefix { $0 == " " || $0 == "\t" })
  }

  /// Rewrites every match of `pattern` in lines `range` with `transform` (given the match's
  /// capture groups, the whole match first); returns how many matches changed.
  @discardableResult
  mutating func rewrite(_ pattern: String, in range: ClosedRange<Int>, options: NSRegularExpression.Options = [],
                        _ transform: ([String]) -> String?) -> Int {
    guard let regex = try? NSRegularExpression(pattern: pattern, options: options) else { return 0 }
    var changed = 0
    for number in range where lines.indices.contains(number - 1) {
      let line = lines[number - 1] as NSString
      var out = ""
      var cursor = 0
      for match in regex.matches(in: lines[number - 1], range: NSRange(location: 0, length: line.length)) {
        let groups = (0..<match.numberOfRanges).map { index -> String in
          let range = match.range(at: index)
          return range.location == NSNotFound ? "" : line.substring(with: range)
        }
        guard let replacement = transform(groups), replacement != groups[0] else { continue }
        out += line.substring(with: NSRange(location: cursor, length: match.range.location - cursor)) + replacement
        cursor = match.range.location + match.range.length
        changed += 1
      }
      if cursor > 0 { lines[number - 1] = out + line.substring(from: cursor) }
    }
    return changed
  }
}
