/// Every rule and check Plimsoll runs, from the tables the engines run: what `plimsoll rules`
/// lists and SARIF describes.
public enum RuleRegistry {
  /// Configuration rules (Dockerfile, Compose, Kubernetes, image config), secret rules, host
  /// checks, container and image checks, drift rules, base-image freshness.
  /// Rules with a fixer say what `plimsoll fix` does (`fix`).
  public static var all: [RuleInfo] {
    let fixers = DockerfileFixers.all.map { ($0.ruleID, $0.summary, $0.adviceOnly) }
      + (ComposeFixers.all + KubernetesFixers.all).map { ($0.ruleID, $0.summary, $0.adviceOnly) }
    let fixes = Dictionary(fixers.map { ($0.0, $0.1 + ($0.2 ? " (advice)" : "")) },
                           uniquingKeysWith: { first, _ in first })
    return (RuleCatalog.all + SecretRules.infos + HostChecks.infos + RuntimeChecks.infos + DriftRules.infos
      + Freshness.infos + DockerfileFreshness.infos).map { rule in
        var rule = rule
        rule.fix = fixes[rule.id]
        return rule
      }
  }
}
