/// Every rule and check Plimsoll runs, from the tables the engines run: what `plimsoll rules`
/// lists and SARIF describes.
public enum RuleRegistry {
  /// Configuration rules (Dockerfile, Compose, Kubernetes, image config), secret rules, host
  /// checks, container and image checks, drift rules, base-image freshness.
  public static var all: [RuleInfo] {
    RuleCatalog.all + SecretRules.infos + HostChecks.infos + RuntimeChecks.infos + DriftRules.infos
      + Freshness.infos + DockerfileFreshness.infos
  }
}
