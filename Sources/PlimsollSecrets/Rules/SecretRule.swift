import PlimsollFindings

/// An extra test a candidate secret must pass, for formats a regular expression alone
/// cannot confirm.
public enum SecretCheck: String, Sendable, Codable, CaseIterable {
  /// No extra test.
  case none
  /// Base64 that decodes to printable `user:password` with both parts non-empty (Docker
  /// `config.json` `auth`).
  case base64UserPassword
  /// A JWT whose header decodes to a JSON object naming an `alg`.
  case jwtHeader
  /// A PEM body: at least 64 base64 characters once headers, whitespace and `\n` escapes
  /// are removed, and nothing else.
  case pemBody
  /// Unquoted configuration values: at least one letter and one digit, and not a dotted
  /// identifier or a call.
  case passwordLike
}

/// A byte-level test at a keyword hit that must pass before the rule's regular expression
/// runs there: it rejects most hits of common keywords (`password`, `token`, `://`) for the
/// cost of a few byte comparisons.
///
/// A gate must accept every hit the regular expression could match at; it may accept more.
public enum SecretGate: Sendable, Hashable {
  /// No test.
  case none
  /// At least this many token characters (`A-Za-z0-9` and `_.+/=~%-`) right after the keyword.
  case tail(Int)
  /// After the keyword: key characters, an optional quote, blanks, then `=` or `:`; when
  /// `quotedValue` is set, then blanks, an optional string prefix letter, a quote, at least
  /// that many characters other than quotes and blanks, and a closing quote.
  case assignment(quotedValue: Int?)
  /// An unquoted assignment whose key starts the line (after blanks, `- `, or a word
  /// `export`, `ENV` or `ARG`, as in a Dockerfile or an image history line) and
  /// whose value (no quotes, blanks, `` ` ``, `#`, `,` or `;`, at least `minValue` long) ends it.
  case lineAssignment(minValue: Int)
  /// Only blanks between the start of the line and the keyword.
  case lineStart
  /// After `scheme://`: user information with a `:` and then an `@` before any blank.
  case urlUserInfo
}

/// How a rule is specific: a generic rule yields to a specific one that finds the same
/// secret on the same line.
public enum SecretRuleSpecificity: Int, Sendable, Codable, Comparable {
  /// A keyword-and-entropy heuristic (`password = "…"`).
  case generic = 0
  /// A context rule (a vendor name near a value of the right shape).
  case contextual = 1
  /// A format with a fixed, distinctive prefix (`ghp_`, `AKIA`, `xoxb-`).
  case prefixed = 2

  /// Generic before contextual before prefixed.
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One secret detection rule: data only; `CompiledSecretRule` holds the compiled form.
///
/// A rule runs only on windows around a hit of one of its keywords (or, for a rule that
/// names files, on the whole of such a file), so a keyword must occur in every match.
public struct SecretRule: Sendable, Hashable {
  /// The stable id, e.g. `aws-access-key-id`.
  public var id: String
  public var title: String
  public var severity: Severity
  /// Lower-case literals, one of which occurs in every match (the prefilter's input).
  public var keywords: [String]
  /// An ICU regular expression (inline flags such as `(?i)` allowed).
  public var regex: String
  /// The capture group holding the secret; 0 = the whole match, `nil` = the first group
  /// that took part in the match (or the whole match when none did).
  public var secretGroup: Int?
  /// The least Shannon entropy (bits per character) the secret must have.
  public var entropy: Double?
  /// Regular expressions; a secret any of them finds is not reported.
  public var allow: [String]
  /// Lower-case words; a secret containing any of them is not reported.
  public var stopwords: [String]
  /// A regular expression on the file path: the rule runs on the whole of matching files
  /// (and only on them when it has no keywords).
  public var path: String?
  /// Lines of context before and after a keyword hit that the regular expression sees.
  public var linesBefore: Int
  public var linesAfter: Int
  public var check: SecretCheck
  public var specificity: SecretRuleSpecificity
  public var gate: SecretGate

  /// A rule; keywords and stopwords are lower-cased here.
  public init(id: String, title: String, severity: Severity, keywords: [String], regex: String,
              secretGroup: Int? = nil, entropy: Double? = nil, allow: [String] = [],
              stopwords: [String] = [], path: String? = nil, linesBefore: Int = 0,
              linesAfter: Int = 0, check: SecretCheck = .none,
              specificity: SecretRuleSpecificity = .prefixed, gate: SecretGate = .none) {
    self.id = id
    self.title = title
    self.severity = severity
    self.keywords = keywords.map { $0.lowercased() }
    self.regex = regex
    self.secretGroup = secretGroup
    self.entropy = entropy
    self.allow = allow
    self.stopwords = stopwords.map { $0.lowercased() }
    self.path = path
    self.linesBefore = linesBefore
    self.linesAfter = linesAfter
    self.check = check
    self.specificity = specificity
    self.gate = gate
  }

  /// The documentation entry `plimsoll rules` lists for this rule.
  public var info: RuleInfo {
    RuleInfo(
      id: id, kind: .secret, severity: severity, title: title,
      rationale: "A credential in a file or image can be read by anyone who can pull the "
        + "image or read the repository, including from layers a later layer deleted.",
      remediation: "Revoke and rotate the credential, remove it from the file and the "
        + "image history, and pass it at run time (secret store, mounted secret, env).")
  }
}
