import PlimsollFindings

/// One place a rule matched: the lines and what was seen there.
public struct RuleHit: Sendable, Hashable {
  /// First line (1-based), where the input has lines.
  public var startLine: Int?
  /// Last line (1-based).
  public var endLine: Int?
  /// What was seen: an instruction, a key and value, a command.
  public var evidence: String?

  public init(startLine: Int? = nil, endLine: Int? = nil, evidence: String? = nil) {
    self.startLine = startLine
    self.endLine = endLine
    self.evidence = evidence
  }

  /// A hit on a whole Dockerfile instruction.
  public init(_ instruction: Instruction, evidence: String? = nil) {
    self.startLine = instruction.startLine
    self.endLine = instruction.endLine
    self.evidence = evidence ?? Self.summary(of: instruction)
  }

  static func summary(of instruction: Instruction) -> String {
    let text = SensitiveValues.redact("\(instruction.keyword) \(instruction.arguments)")
    return text.count > 200 ? String(text.prefix(200)) + "…" : text
  }
}

/// A rule: its documentation plus one check function over a typed model.
///
/// The table of rules is the single source for both the engine and `plimsoll rules`.
public struct Rule<Model>: Sendable {
  public var info: RuleInfo
  public var check: @Sendable (Model) -> [RuleHit]

  public init(info: RuleInfo, check: @escaping @Sendable (Model) -> [RuleHit]) {
    self.info = info
    self.check = check
  }

  /// Builds a misconfiguration rule from its table columns.
  public init(_ id: String, _ aliases: [String], _ severity: Severity, _ title: String,
              rationale: String, remediation: String, references: [String] = [],
              check: @escaping @Sendable (Model) -> [RuleHit]) {
    self.info = RuleInfo(id: id, aliases: aliases, kind: .misconfiguration, severity: severity,
                         title: title, rationale: rationale, remediation: remediation,
                         references: references)
    self.check = check
  }

  /// The findings of this rule over `model`, located in `path`.
  func findings(_ model: Model, path: String) -> [Finding] {
    check(model).map { hit in
      info.finding(
        status: .fail,
        location: Location(path: path, startLine: hit.startLine, endLine: hit.endLine ?? hit.startLine),
        evidence: hit.evidence)
    }
  }
}

/// Every rule Plimsoll's configuration scanner runs, for `plimsoll rules` and SARIF.
public enum RuleCatalog {
  /// All rules, Dockerfile first, then Compose, Kubernetes and image config.
  public static var all: [RuleInfo] {
    DockerfileRules.all.map(\.info) + ComposeRules.all.map(\.info)
      + KubernetesRules.all.map(\.info) + ImageConfigRules.all.map(\.info)
  }

  /// The rule with `id` (or with `id` among its aliases).
  public static func info(for id: String) -> RuleInfo? {
    all.first { $0.id == id } ?? all.first { $0.aliases.contains(id) }
  }
}

extension RuleInfo {
  /// Whether `ignored` (ids or aliases, any case) names this rule.
  func isIgnored(by ignored: Set<String>) -> Bool {
    guard !ignored.isEmpty else { return false }
    return ([id] + aliases).contains { name in
      ignored.contains(name) || ignored.contains(name.lowercased())
        || ignored.contains { $0.uppercased() == name }
    }
  }
}
