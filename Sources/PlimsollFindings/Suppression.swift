/// What a VEX statement says about a finding it does not take out of the report: the vendor
/// confirms it (`affected`, with what to do) or is still looking (`under_investigation`).
public struct VEXNote: Codable, Sendable, Hashable {
  /// The statement's status: `affected` or `under_investigation`.
  public var status: String
  /// The impact or action statement, when the document gives one.
  public var statement: String?
  /// The VEX document it came from.
  public var source: String

  public init(status: String, statement: String? = nil, source: String) {
    self.status = status
    self.statement = statement
    self.source = source
  }
}

/// A finding taken out of the report by a decision someone made, kept with that decision so
/// reports can show it and `--format openvex` can state it.
public struct Suppression: Codable, Sendable, Hashable {
  /// Who decided.
  public enum Decision: String, Codable, Sendable {
    /// A VEX statement (`not_affected` or `fixed`).
    case vex
    /// An entry of the ignore file.
    case ignoreFile = "ignore_file"
    /// `--ignore-status`: the user accepts findings with the distribution's status.
    case ignoreStatus = "ignore_status"
  }

  public var finding: Finding
  public var decision: Decision
  /// The VEX status (`not_affected`, `fixed`), or the finding's status for `--ignore-status`,
  /// or `ignored` for an ignore-file entry.
  public var status: String
  /// An OpenVEX justification (`vulnerable_code_not_present`, …) when one was given.
  public var justification: String?
  /// The impact statement, or the ignore entry's reason.
  public var statement: String?
  /// The VEX document or ignore file; `--ignore-status` for that option.
  public var source: String

  public init(finding: Finding, decision: Decision, status: String, justification: String? = nil,
              statement: String? = nil, source: String) {
    self.finding = finding
    self.decision = decision
    self.status = status
    self.justification = justification
    self.statement = statement
    self.source = source
  }
}
