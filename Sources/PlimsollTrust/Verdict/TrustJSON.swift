import Foundation

/// How `verify` and `policy check` print their verdicts.
public enum TrustOutputFormat: String, Sendable, CaseIterable {
  /// The report lines.
  case text
  /// One JSON object (keys sorted), for CI gates.
  case json
}

extension SignatureVerification {
  /// The verdict as JSON: `verified`, `reference`, `digest`, `requirement`, `searched`, and
  /// each signature's `location`, `accepted`, `signer`, `problem` (and, for attestations,
  /// `predicateType` and the `predicate` itself).
  public var json: String {
    TrustJSON.text([
      "verified": verified, "reference": reference, "digest": digest, "requirement": requirement,
      "searched": searched, "summary": summary,
      "signatures": signatures.map { signature -> [String: Any] in
        var object: [String: Any] = ["location": signature.location, "accepted": signature.accepted]
        if let signer = signature.signer { object["signer"] = signer }
        if let problem = signature.problem { object["problem"] = problem }
        if let type = signature.predicateType { object["predicateType"] = type }
        if let predicate = signature.predicate, let parsed = try? JSONSerialization.jsonObject(with: predicate) {
          object["predicate"] = parsed
        }
        return object
      },
    ])
  }
}

extension AdmissionReport {
  /// The report as JSON: `allowed`, `policy`, and per image its `allowed`, `origin` and
  /// `decisions` (`gate`, `allowed`, `reason`).
  public var json: String {
    TrustJSON.text([
      "allowed": allowed, "policy": policy,
      "images": evaluations.map { evaluation -> [String: Any] in
        var object: [String: Any] = [
          "image": evaluation.image, "allowed": evaluation.allowed,
          "decisions": evaluation.decisions.map {
            ["gate": $0.gate.rawValue, "allowed": $0.allowed, "reason": $0.reason] as [String: Any]
          },
        ]
        if let origin = evaluation.origin { object["origin"] = origin }
        return object
      },
    ])
  }
}

enum TrustJSON {
  static func text(_ object: [String: Any]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
      ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }
}
