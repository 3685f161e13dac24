/// The main section of a JAR manifest (`META-INF/MANIFEST.MF`).
///
/// Lines are `Name: value`; a line starting with one space continues the previous value;
/// the main section ends at the first empty line (per-entry sections follow).
public struct JavaManifest: Sendable, Hashable {
  /// Main-section attributes by name as written.
  public private(set) var attributes: [String: String] = [:]

  /// Parses the main section of `text`.
  public init(text: String) {
    var lastKey: String?
    for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
      let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
      if line.isEmpty {
        if lastKey != nil { break }
        continue
      }
      if line.first == " " {
        if let key = lastKey { attributes[key, default: ""] += line.dropFirst() }
        continue
      }
      guard let colon = line.firstIndex(of: ":") else { continue }
      let key = String(line[..<colon])
      attributes[key] = line[line.index(after: colon)...].trimmingWhitespace()
      lastKey = key
    }
  }

  /// An attribute value, nil when absent or empty.
  public subscript(_ name: String) -> String? {
    guard let value = attributes[name], !value.isEmpty else { return nil }
    return value
  }
}

/// Maven coordinates from a `pom.properties` (usually
/// `META-INF/maven/<groupId>/<artifactId>/pom.properties`, but anywhere in an archive).
public struct PomProperties: Sendable, Hashable {
  public var groupId: String
  public var artifactId: String
  public var version: String

  /// Parses Java properties text (`key=value` or `key: value`, `#`/`!` comments); group and
  /// artifact fall back to the directory names the file sits in.
  public static func parse(_ text: String, pathInArchive: String) -> PomProperties? {
    var values: [String: String] = [:]
    for rawLine in text.split(whereSeparator: \.isNewline) {
      let line = Substring(rawLine.trimmingWhitespace())
      guard let first = line.first, first != "#", first != "!" else { continue }
      guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
      values[line[..<separator].trimmingWhitespace()] = line[line.index(after: separator)...].trimmingWhitespace()
    }
    let parts = pathInArchive.split(separator: "/")
    let inMavenDirectory = parts.count >= 5 && parts[parts.count - 5] == "META-INF" && parts[parts.count - 4] == "maven"
    let directoryGroup = inMavenDirectory ? String(parts[parts.count - 3]) : nil
    let directoryArtifact = inMavenDirectory ? String(parts[parts.count - 2]) : nil
    guard let groupId = values["groupId"].flatMap({ $0.isEmpty ? nil : $0 }) ?? directoryGroup,
      let artifactId = values["artifactId"].flatMap({ $0.isEmpty ? nil : $0 }) ?? directoryArtifact,
      let version = values["version"], !version.isEmpty
    else { return nil }
    return PomProperties(groupId: groupId, artifactId: artifactId, version: version)
  }
}

/// Name and version guessed from an archive file name (`commons-io-2.11.0.jar`).
enum JavaArchiveFileName {
  /// The zip-based Java archive extensions: jar, web and enterprise archives, Jenkins plugins
  /// (`jpi`, `hpi`), JBoss (`par`, `sar`), NiFi (`nar`), Karaf (`kar`), Liferay (`lpkg`).
  static let extensions: Set<String> = ["jar", "war", "ear", "par", "sar", "nar", "jpi", "hpi", "kar", "lpkg"]

  /// Whether the name (or path) ends in a Java archive extension (any case).
  static func isArchive<S: StringProtocol>(_ name: S) -> Bool {
    let tail = Array(name.utf8.suffix(5))
    guard let dot = tail.lastIndex(of: UInt8(ascii: ".")) else { return false }
    let lower = String(decoding: tail[(dot + 1)...].map { $0 | 0x20 }, as: UTF8.self)
    return extensions.contains(lower)
  }

  /// Splits at the first `-` followed by a digit: `guice-4.2.3-no_aop.jar` → (`guice`, `4.2.3-no_aop`).
  static func split(_ fileName: Substring) -> (name: String, version: String?) {
    var stem = fileName
    if let dot = stem.lastIndex(of: "."), isArchive(stem) { stem = stem[..<dot] }
    var index = stem.startIndex
    while let dash = stem[index...].firstIndex(of: "-") {
      let next = stem.index(after: dash)
      if next < stem.endIndex, stem[next].isASCII, stem[next].isNumber {
        return (String(stem[..<dash]), String(stem[next...]))
      }
      index = next
    }
    return (String(stem), nil)
  }
}
