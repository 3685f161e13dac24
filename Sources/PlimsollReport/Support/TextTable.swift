/// ANSI text styles for terminal tables.
enum TextStyle: Sendable {
  case plain, bold, dim, red, boldRed, yellow, blue, green, cyan

  var code: String {
    switch self {
    case .plain: ""
    case .bold: "\u{1B}[1m"
    case .dim: "\u{1B}[2m"
    case .red: "\u{1B}[31m"
    case .boldRed: "\u{1B}[1;31m"
    case .yellow: "\u{1B}[33m"
    case .blue: "\u{1B}[34m"
    case .green: "\u{1B}[32m"
    case .cyan: "\u{1B}[36m"
    }
  }

  /// `text` wrapped in this style when `color` is on.
  func apply(_ text: String, color: Bool) -> String {
    guard color, self != .plain, !text.isEmpty else { return text }
    return code + text + "\u{1B}[0m"
  }
}

/// Text measuring and cutting for fixed-width terminal output.
enum TextFit {
  /// Terminal columns one character takes: 2 for East Asian wide and emoji, else 1.
  static func width(of character: Character) -> Int {
    guard let scalar = character.unicodeScalars.first else { return 0 }
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      return 2
    default:
      return 1
    }
  }

  /// Terminal columns `text` takes (ANSI escapes must not be in `text`).
  static func width(_ text: String) -> Int { text.reduce(0) { $0 + width(of: $1) } }

  /// `text` cut to at most `width` columns, ending in `…` when cut.
  static func truncate(_ text: String, to width: Int) -> String {
    guard width > 0 else { return "" }
    guard self.width(text) > width else { return text }
    var out = ""
    var used = 0
    for character in text {
      let next = self.width(of: character)
      if used + next > width - 1 { break }
      out.append(character)
      used += next
    }
    return out + "…"
  }

  /// `text` as one line safe for a terminal: tabs and line breaks become spaces, other control
  /// characters (which could drive the terminal: a hostile package name may hold ESC) become
  /// `?`.
  static func singleLine(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: out += " "
      case 0x00...0x1F, 0x7F...0x9F: out += "?"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// `text` wrapped at spaces into lines of at most `width` columns; `indent` starts the
  /// continuation lines. Words longer than a line are split.
  static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
    let width = max(width, self.width(indent) + 2)
    var lines: [String] = []
    var line = ""
    for word in singleLine(text).split(separator: " ", omittingEmptySubsequences: true) {
      var rest = Substring(word)
      while !rest.isEmpty {
        let prefix = line.isEmpty ? (lines.isEmpty ? "" : indent) : line + " "
        if self.width(prefix) + self.width(String(rest)) <= width {
          line = prefix + rest
          rest = ""
        } else if line.isEmpty {
          // Split the word: take as many characters as fit after the prefix.
          var piece = ""
          var used = self.width(prefix)
          var index = rest.startIndex
          while index < rest.endIndex, used + self.width(of: rest[index]) <= width {
            used += self.width(of: rest[index])
            piece.append(rest[index])
            index = rest.index(after: index)
          }
          if piece.isEmpty, index < rest.endIndex {
            // A character wider than the room left: put it alone on the line.
            piece.append(rest[index])
            index = rest.index(after: index)
          }
          lines.append(prefix + piece)
          rest = rest[index...]
        } else {
          lines.append(line)
          line = ""
        }
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines.isEmpty ? [""] : lines
  }
}

/// A column of a `TextTable`.
struct TextColumn {
  var title: String
  /// The narrowest the column may be squeezed to.
  var minWidth: Int
}

/// One cell: its text and style.
struct TextCell {
  var text: String
  var style: TextStyle = .plain

  init(_ text: String, style: TextStyle = .plain) {
    self.text = TextFit.singleLine(text)
    self.style = style
  }
}

/// A plain-text table that fits a given width by narrowing its widest columns and cutting cells
/// with `…`.
struct TextTable {
  var columns: [TextColumn]
  var rows: [[TextCell]] = []
  /// Spaces between columns.
  var gap = 2

  /// The column widths that fit `width`, starting from each column's natural width.
  func columnWidths(fitting width: Int) -> [Int] {
    var widths = columns.map { TextFit.width($0.title) }
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], TextFit.width(cell.text))
      }
    }
    let budget = width - gap * max(columns.count - 1, 0)
    var total = widths.reduce(0, +)
    while total > budget {
      // Narrow the widest column that may still shrink.
      var widest: Int?
      for index in widths.indices where widths[index] > columns[index].minWidth {
        if let current = widest, widths[current] >= widths[index] { continue }
        widest = index
      }
      guard let index = widest else { break }
      widths[index] -= 1
      total -= 1
    }
    return widths
  }

  /// The table's lines (title row first), each at most `width` columns wide.
  func render(width: Int, color: Bool) -> [String] {
    let widths = columnWidths(fitting: width)
    var lines: [String] = []
    let header = columns.map { TextCell($0.title, style: .bold) }
    for row in [header] + rows {
      var plain = ""
      var styled = ""
      for (index, columnWidth) in widths.enumerated() {
        let cell = index < row.count ? row[index] : TextCell("")
        let text = TextFit.truncate(cell.text, to: columnWidth)
        let isLast = index == widths.count - 1
        let padding = isLast
          ? "" : String(repeating: " ", count: max(columnWidth - TextFit.width(text), 0) + gap)
        plain += text + padding
        styled += cell.style.apply(text, color: color) + padding
      }
      // Safety net when even the narrowest columns do not fit: cut the whole line.
      if TextFit.width(plain) > width {
        lines.append(TextFit.truncate(plain, to: width))
      } else {
        lines.append(color ? styled : plain)
      }
    }
    return lines
  }
}
