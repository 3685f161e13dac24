import Foundation
import PlimsollDiagnostics
import PlimsollFindings
import Yams

/// Why a user rules file cannot be used; every case names the file.
public enum SecretConfigError: LocalizedError, Equatable {
  /// The file could not be read.
  case unreadable(file: String, reason: String)
  /// The file is not valid YAML or not the expected shape.
  case malformed(file: String, reason: String)
  /// A rule entry is invalid (missing field, bad severity, bad regex).
  case invalidRule(file: String, rule: String, reason: String)
  /// `disable` names a rule that does not exist.
  case unknownRule(file: String, id: String)

  public var errorDescription: String? {
    switch self {
    case .unreadable(let file, let reason): "\(file): cannot read secret rules file: \(reason)"
    case .malformed(let file, let reason): "\(file): malformed secret rules file: \(reason)"
    case .invalidRule(let file, let rule, let reason): "\(file): rule '\(rule)': \(reason)"
    case .unknownRule(let file, let id): "\(file): disable: no secret rule has id '\(id)'"
    }
  }
}

/// A user's secret rules file: rules to add, rules to disable, and allow-listed paths and
/// regular expressions.
///
/// ```yaml
/// rules:
///   - id: acme-token
///     title: ACME internal token
///     severity: high
///     keywords: [acme_]
///     regex: 'acme_[a-z0-9]{32}'
///     entropy: 3.0          # optional
///     secretGroup: 0        # optional
///     allow: ['acme_0+']    # optional
///     path: '\.acme$'       # optional: run on whole files whose path matches
/// disable: [generic-password]
/// allow:
///   paths: ['vendor/**', '*.lock']
///   regexes: ['DUMMY-[A-Z]+']
/// ```
public struct SecretConfig: Sendable, Equatable {
  public var addedRules: [SecretRule]
  public var disabledRules: [String]
  public var allowPaths: [String]
  public var allowRegexes: [String]

  /// A configuration; `load` or `parse` build one from a file.
  public init(addedRules: [SecretRule] = [], disabledRules: [String] = [],
              allowPaths: [String] = [], allowRegexes: [String] = []) {
    self.addedRules = addedRules
    self.disabledRules = disabledRules
    self.allowPaths = allowPaths
    self.allowRegexes = allowRegexes
  }

