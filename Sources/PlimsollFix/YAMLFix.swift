import Foundation
public import PlimsollFindings
import PlimsollRules

/// Fixes Compose files and Kubernetes manifests with `ComposeFixers` and `KubernetesFixers`,
/// proven by the same rules `plimsoll config` runs.
public enum YAMLFix {
  /// The rule ids that have a fixer.
  public static var fixableRuleIDs: Set<String> { Set(fixers.map(\.ruleID)) }

  static let fixers = ComposeFixers.all + KubernetesFixers.all

  static let engine = FixEngine<YAMLFile>(
    parse: { text in
      guard let documents = try? YAMLLoader.documents(text) else { return nil }
      return (YAMLFile(documents: documents, text: text), [])
    },
    scan: { file, path in
      KubernetesScanner.scan(data: Data(file.text.utf8), path: path).findings.filter(\.isFailing)
    },
    fixers: fixers)

  /// Fixes `text` (a Compose file or Kubernetes manifests); `rules` limits the fixers (nil: all).
  public static func fix(text: String, path: String, rules: Set<String>? = nil) -> FixOutcome {
    engine.fix(text: text, path: path, rules: rules)
  }
}
