import Testing
@testable import PlimsollVersions

/// apk-tools' own test vectors (test/unit/version.data), checked line by line.
@Suite struct APKVersionDataTests {
  /// apk's `apk_version_result_mask`: `<` less, `>` greater, `=` equal, `~` fuzzy and equal.
  static func matches(_ left: String, _ op: String, _ right: String) -> Bool {
    var less = false, greater = false, equal = false, fuzzy = false
    for character in op {
      switch character {
      case "<": less = true
      case ">": greater = true
      case "=": equal = true
      case "~": fuzzy = true; equal = true
      default: return false
      }
    }
    let a = APKVersion(unchecked: left)
    let b = APKVersion(unchecked: right)
    let order = fuzzy ? (a.fuzzyMatches(b) ? 0 : a.compare(to: b)) : a.compare(to: b)
    return (order < 0 && less) || (order > 0 && greater) || (order == 0 && equal)
  }

  @Test func everyVectorHolds() throws {
    var checked = 0
    var failures: [String] = []
    for rawLine in try Fixtures.lines("apk-version.data") {
      let line = (rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        .trimmingCharacters(in: .whitespaces)
      if line.isEmpty { continue }
      let fields = line.split(separator: " ").map(String.init)
      var ok: Bool
      if fields.count == 3 {
        var op = fields[1]
        let invert = op.hasPrefix("!")
        if invert { op.removeFirst() }
        ok = Self.matches(fields[0], op, fields[2])
        if invert { ok.toggle() }
      } else {
        var version = fields[0]
        let invert = version.hasPrefix("!")
        if invert { version.removeFirst() }
        ok = (try? APKVersion(version)) != nil
        if invert { ok.toggle() }
      }
      checked += 1
      if !ok { failures.append(line) }
    }
    #expect(checked > 700)
    #expect(failures.isEmpty, "apk vectors failing: \(failures)")
  }

  @Test func invalidVersionIsATypedError() {
    #expect(throws: VersionError.self) { try APKVersion("1.0-foo") }
    #expect(throws: VersionError.self) { try APKVersion("") }
  }
}
