/// The one style of every message Plimsoll prints on standard error:
/// `plimsoll: error: INPUT: PROBLEM` and `plimsoll: warning: INPUT: MESSAGE`.
public enum DiagnosticLine {
  /// An error that ends the command.
  public static func error(_ message: String) -> String { "plimsoll: error: \(message)" }

  /// A problem that did not stop the command.
  public static func warning(_ message: String) -> String { "plimsoll: warning: \(message)" }

  /// A note that is neither (a count of what was left out, a hint).
  public static func note(_ message: String) -> String { "plimsoll: \(message)" }
}
