public import Foundation
public import PlimsollDiagnostics
public import PlimsollFindings
import Yams

/// One entry of an ignore file: which finding to drop, where, why, and until when.
public struct IgnoreRule: Sendable, Hashable {
  /// A finding id or alias (`CVE-2023-1234`, `PLM-DF-001`).
  public var id: String
  /// Only for this package (name) or file path, when set.
  public var package: String?
  public var reason: String?
  /// The day after which the entry stops applying.
  public var expires: Date?
  /// Where the entry was written (`.plimsollignore:4`).
  public var origin: String


  /// Whether the entry covers a finding.
  public func covers(_ finding: Finding) -> Bool {
    guard finding.id == id || finding.aliases.contains(id) else { return false }
    guard let package else { return true }
    return finding.package?.name == package || finding.location?.path == package
  }
}

/// Reads `.plimsollignore`: YAML (`ignore: [{id, package, reason, expires}]`) or, as Trivy's
/// `.trivyignore`, one id per line with `#` comments.
public enum IgnoreFile {
  /// An unreadable or malformed ignore file, named with the problem.
  public struct ParseError: LocalizedError, Sendable {
    public var path: String
    public var problem: String
    public var errorDescription: String? { "\(path): \(problem)" }
  }

  /// The ignore file read when none is named, if it exists in the working directory.
  public static let defaultPath = ".plimsollignore"

  /// The entries of `path`, or of `defaultPath` when no file is named and it exists.
  public static func rules(at path: String?) throws -> [IgnoreRule] {
    if let path { return try load(path: path) }
    guard FileManager.default.fileExists(atPath: defaultPath) else { return [] }
    return try load(path: defaultPath)
  }

  /// Parses the file's text; `path` names it in errors and origins.
  public static func parse(_ text: String, path: String) throws -> [IgnoreRule] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let meaningful = lines.map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    if !meaningful.isEmpty && meaningful.allSatisfy({ !$0.contains(":") && !$0.contains(" ") }) {
      return lines.enumerated().compactMap { index, line in
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
        return IgnoreRule(id: trimmed, origin: "\(path):\(index + 1)")
      }
    }
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch {
      throw ParseError(path: path, problem: "malformed YAML: \(error)")
    }
    guard let node else { return [] }
    guard let entries = node.mapping?["ignore"]?.sequence ?? node.sequence else {
      throw ParseError(path: path, problem: "expected a list under 'ignore:'")
    }
    var rules: [IgnoreRule] = []
    for entry in entries {
      let line = entry.mark.map { "\(path):\($0.line)" } ?? path
      if let id = entry.string {
        rules.append(IgnoreRule(id: id, origin: line))
        continue
      }
      guard let fields = entry.mapping, let id = fields["id"]?.string, !id.isEmpty else {
        throw ParseError(path: line, problem: "an ignore entry needs an 'id'")
      }
      var expires: Date?
      if let text = fields["expires"]?.string {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        guard let day = formatter.date(from: text) else {
          throw ParseError(path: line, problem: "expires '\(text)' is not a date (YYYY-MM-DD)")
        }
        expires = day.addingTimeInterval(86_400)  // the whole named day still counts
      }
      rules.append(IgnoreRule(id: id, package: fields["package"]?.string ?? fields["path"]?.string,
                              reason: fields["reason"]?.string, expires: expires, origin: line))
    }
    return rules
  }

  /// Reads and parses a file.
  public static func load(path: String) throws -> [IgnoreRule] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ParseError(path: path, problem: "cannot read the ignore file")
    }
    return try parse(String(decoding: data, as: UTF8.self), path: path)
  }
}

extension IgnoreFile.ParseError: UnusableInput {}
