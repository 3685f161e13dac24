/// What one check saw at one place: its verdict, the evidence, and where (a file and lines,
/// or a place such as `container:web`); a place left empty is the subject's own.
public struct Observation: Sendable, Hashable {
  public var status: FindingStatus
  /// What was seen: a field and its value, an instruction, a command.
  public var evidence: String?
  /// Where, when it is not the subject's own place: a host file, or the lines of a rule's hit
  /// (whose path, left empty, is the file checked).
  public var place: Location?

  /// Builds a value from its fields.
  public init(_ status: FindingStatus, _ evidence: String?, path: String? = nil,
              startLine: Int? = nil, endLine: Int? = nil) {
    self.status = status
    self.evidence = evidence
    let located = path != nil || startLine != nil || endLine != nil
    place = located ? Location(path: path ?? "", startLine: startLine, endLine: endLine) : nil
  }
}

/// A check: its documentation plus one function over a subject (a Dockerfile, a manifest,
/// a host snapshot, a container), returning what it saw.
///
/// Misconfiguration rules, host checks, container and image checks are all checks; their
/// tables are the single source for both the engines and `plimsoll rules`.
public struct Check<Subject>: Sendable {
  public var info: RuleInfo
  /// The observations over one subject: none when the check does not apply to it.
  public var observe: @Sendable (Subject) -> [Observation]

  public init(info: RuleInfo, observe: @escaping @Sendable (Subject) -> [Observation]) {
    self.info = info
    self.observe = observe
  }

  /// A check with one observation for each subject `part` picks a part out of (a container
  /// check given one container), and none for the other subjects (the engine alone).
  public init<Part>(
    info: RuleInfo, on part: @escaping @Sendable (Subject) -> Part?,
    run: @escaping @Sendable (Part) -> Observation
  ) {
    self.init(info: info) { subject in part(subject).map { [run($0)] } ?? [] }
  }

  /// The findings over `subject`, located at `place` unless an observation names its own,
  /// with `properties` naming what was checked.
  public func findings(_ subject: Subject, at place: String, properties: [String: String] = [:])
    -> [Finding]
  {
    observe(subject).map { info.finding($0, at: place, properties: properties) }
  }
}

extension RuleInfo {
  /// The finding for one observation, located at `place` unless the observation names its
  /// own path.
  public func finding(_ observation: Observation, at place: String,
                      properties: [String: String] = [:]) -> Finding {
    var location = observation.place ?? Location(path: place)
    if location.path.isEmpty { location.path = place }
    location.endLine = location.endLine ?? location.startLine
    return finding(status: observation.status, location: location, evidence: observation.evidence,
                   properties: properties)
  }

  /// `PREFIX` followed by `number` padded to three digits (`PLM-HOST-` 7 → `PLM-HOST-007`).
  public static func numberedID(_ prefix: String, _ number: Int) -> String {
    let digits = String(number)
    return prefix + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
  }
}