  /// Reads and validates a rules file.
  public static func load(path: String) throws -> SecretConfig {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw SecretConfigError.unreadable(file: path, reason: error.localizedDescription)
    }
    return try parse(text, file: path)
  }

  /// Parses rules-file text; `file` names it in errors.
  public static func parse(_ text: String, file: String) throws -> SecretConfig {
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch {
      throw SecretConfigError.malformed(file: file, reason: "\(error)")
    }
    guard let node else { return SecretConfig() }
    guard let root = node.mapping else {
      throw SecretConfigError.malformed(file: file, reason: "the top level must be a mapping")
    }
    let known: Set<String> = ["rules", "disable", "allow"]
    for key in root.keys {
      guard let name = key.string, known.contains(name) else {
        throw SecretConfigError.malformed(
          file: file, reason: "unknown key '\(key.string ?? "?")' (expected rules, disable, allow)")
      }
    }
    var config = SecretConfig()
    if let rules = root["rules"] {
      guard let list = rules.sequence else {
        throw SecretConfigError.malformed(file: file, reason: "'rules' must be a list")
      }
      for (index, entry) in list.enumerated() {
        config.addedRules.append(try rule(from: entry, index: index, file: file))
      }
    }
    if let disable = root["disable"] {
      config.disabledRules = try strings(disable, field: "disable", file: file)
    }
    if let allow = root["allow"] {
      guard let mapping = allow.mapping else {
        throw SecretConfigError.malformed(
          file: file, reason: "'allow' must be a mapping with 'paths' and/or 'regexes'")
      }
      for key in mapping.keys where !["paths", "regexes"].contains(key.string ?? "") {
        throw SecretConfigError.malformed(
          file: file, reason: "unknown key 'allow.\(key.string ?? "?")' (expected paths, regexes)")
      }
      if let paths = mapping["paths"] {
        config.allowPaths = try strings(paths, field: "allow.paths", file: file)
      }
      if let regexes = mapping["regexes"] {
        config.allowRegexes = try strings(regexes, field: "allow.regexes", file: file)
        for pattern in config.allowRegexes {
          do {
            _ = try NSRegularExpression(pattern: pattern)
          } catch {
            throw SecretConfigError.malformed(
              file: file, reason: "allow.regexes: invalid regular expression '\(pattern)'")
          }
        }
      }
    }
    return config
  }

  /// The built-in rules with this file's rules added and its disabled rules removed.
  public func rules(applyingTo base: [SecretRule], file: String) throws -> [SecretRule] {
    let ids = Set(base.map(\.id) + addedRules.map(\.id))
    for id in disabledRules where !ids.contains(id) {
      throw SecretConfigError.unknownRule(file: file, id: id)
    }
    let baseIDs = Set(base.map(\.id))
    for rule in addedRules where baseIDs.contains(rule.id) {
      throw SecretConfigError.invalidRule(
        file: file, rule: rule.id, reason: "a built-in rule already has this id")
    }
    let disabled = Set(disabledRules)
    return (base + addedRules).filter { !disabled.contains($0.id) }
  }

  /// A scanner for the built-in rules adjusted by this file.
  public func scanner(file: String, base: [SecretRule] = SecretRules.all,
                      maxFileSize: Int = SecretScanner.defaultMaxFileSize) throws -> SecretScanner
  {
    do {
      return try SecretScanner(
        rules: try rules(applyingTo: base, file: file), allowPaths: allowPaths,
        allowRegexes: allowRegexes, maxFileSize: maxFileSize)
    } catch let error as SecretScannerError {
      throw SecretConfigError.malformed(file: file, reason: error.localizedDescription)
    }
  }

  static func strings(_ node: Node, field: String, file: String) throws -> [String] {
    if let single = node.scalar { return [single.string] }
    guard let list = node.sequence else {
      throw SecretConfigError.malformed(file: file, reason: "'\(field)' must be a list of strings")
    }
    return try list.map { item in
      guard let scalar = item.scalar else {
        throw SecretConfigError.malformed(
          file: file, reason: "'\(field)' must be a list of strings")
      }
      return scalar.string
    }
  }

  static func rule(from node: Node, index: Int, file: String) throws -> SecretRule {
    guard let mapping = node.mapping else {
      throw SecretConfigError.malformed(file: file, reason: "rules[\(index)] must be a mapping")
    }
    let known: Set<String> = ["id", "title", "severity", "keywords", "regex", "secretGroup",
                              "entropy", "allow", "stopwords", "path"]
    guard let id = mapping["id"]?.string, !id.isEmpty else {
      throw SecretConfigError.invalidRule(file: file, rule: "rules[\(index)]", reason: "missing 'id'")
    }
    for key in mapping.keys where !known.contains(key.string ?? "") {
      throw SecretConfigError.invalidRule(
        file: file, rule: id, reason: "unknown key '\(key.string ?? "?")'")
    }
    guard let regex = mapping["regex"]?.string, !regex.isEmpty else {
      throw SecretConfigError.invalidRule(file: file, rule: id, reason: "missing 'regex'")
    }
    var severity = Severity.high
    if let name = mapping["severity"]?.string {
      guard let parsed = Severity(name: name) else {
        throw SecretConfigError.invalidRule(
          file: file, rule: id, reason: "unknown severity '\(name)'")
      }
      severity = parsed
    }
    let keywords = try mapping["keywords"].map {
      try strings($0, field: "rules[\(index)].keywords", file: file)
    } ?? []
    let allow = try mapping["allow"].map {
      try strings($0, field: "rules[\(index)].allow", file: file)
    } ?? []
    let stopwords = try mapping["stopwords"].map {
      try strings($0, field: "rules[\(index)].stopwords", file: file)
    } ?? []
    var secretGroup: Int?
    if let group = mapping["secretGroup"] {
      guard let value = group.int, value >= 0 else {
        throw SecretConfigError.invalidRule(
          file: file, rule: id, reason: "'secretGroup' must be a non-negative integer")
      }
      secretGroup = value
    }
    var entropy: Double?
    if let floor = mapping["entropy"] {
      guard let value = floor.float, value >= 0 else {
        throw SecretConfigError.invalidRule(
          file: file, rule: id, reason: "'entropy' must be a non-negative number")
      }
      entropy = value
    }
    let path = mapping["path"]?.string
    if keywords.isEmpty && path == nil {
      throw SecretConfigError.invalidRule(
        file: file, rule: id, reason: "needs 'keywords' (or a 'path' pattern)")
    }
    let rule = SecretRule(
      id: id, title: mapping["title"]?.string ?? id, severity: severity, keywords: keywords,
      regex: regex, secretGroup: secretGroup, entropy: entropy, allow: allow,
      stopwords: stopwords, path: path, specificity: .prefixed)
    do {
      _ = try CompiledSecretRule(rule)
    } catch {
      throw SecretConfigError.invalidRule(
        file: file, rule: id, reason: error.localizedDescription)
    }
    return rule
  }
}

extension SecretConfigError: UnusableInput {}
