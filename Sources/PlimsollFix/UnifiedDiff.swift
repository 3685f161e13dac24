/// A unified diff (`diff -u` format, three lines of context) between two texts.
public enum UnifiedDiff {
  /// The diff of `old` to `new`, labelled `a/PATH` and `b/PATH`; empty when they are equal.
  public static func make(path: String, old: String, new: String, context: Int = 3) -> String {
    let a = SourceLines(old).lines, b = SourceLines(new).lines
    if a == b { return "" }
    let script = edits(a, b)
    var out = header(path)
    var index = 0
    while index < script.count {
      guard let firstChange = script[index...].firstIndex(where: { $0.kind != .same }) else { break }
      // One hunk: from `context` lines before the change to `context` after the last change
      // that is at most 2 × context same-lines from the next.
      let start = max(firstChange - context, index)
      var end = firstChange
      var cursor = firstChange
      while cursor < script.count {
        if script[cursor].kind != .same {
          end = cursor
        } else if cursor - end > 2 * context {
          break
        }
        cursor += 1
      }
      let stop = min(end + context + 1, script.count)
      let hunk = script[start..<stop]
      let oldStart = hunk.first.map { $0.oldLine } ?? 0
      let newStart = hunk.first.map { $0.newLine } ?? 0
      let oldCount = hunk.filter { $0.kind != .insert }.count
      let newCount = hunk.filter { $0.kind != .delete }.count
      out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
      for edit in hunk {
        switch edit.kind {
        case .same: out += " " + edit.text + "\n"
        case .delete: out += "-" + edit.text + "\n"
        case .insert: out += "+" + edit.text + "\n"
        }
      }
      index = stop
    }
    return out
  }

  static func header(_ path: String) -> String { "--- a/\(path)\n+++ b/\(path)\n" }

  static func range(_ start: Int, _ count: Int) -> String {
    count == 1 ? "\(start)" : "\(count == 0 ? max(start - 1, 0) : start),\(count)"
  }

  struct Edit {
    enum Kind { case same, delete, insert }
    var kind: Kind
    var text: String
    /// 1-based line numbers in the old and new text where this edit stands.
    var oldLine: Int
    var newLine: Int
  }

  /// The shortest edit script by longest common subsequence (files here are small).
  static func edits(_ a: [String], _ b: [String]) -> [Edit] {
    let n = a.count, m = b.count
    var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    var out: [Edit] = []
    var i = 0, j = 0
    while i < n || j < m {
      if i < n, j < m, a[i] == b[j] {
        out.append(Edit(kind: .same, text: a[i], oldLine: i + 1, newLine: j + 1))
        i += 1
        j += 1
      } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
        // Deletions first, as diff -u writes a changed line: `-old` then `+new`.
        out.append(Edit(kind: .delete, text: a[i], oldLine: i + 1, newLine: j + 1))
        i += 1
      } else {
        out.append(Edit(kind: .insert, text: b[j], oldLine: i + 1, newLine: j + 1))
        j += 1
      }
    }
    return out
  }
}
