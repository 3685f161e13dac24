import PlimsollSecrets
import PlimsollSource

/// Masks secrets in an image's history lines before any report shows them.
///
/// A `created_by` line travels into package layers, findings and SBOMs; when the secret
/// scanner finds a secret in one, every long credential-like token of that line is reduced
/// to its first four characters and `****`, as secrets are everywhere else.
public enum HistoryRedaction {
  /// The artifact with every history line that holds a secret masked.
  public static func redact(_ artifact: Artifact, scanner: SecretScanner) -> Artifact {
    var out = artifact
    var cache: [String: String] = [:]
    func clean(_ line: String?) -> String? {
      guard let line else { return nil }
      if let known = cache[line] { return known }
      let result = scanner.scanText(line, origin: "history").isEmpty ? line : maskTokens(line)
      cache[line] = result
      return result
    }
    for index in out.layers.indices {
      out.layers[index].createdBy = clean(out.layers[index].createdBy)
    }
    if let history = out.config?.history {
      out.config?.history = history.map { entry in
        var entry = entry
        entry.createdBy = clean(entry.createdBy)
        return entry
      }
    }
    return out
  }

  /// Masks every token of 12 or more characters that mixes letters with digits or symbols.
  static func maskTokens(_ line: String) -> String {
    var out = ""
    var token = ""
    func flush() {
      let letters = token.contains { $0.isLetter }
      let others = token.contains { $0.isNumber || "+/_-.".contains($0) }
      let mixedCase = token.contains { $0.isLowercase } && token.contains { $0.isUppercase }
      if token.count >= 12 && letters && (others || mixedCase) && !token.allSatisfy({ $0.isUppercase || $0 == "_" }) {
        out += token.prefix(4) + "****"
      } else {
        out += token
      }
      token = ""
    }
    for character in line {
      if character.isWhitespace || "=:'\",;".contains(character) {
        flush()
        out.append(character)
      } else {
        token.append(character)
      }
    }
    flush()
    return out
  }
}
