public import PlimsollFindings
public import PlimsollRegistry

/// The gates that need no network: where the image comes from, its tag, and what a scan's
/// findings say. Each returns nil when the policy has no such section.
extension AdmissionPolicy {
  /// `registries`: the image's `registry/repository` must match one glob.
  public func registryDecision(_ reference: ImageReference) -> AdmissionDecision? {
    guard let registries else { return nil }
    let name = SignedIdentity.repository(reference)
    if let glob = registries.first(where: { Self.matches(name, glob: $0) }) {
      return AdmissionDecision(.registries, allowed: true, "\(name) matches \(glob)")
    }
    return AdmissionDecision(.registries, allowed: false,
      "\(name) matches none of the allowed registries (" + registries.joined(separator: ", ") + ")")
  }

  /// `tags`: a forbidden tag (an image named without tag or digest is `latest`), or no digest
  /// where one is required.
  public func tagDecision(_ reference: ImageReference) -> AdmissionDecision? {
    guard !forbiddenTags.isEmpty || requireDigest else { return nil }
    if requireDigest, reference.digest == nil {
      return AdmissionDecision(.tags, allowed: false, "not pinned by digest (tags.requireDigest)")
    }
    if reference.digest == nil, let tag = reference.tag,
      let glob = forbiddenTags.first(where: { Self.matches(tag, glob: $0) })
    {
      return AdmissionDecision(.tags, allowed: false, "tag \(tag) is forbidden (tags.forbid: \(glob))")
    }
    return AdmissionDecision(.tags, allowed: true, reference.digest.map { "pinned by digest \($0)" }
      ?? "tag \(reference.tag ?? "latest") is not forbidden")
  }

  /// The signer rules whose scope matches the image.
  public func signerRules(for reference: ImageReference) -> [SignerRule] {
    let name = SignedIdentity.repository(reference)
    return signers.filter { Self.matches(name, glob: $0.scope) }
  }

  /// `vulnerabilities` over a scan's findings; `notChecked` says why there are none to judge
  /// (no advisory data), which denies: the gate fails closed.
  public func vulnerabilityDecision(_ findings: [Finding], notChecked: String? = nil) -> AdmissionDecision? {
    guard let gate = vulnerabilities else { return nil }
    if let notChecked {
      return AdmissionDecision(.vulnerabilities, allowed: false, "vulnerabilities not checked: \(notChecked)")
    }
    let open = findings.filter { $0.kind == .vulnerability && $0.isFailing }
    var denied: [String] = []
    for finding in open {
      let severity = finding.severity.rawValue.lowercased()
      let package = finding.package.map { " in \($0.name) \($0.installedVersion)" } ?? ""
      if gate.denyKnownExploited, finding.exploitation?.knownExploited != nil {
        denied.append("\(finding.id)\(package) is known exploited (CISA KEV; vulnerabilities.denyKnownExploited)")
      } else if gate.deny.contains(severity) {
        denied.append("\(finding.id)\(package) is \(severity) (vulnerabilities.deny)")
      } else if gate.denyFixable.contains(severity), let fixed = finding.package?.fixedVersion {
        denied.append("\(finding.id)\(package) is \(severity) with a fix in \(fixed) (vulnerabilities.denyFixable)")
      }
    }
    if denied.isEmpty {
      var checked: [String] = []
      if gate.denyKnownExploited { checked.append("none known exploited") }
      if !gate.deny.isEmpty { checked.append("none " + gate.deny.joined(separator: "/")) }
      if !gate.denyFixable.isEmpty { checked.append("none " + gate.denyFixable.joined(separator: "/") + " with a fix") }
      return AdmissionDecision(.vulnerabilities, allowed: true,
        "\(open.count) vulnerabilit\(open.count == 1 ? "y" : "ies"): " + (checked.isEmpty ? "nothing denied" : checked.joined(separator: ", ")))
    }
    return AdmissionDecision(.vulnerabilities, allowed: false, Self.list(denied))
  }

  /// `configuration` over a scan's findings: the root-user rule and secret findings.
  public func configurationDecision(_ findings: [Finding]) -> AdmissionDecision? {
    guard let gate = configuration, gate.denyRoot || gate.denySecrets else { return nil }
    var denied: [String] = []
    if gate.denyRoot, let root = findings.first(where: { $0.id == Self.rootUserRule && $0.isFailing }) {
      denied.append("\(root.id) \(root.title)" + (root.evidence.map { " (\($0))" } ?? "") + " (configuration.denyRoot)")
    }
    if gate.denySecrets {
      for secret in findings where secret.kind == .secret && secret.isFailing
        || secret.kind == .misconfiguration && Self.secretRules.contains(secret.id) && secret.isFailing
      {
        let place = secret.location.map { " at \($0.path)" + ($0.startLine.map { ":\($0)" } ?? "") } ?? ""
        denied.append("\(secret.id) \(secret.title)\(place) (configuration.denySecrets)")
      }
    }
    if denied.isEmpty {
      return AdmissionDecision(.configuration, allowed: true,
        [gate.denyRoot ? "does not run as root" : nil, gate.denySecrets ? "no secret found" : nil]
          .compactMap { $0 }.joined(separator: ", "))
    }
    return AdmissionDecision(.configuration, allowed: false, Self.list(denied))
  }

  /// The image rule "Image runs as root".
  static let rootUserRule = "PLM-IMG-001"
  /// The image rules that report secrets in the environment and history.
  static let secretRules: Set<String> = ["PLM-IMG-002", "PLM-IMG-003"]

  /// The first few reasons and how many more.
  static func list(_ reasons: [String], limit: Int = 5) -> String {
    reasons.prefix(limit).joined(separator: "; ")
      + (reasons.count > limit ? "; and \(reasons.count - limit) more" : "")
  }
}
