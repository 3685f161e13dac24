import Foundation

/// Reads an image's history `created_by` lines, as both the image-config rules and the
/// engine's image checks (CIS 4) need them.
public enum ImageHistory {
  /// The shell commands of a history `created_by` line: strips `RUN`, `|N NAME=value`
  /// build-argument prefixes, `/bin/sh -c`, `#(nop)` and the `# buildkit` suffix.
  public static func commands(_ createdBy: String) -> [ShellCommand] {
    var text = Substring(createdBy.trimmingCharacters(in: .whitespaces))
    if text.hasSuffix("# buildkit") { text = text.dropLast("# buildkit".count) }
    if text.hasPrefix("RUN ") { text = text.dropFirst(4) }
    if text.hasPrefix("|") {
      // `|2 A=1 B=2 /bin/sh -c …`
      var words = text.split(separator: " ", omittingEmptySubsequences: true)
      let count = Int(words.first?.dropFirst() ?? "") ?? 0
      words.removeFirst(min(1 + count, words.count))
      text = Substring(words.joined(separator: " "))
    }
    for shell in ["/bin/sh -c ", "/bin/bash -c ", "sh -c "] where text.hasPrefix(shell) {
      text = text.dropFirst(shell.count)
      break
    }
    if text.trimmingCharacters(in: .whitespaces).hasPrefix("#(nop)") { return [] }
    return ShellScript.parse(String(text))
  }
}

/// Who an image or container runs as.
public enum ImageUser {
  /// Whether `user` (`Config.User`, `USER`: `name`, `uid`, `name:group`) is root: empty (the
  /// default), `root` or `0`, before any `:group`.
  public static func isRoot(_ user: String) -> Bool {
    let name = user.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first
      .map(String.init) ?? ""
    let trimmed = name.trimmingCharacters(in: .whitespaces)
    return trimmed.isEmpty || trimmed == "root" || trimmed == "0"
  }
}
