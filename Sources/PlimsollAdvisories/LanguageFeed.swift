import PlimsollDiagnostics

/// The language feeds whose archives hold one advisory per member in the feed's own format
/// (RubySec, Node.js security WG, FriendsOfPHP), recognised by member path and content.
enum LanguageFeed {
  case rubySec
  case nodeSecurity
  case friendsOfPHP
  /// A member of one of these feeds that holds no advisory Plimsoll matches (an index, the
  /// Ruby interpreter and Node.js runtime advisories): read past, not counted.
  case notMatched

  /// The feed an archive member belongs to, or nil when it is none of them.
  init?(member: String, contents: [UInt8]) {
    if RubySecAdvisoryImporter.isGemAdvisory(member) {
      self = .rubySec
    } else if RubySecAdvisoryImporter.isInterpreterAdvisory(member) {
      self = .notMatched
    } else if NodeSecurityImporter.isFeedMember(member) {
      self = NodeSecurityImporter.isEcosystemAdvisory(member) ? .nodeSecurity : .notMatched
    } else if FriendsOfPHPImporter.isAdvisory(member, contents: contents) {
      self = .friendsOfPHP
    } else {
      return nil
    }
  }

  /// Parses one member; nil for a member that holds nothing to match.
  func parse(_ bytes: [UInt8], input: String) -> Result<Advisory?, ScanWarning> {
    switch self {
    case .rubySec: RubySecAdvisoryImporter().parse(bytes, input: input)
    case .nodeSecurity: NodeSecurityImporter().parse(bytes, input: input)
    case .friendsOfPHP: FriendsOfPHPImporter().parse(bytes, input: input)
    case .notMatched: .success(nil)
    }
  }

  /// The name of the folder `levels` up from a member path (1: the member's own folder).
  static func folder(of member: String, levels: Int) -> Substring? {
    let parts = member.split(separator: "/")
    return parts.count > levels ? parts[parts.count - 1 - levels] : nil
  }
}
