import Foundation
import PlimsollRules

/// Reads an image's history `created_by` lines: the legacy builder's
/// `/bin/sh -c #(nop)  ADD file:… in /` and `/bin/sh -c apt-get …`, and BuildKit's
/// `RUN /bin/sh -c … # buildkit` and `COPY … # buildkit`.
enum HistoryText {
  /// The shell commands of a history line, each as its words (the line read as the
  /// image-config rules read it).
  static func commands(_ line: String) -> [[String]] {
    ImageHistory.commands(line).map(\.words)
  }

  /// The first word after the package manager `tool` that is not an option.
  static func subcommand(of words: [String], tool: Set<String>) -> String? {
    guard let index = words.firstIndex(where: { tool.contains(($0 as NSString).lastPathComponent) })
    else { return nil }
    return words[(index + 1)...].first { !$0.hasPrefix("-") }
  }

  static let refreshing: [(tools: Set<String>, updates: Set<String>, installs: Set<String>)] = [
    (
      ["apt-get", "apt", "aptitude"], ["update"],
      ["install", "upgrade", "dist-upgrade", "full-upgrade"]
    ),
    (["apk"], ["update"], ["add", "upgrade"]),
    (
      ["yum", "dnf", "microdnf"], ["makecache", "check-update"], ["install", "update", "upgrade"]
    ),
    (["zypper"], ["refresh", "ref"], ["install", "in", "update", "up"]),
  ]

  /// Whether a step refreshes package lists without installing or upgrading in the same step
  /// (CIS 4.7).
  static func updatesAlone(_ line: String) -> Bool {
    let commands = commands(line)
    for manager in refreshing {
      let subcommands = commands.compactMap { subcommand(of: $0, tool: manager.tools) }
      if subcommands.contains(where: manager.updates.contains),
        !subcommands.contains(where: manager.installs.contains)
      {
        return true
      }
    }
    return false
  }

  /// Whether a step is the base root filesystem of the legacy builder (`ADD file:<hex> in /`).
  static func isBaseFilesystem(_ line: String) -> Bool {
    line.contains("#(nop)")
      && line.range(of: #"ADD file:[0-9a-f]+ in / *$"#, options: .regularExpression) != nil
  }

  /// Whether a step is an ADD instruction (legacy `#(nop) ADD` or BuildKit `ADD …`).
  static func isAdd(_ line: String) -> Bool {
    line.range(of: #"(^\s*|#\(nop\)\s+)ADD\s"#, options: .regularExpression) != nil
  }

  /// Whether a step strips setuid/setgid bits.
  static func removesSetuid(_ line: String) -> Bool {
    (line.contains("chmod")
      && (line.contains("a-s") || line.contains("u-s") || line.contains("g-s")))
      || line.contains("-perm /6000") || line.contains("-perm +6000")
  }

  /// Names that look like they hold a secret.
  static let secretPattern =
    #"(?i)(passw(or)?d|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential)"#

  /// The secret-named variables set with a value in `env` (`NAME=value`) or passed as build
  /// arguments to a legacy-builder step (`|2 NAME=value … /bin/sh -c …`), sorted.
  static func secretNames(env: [String], history: [String]) -> [String] {
    var names = Set<String>()
    func consider(_ assignment: Substring) {
      guard let equals = assignment.firstIndex(of: "=") else { return }
      let name = assignment[..<equals]
      let value = assignment[assignment.index(after: equals)...]
      if !value.isEmpty, name.range(of: secretPattern, options: .regularExpression) != nil {
        names.insert(String(name))
      }
    }
    for entry in env { consider(Substring(entry)) }
    for line in history {
      let words = line.split(separator: " ")
      guard let first = words.first, first.hasPrefix("|"), let count = Int(first.dropFirst())
      else { continue }
      for word in words.dropFirst().prefix(count) { consider(word) }
    }
    return names.sorted()
  }

  /// Options that turn off package signature or TLS checks, and how each is spelt.
  static let verificationSkips = [
    "--allow-unauthenticated", "--allow-insecure-repositories", "AllowUnauthenticated",
    "--nogpgcheck", "gpgcheck=0", "--allow-untrusted", "--no-check-certificate",
    "--trusted-host", "strict-ssl false", "--no-verify",
  ]

  /// The first verification-disabling option a step uses, if any (`curl -k`/`--insecure` too).
  static func skipsVerification(_ line: String) -> String? {
    if let option = verificationSkips.first(where: line.contains) { return option }
    for words in commands(line)
    where words.contains(where: { ($0 as NSString).lastPathComponent == "curl" }) {
      if words.contains("-k") { return "curl -k" }
      if words.contains("--insecure") { return "curl --insecure" }
    }
    return nil
  }
}
