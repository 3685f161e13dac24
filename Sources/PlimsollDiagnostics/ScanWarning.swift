/// A problem met while scanning that did not stop the scan: a malformed stanza skipped, a
/// file too large to read, a record that could not be imported.
///
/// Reports show warnings beside the findings so a partial result is never presented as
/// complete.
public struct ScanWarning: Codable, Sendable, Hashable, CustomStringConvertible, Error {
  /// The input it concerns: a file path, a layer digest, a record id.
  public var input: String
  /// What was wrong and what was done about it.
  public var message: String

  public init(input: String, message: String) {
    self.input = input
    self.message = message
  }

  public var description: String { "\(input): \(message)" }
}
