import Foundation

/// One judgement of the policy about one image: which gate, allow or deny, and why.
public struct AdmissionDecision: Sendable, Equatable {
  /// The policy section that decided.
  public enum Gate: String, Sendable, CaseIterable {
    case registries, tags, signatures, base, vulnerabilities, configuration
  }

  public var gate: Gate
  public var allowed: Bool
  /// Why, naming the policy setting and what was seen.
  public var reason: String

  public init(_ gate: Gate, allowed: Bool, _ reason: String) {
    self.gate = gate
    self.allowed = allowed
    self.reason = reason
  }
}

/// Every decision of the policy about one image.
public struct AdmissionEvaluation: Sendable {
  /// The image as written (on the command line or in the manifest).
  public var image: String
  /// Where the image was named, for images read from Kubernetes manifests
  /// (`k8s/web.yaml:14 Deployment web, container app`).
  public var origin: String?
  public var decisions: [AdmissionDecision]

  public init(image: String, origin: String? = nil, decisions: [AdmissionDecision]) {
    self.image = image
    self.origin = origin
    self.decisions = decisions
  }

  /// Allowed when no decision denies.
  public var allowed: Bool { decisions.allSatisfy(\.allowed) }
}

/// The policy's answer for every image checked.
public struct AdmissionReport: Sendable {
  public var policy: String
  public var evaluations: [AdmissionEvaluation]

  public init(policy: String, evaluations: [AdmissionEvaluation]) {
    self.policy = policy
    self.evaluations = evaluations
  }

  /// Allowed when every image is.
  public var allowed: Bool { evaluations.allSatisfy(\.allowed) }

  /// The report: one block per image, one line per decision, then the verdict.
  public var text: String {
    var lines: [String] = []
    for evaluation in evaluations {
      lines.append("\(evaluation.allowed ? "ALLOW" : "DENY ") \(evaluation.image)"
        + (evaluation.origin.map { "  (\($0))" } ?? ""))
      for decision in evaluation.decisions {
        let gate = decision.gate.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
        lines.append("  \(decision.allowed ? "allow" : "deny ")  \(gate)\(decision.reason)")
      }
    }
    let denied = evaluations.filter { !$0.allowed }.count
    lines.append(denied == 0
      ? "policy \(policy): \(evaluations.count) image\(evaluations.count == 1 ? "" : "s") allowed"
      : "policy \(policy): \(denied) of \(evaluations.count) image\(evaluations.count == 1 ? "" : "s") denied")
    return lines.joined(separator: "\n")
  }
}
