import Foundation
import PlimsollFindings

/// Reads the Debian security tracker's advisory lists (`data/DSA/list`, `DLA/list`,
/// `DTSA/list`): a header `[date] ID package - title`, then `{CVE…}` and one
/// `[release] - source version|<not-affected>|<unfixed>|<end-of-life>` line per release.
public struct DebianTrackerImporter {
  public init() {}

  static let months = ["Jan": "01", "Feb": "02", "Mar": "03", "Apr": "04", "May": "05", "Jun": "06",
                       "Jul": "07", "Aug": "08", "Sep": "09", "Oct": "10", "Nov": "11", "Dec": "12"]

  /// Parses a whole list; `source` is `debian-dsa`, `debian-dla` or `debian-dtsa`.
  public func parse(_ text: String, source: String, input: String, into sink: inout some AdvisorySink)
    throws -> ImportReport
  {
    var tally = ImportTally()
    var current: Advisory?
    var lineNumber = 0
    func flush() throws {
      if let advisory = current {
        try sink.add(advisory)
        tally.records += 1
      }
      current = nil
    }
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.isEmpty { continue }
      if rawLine.hasPrefix("[") {
        try flush()
        guard let header = parseHeader(line) else {
          tally.skip("\(input):\(lineNumber)", "malformed advisory header '\(line)'")
          continue
        }
        tally.note(date: header.date)
        current = Advisory(source: source, id: header.id, summary: header.title,
                           published: header.date,
                           references: ["https://security-tracker.debian.org/tracker/\(header.id)"])
        continue
      }
      guard current != nil else { continue }
      if line.hasPrefix("{") {
        let ids = line.trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
          .split(separator: " ").map(String.init)
        current?.aliases += ids
      } else if line.hasPrefix("[") {
        guard let entry = parseRelease(line) else {
          tally.skip("\(input):\(lineNumber)", "malformed release line '\(line)'")
          continue
        }
        current?.affected.append(entry)
      }
      // NOTE: lines and anything else carry no matching data.
    }
    try flush()
    return tally.report(name: source, origin: input)
  }

  /// `[29 Mar 2023] DSA-5380-1 xorg-server - security update`; DTSA headers write the date
  /// as `[August 26th, 2005]`.
  func parseHeader(_ line: String) -> (date: String, id: String, title: String)? {
    guard let close = line.firstIndex(of: "]") else { return nil }
    let dateParts = line[line.index(after: line.startIndex)..<close]
      .split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ",")) }
    guard dateParts.count == 3 else { return nil }
    let dayFirst = Int(dateParts[0]) != nil
    let monthName = String((dayFirst ? dateParts[1] : dateParts[0]).prefix(3))
    let dayText = (dayFirst ? dateParts[0] : dateParts[1]).prefix { $0.isNumber }
    guard let month = Self.months[monthName], let day = Int(dayText), let year = Int(dateParts[2])
    else { return nil }
    let rest = line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
    let words = rest.split(separator: " ", maxSplits: 1)
    guard let id = words.first, id.contains("-") else { return nil }
    let title = words.count > 1 ? String(words[1]) : ""
    let date = String(format: "%04d-%@-%02d", year, month, day)
    return (date, String(id), title)
  }

  /// `[bullseye] - xorg-server 2:1.20.11-1+deb11u6` and the marker forms.
  func parseRelease(_ line: String) -> AffectedEntry? {
    guard let close = line.firstIndex(of: "]") else { return nil }
    let release = String(line[line.index(after: line.startIndex)..<close])
    var rest = line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
    guard rest.hasPrefix("-") else { return nil }
    rest = rest.dropFirst().trimmingCharacters(in: .whitespaces)
    let words = rest.split(separator: " ", omittingEmptySubsequences: true)
    guard words.count >= 2, !release.isEmpty else { return nil }
    let package = String(words[0])
    let value = String(words[1])
    let note = words.count > 2
      ? words[2...].joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: "()"))
      : nil
    let ecosystem = "debian:\(release)"
    switch value {
    case "<not-affected>":
      return AffectedEntry(ecosystem: ecosystem, package: package, kind: .notAffected, note: note)
    case "<unfixed>":
      return AffectedEntry(ecosystem: ecosystem, package: package, kind: .unfixed, note: note)
    case "<end-of-life>":
      return AffectedEntry(ecosystem: ecosystem, package: package, kind: .endOfLife, note: note)
    default:
      guard !value.hasPrefix("<") else { return nil }
      return AffectedEntry(ecosystem: ecosystem, package: package, kind: .fixedIn,
                           fixedVersion: value, note: note)
    }
  }
}
