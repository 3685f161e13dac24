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
  /// Columns `text` takes: one per character (ANSI escapes must not be in `text`).
  static func width(_ text: String) -> Int { text.count }

  /// `text` cut to `width` columns, ending in `…` when cut.
  static func truncate(_ text: String, to width: Int) -> String {
    guard width > 0 else { return "" }
    guard text.count > width else { return text }
    return String(text.prefix(width - 1)) + "…"
  }

  /// `text` with tabs and line breaks turned into spaces, so one cell is one line.
  static func singleLine(_ text: String) -> String {
    String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
  }

  /// `text` wrapped at spaces into lines of at most `width` columns; `indent` starts the
  /// continuation lines. Words longer than a line are split.
  static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
    let width = max(width, indent.count + 2)
    var lines: [String] = []
    var line = ""
    for word in singleLine(text).split(separator: " ", omittingEmptySubsequences: true) {
      var word = String(word)
      while !word.isEmpty {
        let prefix = line.isEmpty ? (lines.isEmpty ? "" : indent) : line + " "
        if prefix.count + word.count <= width {
          line = prefix + word
          word = ""
        } else if line.isEmpty || line == indent {
          let room = width - prefix.count
          line = prefix + String(word.prefix(room))
          word = String(word.dropFirst(room))
          lines.append(line)
          line = ""
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
        let padding = isLast ? "" : String(repeating: " ", count: columnWidth - text.count + gap)
        plain += text + padding
        styled += cell.style.apply(text, color: color) + padding
      }
      // Safety net when even the narrowest columns do not fit: cut the whole line.
      if plain.count > width {
        lines.append(TextFit.truncate(plain, to: width))
      } else {
        lines.append(color ? styled : plain)
      }
    }
    return lines
  }
}
