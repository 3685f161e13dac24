public import PlimsollDiagnostics
import Foundation
import Yams

/// One policy file (`plimsoll-policy.yaml`) that says whether an image may run: where it may
/// come from, which tags are refused, who must have signed it, and which findings deny it.
/// Every section is optional; an absent section allows everything it would judge.
///
/// ```yaml
/// registries: ["registry.example.com/team/*", "docker.io/library/*"]
/// tags:
///   forbid: [latest]
///   requireDigest: false
/// signatures:
///   - scope: "registry.example.com/team/*"
///     keys: [keys/cosign.pub]           # each key must have signed
///     keyrings: [keys/trusted.gpg]      # a key of each keyring must have signed
///     registriesD: registries.d         # lookaside stores for the keyrings
///     identities:                       # keyless: each identity must have signed
///       - {identity: release@example.com, issuer: https://accounts.example.com,
///          trustedRoot: trusted_root.json}
/// base:
///   maxAgeDays: 30                      # built on its base tag's current image, or that
///                                       # image is at most 30 days old
/// vulnerabilities:
///   denyKnownExploited: true            # no CVE in CISA's KEV catalog
///   denyFixable: [critical]             # no vulnerability of these severities with a fix
///   deny: []                            # no vulnerability of these severities at all
/// configuration:
///   denyRoot: true                      # PLM-IMG-001
///   denySecrets: true                   # no secret in layers, environment or history
/// ```
/// Paths are relative to the policy file's directory.
public struct AdmissionPolicy: Sendable, Equatable {
  /// Required signers for images whose `registry/repository` matches `scope`.
  public struct SignerRule: Sendable, Equatable {
    public var scope: String
    public var keys: [String]
    public var keyrings: [String]
    public var registriesDirectory: String?
    public var identities: [KeylessSigner] = []
  }

  /// A keyless signer: the certificate identity and OIDC issuer, and the trusted root file.
  public struct KeylessSigner: Sendable, Equatable {
    public var identity: String
    public var issuer: String
    public var trustedRoot: String
  }

  /// The vulnerability gate.
  public struct VulnerabilityGate: Sendable, Equatable {
    public var denyKnownExploited = false
    /// Severities (lowercase) denied when a fixed version exists.
    public var denyFixable: [String] = []
    /// Severities (lowercase) denied whether or not a fix exists.
    public var deny: [String] = []
  }

  /// The configuration gate.
  public struct ConfigurationGate: Sendable, Equatable {
    public var denyRoot = false
    public var denySecrets = false
  }

  /// The file read (for messages).
  public var file: String
  /// Allowed `registry/repository` globs; nil allows any.
  public var registries: [String]?
  public var forbiddenTags: [String] = []
  public var requireDigest = false
  public var signers: [SignerRule] = []
  /// `base.maxAgeDays`: how long an image may stay built on a base its tag has moved from.
  public var baseMaxAgeDays: Double?
  public var vulnerabilities: VulnerabilityGate?
  public var configuration: ConfigurationGate?

  static let severities = ["critical", "high", "medium", "low", "unknown"]

