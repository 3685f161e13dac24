import Foundation

/// Small helpers shared by the writers: timestamps, stable hashes, identifiers.
enum ReportSupport {
  /// RFC 3339 / ISO 8601 UTC timestamp with seconds (`2026-01-02T03:04:05Z`), as SPDX requires.
  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
  }

  /// A value as pretty-printed JSON with sorted keys and unescaped slashes, ending in a
  /// newline: how the rule list and the database status are printed.
  static func prettyJSON(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
  }

  /// `base`, or `base` with the first of the suffixes `2`, `3`, … (after `separator`) that is
  /// not in `used`; the result is added to `used`.
  static func unique(_ base: String, separator: String, among used: inout Set<String>) -> String {
    var name = base
    var occurrence = 1
    while used.contains(name) {
      occurrence += 1
      name = base + separator + String(occurrence)
    }
    used.insert(name)
    return name
  }

  /// 64-bit FNV-1a of the UTF-8 bytes, as 16 hex digits: a stable, dependency-free fingerprint.
  static func fingerprint(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }

  /// The `created_by` line as a Dockerfile instruction: Docker's shell prefix
  /// (`/bin/sh -c #(nop) `, `/bin/sh -c `, BuildKit's `|N ARG=… /bin/sh -c `) and the
  /// ` # buildkit` suffix removed, whitespace collapsed. Shell commands read `RUN …`.
  static func abbreviatedCreatedBy(_ createdBy: String?) -> String? {
    guard var text = createdBy?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty
    else { return nil }
    if text.hasSuffix("# buildkit") {
      text = String(text.dropLast("# buildkit".count)).trimmingCharacters(in: .whitespaces)
    }
    if text.hasPrefix("/bin/sh -c #(nop) ") {
      text.removeFirst("/bin/sh -c #(nop) ".count)
    } else if text.hasPrefix("/bin/sh -c ") {
      text = "RUN " + text.dropFirst("/bin/sh -c ".count)
    } else if text.hasPrefix("RUN /bin/sh -c ") {
      text = "RUN " + text.dropFirst("RUN /bin/sh -c ".count)
    } else if text.hasPrefix("|"), let range = text.range(of: " /bin/sh -c ") {
      text = "RUN " + text[range.upperBound...]
    }
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
    return words.isEmpty ? nil : words.joined(separator: " ")
  }
}
