/// Splits a package-database text file into numbered lines.
///
/// Package databases are UTF-8 in practice; invalid bytes are replaced rather than rejected so
/// that one odd maintainer name cannot hide a whole database.
struct TextLines: Sequence {
  /// One line without its terminator (`\n` or `\r\n`), numbered from 1.
  struct Line {
    var number: Int
    var text: Substring
  }

  let text: String

  init(_ bytes: [UInt8]) {
    text = String(decoding: bytes, as: UTF8.self)
  }

  static func dropCarriageReturn(_ line: Substring) -> Substring {
    guard line.utf8.last == 13 else { return line }
    let end = line.utf8.index(before: line.utf8.endIndex)
    return line[..<end]
  }

  func makeIterator() -> AnyIterator<Line> {
    var rest = text[...]
    var number = 0
    var finished = false
    return AnyIterator {
      if finished { return nil }
      number += 1
      if let newline = rest.utf8.firstIndex(of: 10) {
        let line = rest[..<newline]
        rest = rest[rest.utf8.index(after: newline)...]
        return Line(number: number, text: Self.dropCarriageReturn(line))
      }
      finished = true
      if rest.isEmpty { return nil }
      return Line(number: number, text: Self.dropCarriageReturn(rest))
    }
  }
}

extension Substring {
  /// The text with leading and trailing spaces and tabs removed.
  var trimmedBlanks: Substring {
    let bytes = utf8
    guard let start = bytes.firstIndex(where: { $0 != 32 && $0 != 9 }),
      let last = bytes.lastIndex(where: { $0 != 32 && $0 != 9 })
    else { return self[endIndex...] }
    // The byte after the last non-blank one is a blank or the end: a scalar boundary.
    return self[start..<bytes.index(after: last)]
  }
}

extension String {
  /// The directory part of an absolute path (`/var/lib/dpkg/status` -> `/var/lib/dpkg`).
  var parentDirectory: String {
    guard let slash = lastIndex(of: "/") else { return "" }
    if slash == startIndex { return "/" }
    return String(self[..<slash])
  }
}