  /// Reads the policy file at `path`; unknown keys and wrong types are errors naming them.
  public init(file path: String) throws(InputError) {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(path, "cannot read the policy file")
    }
    try self.init(yaml: String(decoding: data, as: UTF8.self), file: path)
  }

  /// Parses policy text; relative paths are resolved against `file`'s directory.
  public init(yaml text: String, file: String) throws(InputError) {
    self.file = file
    let base = (file as NSString).deletingLastPathComponent
    func resolve(_ path: String) -> String {
      path.hasPrefix("/") || base.isEmpty ? path : (base as NSString).appendingPathComponent(path)
    }
    func fail(_ problem: String) -> InputError { InputError(file, problem) }
    let loaded: Any?
    do {
      loaded = try Yams.load(yaml: text)
    } catch {
      throw fail("not YAML: \(error)")
    }
    guard let top = loaded as? [String: Any] else { throw fail("the policy is not a YAML mapping") }
    func mapping(_ value: Any?, _ path: String, keys: Set<String>) throws(InputError) -> [String: Any]? {
      guard let value else { return nil }
      guard let mapping = value as? [String: Any] else { throw fail("\(path) is not a mapping") }
      if let unknown = Set(mapping.keys).subtracting(keys).sorted().first {
        throw fail("\(path).\(unknown) is not a policy setting (known: \(keys.sorted().joined(separator: ", ")))")
      }
      return mapping
    }
    func strings(_ value: Any?, _ path: String) throws(InputError) -> [String]? {
      guard let value else { return nil }
      guard let list = value as? [Any], list.allSatisfy({ $0 is String }) else { throw fail("\(path) is not a list of strings") }
      return list.compactMap { $0 as? String }
    }
    func flag(_ value: Any?, _ path: String) throws(InputError) -> Bool {
      guard let value else { return false }
      guard let flag = value as? Bool else { throw fail("\(path) is not true or false") }
      return flag
    }
    func severities(_ value: Any?, _ path: String) throws(InputError) -> [String] {
      let list = try strings(value, path)?.map { $0.lowercased() } ?? []
      if let wrong = list.first(where: { !Self.severities.contains($0) }) {
        throw fail("\(path): '\(wrong)' is not a severity (\(Self.severities.joined(separator: ", ")))")
      }
      return list
    }
    let known: Set<String> = ["registries", "tags", "signatures", "base", "vulnerabilities", "configuration"]
    if let unknown = Set(top.keys).subtracting(known).sorted().first {
      throw fail("\(unknown) is not a policy section (known: \(known.sorted().joined(separator: ", ")))")
    }
    registries = try strings(top["registries"], "registries")
    if let tags = try mapping(top["tags"], "tags", keys: ["forbid", "requireDigest"]) {
      forbiddenTags = try strings(tags["forbid"], "tags.forbid") ?? []
      requireDigest = try flag(tags["requireDigest"], "tags.requireDigest")
    }
    if let rules = top["signatures"] {
      guard let list = rules as? [Any] else { throw fail("signatures is not a list") }
      for (index, entry) in list.enumerated() {
        let path = "signatures[\(index)]"
        guard let rule = try mapping(entry, path, keys: ["scope", "keys", "keyrings", "registriesD", "identities"]) else { continue }
        guard let scope = rule["scope"] as? String else { throw fail("\(path).scope is missing or not a string") }
        let keys = try strings(rule["keys"], "\(path).keys") ?? []
        let keyrings = try strings(rule["keyrings"], "\(path).keyrings") ?? []
        var identities: [KeylessSigner] = []
        if let list = rule["identities"] {
          guard let list = list as? [Any] else { throw fail("\(path).identities is not a list") }
          for (position, item) in list.enumerated() {
            let itemPath = "\(path).identities[\(position)]"
            guard let signer = try mapping(item, itemPath, keys: ["identity", "issuer", "trustedRoot"]),
              let identity = signer["identity"] as? String, let issuer = signer["issuer"] as? String,
              let trustedRoot = signer["trustedRoot"] as? String
            else { throw fail("\(itemPath) needs identity, issuer and trustedRoot (strings)") }
            identities.append(KeylessSigner(identity: identity, issuer: issuer, trustedRoot: resolve(trustedRoot)))
          }
        }
        guard !keys.isEmpty || !keyrings.isEmpty || !identities.isEmpty else {
          throw fail("\(path) names no keys, keyrings or identities")
        }
        let directory = try rule["registriesD"].map { (value: Any) throws(InputError) -> String in
          guard let text = value as? String else { throw fail("\(path).registriesD is not a path") }
          return resolve(text)
        }
        signers.append(SignerRule(scope: scope, keys: keys.map(resolve), keyrings: keyrings.map(resolve),
                                  registriesDirectory: directory, identities: identities))
      }
    }
    if let base = try mapping(top["base"], "base", keys: ["maxAgeDays"]) {
      guard let days = (base["maxAgeDays"] as? NSNumber)?.doubleValue ?? (base["maxAgeDays"] as? Int).map(Double.init),
        days >= 0
      else { throw fail("base.maxAgeDays is not a number of days") }
      baseMaxAgeDays = days
    }
    if let gate = try mapping(top["vulnerabilities"], "vulnerabilities", keys: ["denyKnownExploited", "denyFixable", "deny"]) {
      vulnerabilities = VulnerabilityGate(
        denyKnownExploited: try flag(gate["denyKnownExploited"], "vulnerabilities.denyKnownExploited"),
        denyFixable: try severities(gate["denyFixable"], "vulnerabilities.denyFixable"),
        deny: try severities(gate["deny"], "vulnerabilities.deny"))
    }
    if let gate = try mapping(top["configuration"], "configuration", keys: ["denyRoot", "denySecrets"]) {
      configuration = ConfigurationGate(denyRoot: try flag(gate["denyRoot"], "configuration.denyRoot"),
                                        denySecrets: try flag(gate["denySecrets"], "configuration.denySecrets"))
    }
  }

  /// Whether `name` (`registry/repository`) matches `glob`: `*` within one path component,
  /// `**` across components, `?` one character.
  public static func matches(_ name: String, glob: String) -> Bool {
    var pattern = "^"
    var characters = glob[...]
    while let character = characters.first {
      characters = characters.dropFirst()
      switch character {
      case "*":
        if characters.first == "*" {
          characters = characters.dropFirst()
          pattern += ".*"
        } else {
          pattern += "[^/]*"
        }
      case "?": pattern += "[^/]"
      default: pattern += NSRegularExpression.escapedPattern(for: String(character))
      }
    }
    pattern += "$"
    return name.range(of: pattern, options: .regularExpression) != nil
  }
}
