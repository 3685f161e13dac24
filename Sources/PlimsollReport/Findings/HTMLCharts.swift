import PlimsollFindings

/// The HTML report's inline SVG charts. Each severity has a pattern as well as a colour and
/// every bar is labelled with its numbers, so the charts read without colour and print.
enum HTMLCharts {
  /// Pattern, fill and the letter written on a segment, per severity.
  static let styles: [Severity: (pattern: String, fill: String, letter: String)] = [
    .critical: ("solid", "#8b0000", "C"), .high: ("diagonal", "#d1242f", "H"),
    .medium: ("dots", "#f0b400", "M"), .low: ("horizontal", "#7fb2ff", "L"), .unknown: ("blank", "#dddddd", "U"),
  ]

  static let severities = Array(Severity.allCases.reversed())

  /// Pattern definitions shared by both charts (ids prefixed `plm-`).
  static func patterns() -> String {
    var defs = "<defs>"
    for severity in severities {
      guard let style = styles[severity] else { continue }
      defs += "<pattern id=\"plm-\(severity.rawValue)\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
        + "<rect width=\"8\" height=\"8\" fill=\"\(style.fill)\"/>" + mark(style.pattern) + "</pattern>"
    }
    defs += "<pattern id=\"plm-fixable\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
      + "<rect width=\"8\" height=\"8\" fill=\"#2da44e\"/>" + mark("diagonal") + "</pattern>"
    defs += "<pattern id=\"plm-nofix\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
      + "<rect width=\"8\" height=\"8\" fill=\"#bbbbbb\"/>" + mark("dots") + "</pattern>"
    return defs + "</defs>"
  }

  static func mark(_ pattern: String) -> String {
    switch pattern {
    case "diagonal": "<path d=\"M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6\" stroke=\"#000\" stroke-width=\"1.2\"/>"
    case "dots": "<circle cx=\"4\" cy=\"4\" r=\"1.4\" fill=\"#000\"/>"
    case "horizontal": "<path d=\"M0,4 L8,4\" stroke=\"#000\" stroke-width=\"1\"/>"
    case "blank": "<rect x=\"0.5\" y=\"0.5\" width=\"7\" height=\"7\" fill=\"none\" stroke=\"#888\" stroke-width=\"0.5\"/>"
    default: ""
    }
  }

  /// Failing findings per severity for each layer (and those outside any layer), one
  /// stacked bar each with its counts written beside it.
  static func severityByLayer(_ failing: [Finding], layers: LayerIndex) -> [String] {
    var groups: [(label: String, findings: [Finding])] = []
    if layers.all.isEmpty {
      groups.append(("all findings", failing))
    } else {
      for index in layers.all { groups.append(("layer \(index)", failing.filter { layers.layer(of: $0) == index })) }
      let outside = failing.filter { layers.layer(of: $0) == nil }
      if !outside.isEmpty { groups.append(("image config", outside)) }
    }
    let maximum = max(1, groups.map(\.findings.count).max() ?? 1)
    let rowHeight = 24, top = 34, labelWidth = 90, barWidth = 420
    let height = top + groups.count * rowHeight + 8
    var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-severity-by-layer\" role=\"img\" "
      + "viewBox=\"0 0 900 \(height)\" width=\"900\" height=\"\(height)\" aria-labelledby=\"chart-severity-title\">"
      + "<title id=\"chart-severity-title\">Failing findings by severity and layer</title>" + patterns()
    var x = 0
    for severity in severities {
      guard let style = styles[severity] else { continue }
      svg += "<rect x=\"\(x)\" y=\"4\" width=\"14\" height=\"14\" fill=\"url(#plm-\(severity.rawValue))\" stroke=\"#000\"/>"
        + "<text x=\"\(x + 18)\" y=\"16\">\(style.letter) = \(severity.rawValue)</text>"
      x += 130
    }
    for (row, group) in groups.enumerated() {
      let y = top + row * rowHeight
      svg += "<text x=\"0\" y=\"\(y + 15)\">\(HTMLWriter.escape(group.label))</text>"
      var offset = labelWidth
      var parts: [String] = []
      for severity in severities {
        let count = group.findings.filter { $0.severity == severity }.count
        guard count > 0, let style = styles[severity] else { continue }
        let width = max(2, count * barWidth / maximum)
        svg += "<rect x=\"\(offset)\" y=\"\(y + 2)\" width=\"\(width)\" height=\"18\" fill=\"url(#plm-\(severity.rawValue))\" "
          + "stroke=\"#000\" stroke-width=\"0.5\"><title>\(group.label): \(count) \(severity.rawValue)</title></rect>"
        offset += width
        parts.append("\(style.letter) \(count)")
      }
      let total = group.findings.count
      svg += "<text x=\"\(offset + 6)\" y=\"\(y + 15)\">\(total == 0 ? "none" : "\(total): " + parts.joined(separator: ", "))</text>"
    }
    return ["<figure><figcaption>Failing findings by severity and layer</figcaption>", svg + "</svg>", "</figure>"]
  }

  /// The share of vulnerabilities with a fixed version, as one labelled bar.
  static func fixableShare(fixable: Int, total: Int) -> [String] {
    let barWidth = 600
    let fixedWidth = total == 0 ? 0 : fixable * barWidth / total
    let percent = total == 0 ? 0 : (fixable * 100 + total / 2) / total
    var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-fixable\" role=\"img\" viewBox=\"0 0 900 56\" "
      + "width=\"900\" height=\"56\" aria-labelledby=\"chart-fixable-title\">"
      + "<title id=\"chart-fixable-title\">Vulnerabilities with a fix: \(fixable) of \(total)</title>" + patterns()
    if fixedWidth > 0 {
      svg += "<rect x=\"0\" y=\"4\" width=\"\(fixedWidth)\" height=\"22\" fill=\"url(#plm-fixable)\" stroke=\"#000\"/>"
    }
    if fixedWidth < barWidth {
      svg += "<rect x=\"\(fixedWidth)\" y=\"4\" width=\"\(barWidth - fixedWidth)\" height=\"22\" fill=\"url(#plm-nofix)\" stroke=\"#000\"/>"
    }
    svg += "<text x=\"0\" y=\"46\">fixable (stripes): \(fixable) of \(total) (\(percent)%) · no fix (dots): \(total - fixable)</text>"
    return ["<figure><figcaption>Fixable share of vulnerabilities</figcaption>", svg + "</svg>", "</figure>"]
  }
}
