public import PlimsollEngine
import PlimsollFindings
public import PlimsollDiagnostics

/// Reads `docker diff` output, the command line's form of the Engine's changes list.
///
/// Lets drift be checked from a saved `docker diff` (CI logs, an incident's evidence) where the
/// Engine API is not at hand.
public enum DockerDiff {
  /// Parses `A /path`, `C /path` and `D /path` lines; any other non-empty line is skipped with
  /// a warning naming `input` and the line number.
  public static func parse(_ text: String, input: String)
    -> (changes: [ContainerChange], warnings: [ScanWarning])
  {
    var changes: [ContainerChange] = []
    var warnings: [ScanWarning] = []
    // `\r\n` is one Character, and a newline: split on any newline.
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    for (number, trimmed) in lines.enumerated() {
      if trimmed.allSatisfy(\.isWhitespace) { continue }
      let kind: ContainerChange.Kind?
      switch trimmed.prefix(2) {
      case "A ": kind = .added
      case "C ": kind = .modified
      case "D ": kind = .deleted
      default: kind = nil
      }
      guard let kind, trimmed.count > 2 else {
        warnings.append(ScanWarning(
          input: "\(input):\(number + 1)",
          message: "not a docker diff line (A, C or D, a space, a path); skipped"))
        continue
      }
      changes.append(ContainerChange(path: String(trimmed.dropFirst(2)), kind: kind))
    }
    return (changes, warnings)
  }
}
