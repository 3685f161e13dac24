import PlimsollFindings

/// One secret found by a rule: where, which rule, and the secret masked.
///
/// The secret itself is never stored, so no output path can print it whole.
public struct SecretMatch: Sendable, Hashable {
  public var ruleID: String
  public var title: String
  public var severity: Severity
  /// The path (or origin, such as `ENV`) that was scanned.
  public var path: String
  /// First and last line of the match (1-based).
  public var line: Int
  public var endLine: Int
  /// The secret's first characters and `****`.
  public var maskedSecret: String
  /// A SHA-256 of the rule and the secret: the same secret in two files or commits has the
  /// same fingerprint, and the secret cannot be read back from it.
  public var fingerprint: String = ""

  /// The finding for this match; `location` replaces the default (path and lines), e.g. to
  /// add a layer digest and its `created_by`.
  public func finding(location: Location? = nil) -> Finding {
    Finding(
      kind: .secret, id: ruleID, title: title, severity: severity, status: .fail,
      location: location ?? Location(path: path, startLine: line, endLine: endLine),
      remediation: "Revoke and rotate this credential; remove it from the file, its history "
        + "and every image layer that holds it.",
      evidence: maskedSecret)
  }
}

/// What happened to one scanned input.
public enum SecretScanOutcome: Sendable, Hashable {
  /// Scanned; the matches (possibly none).
  case scanned([SecretMatch])
  /// Skipped: a NUL byte in the first 8 KiB marks it as binary.
  case skippedBinary
  /// Skipped: larger than the scanner's size limit (the size in bytes).
  case skippedTooLarge(Int)
  /// Skipped: the path is on the allow-list.
  case skippedAllowedPath

  /// The matches, empty when the input was skipped.
  public var matches: [SecretMatch] {
    if case .scanned(let matches) = self { return matches }
    return []
  }
}
