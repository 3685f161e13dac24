public import PlimsollFindings

/// One place a rule matched: the lines and what was seen there (a failing observation).
public typealias RuleHit = Observation

extension Observation {
  /// A rule's match at lines `startLine`…`endLine`, with what was seen there.
  public init(startLine: Int? = nil, endLine: Int? = nil, evidence: String? = nil) {
    self.init(.fail, evidence, startLine: startLine, endLine: endLine)
  }

  /// A match on a whole Dockerfile instruction.
  public init(_ instruction: Instruction, evidence: String? = nil) {
    self.init(startLine: instruction.startLine, endLine: instruction.endLine,
              evidence: evidence ?? Self.summary(of: instruction))
  }

  static func summary(of instruction: Instruction) -> String {
    let text = SensitiveValues.redact("\(instruction.keyword) \(instruction.arguments)")
    return text.count > 200 ? String(text.prefix(200)) + "…" : text
  }
}

/// A misconfiguration rule: a check over a typed model (a Dockerfile, a Compose file,
/// Kubernetes manifests, an image configuration) whose hits are failures.
public typealias Rule<Model> = Check<Model>

extension Check {
  /// Builds a misconfiguration rule from its table columns.
  public init(_ id: String, _ aliases: [String], _ severity: Severity, _ title: String,
              rationale: String, remediation: String, references: [String] = [],
              check: @escaping @Sendable (Subject) -> [Observation]) {
    self.init(
      info: RuleInfo(id: id, aliases: aliases, kind: .misconfiguration, severity: severity,
                     title: title, rationale: rationale, remediation: remediation,
                     references: references),
      observe: check)
  }

  /// The findings of this rule over `model`, located in `path`.
  func findings(_ model: Subject, path: String) -> [Finding] {
    findings(model, at: path)
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
