import Foundation
import PlimsollFindings
public import PlimsollDiagnostics
public import PlimsollLayers

/// Reads the operating system of an image from `os-release` and the older release files.
///
/// Each file yields its own `OSRelease`; once layers are merged, `OSDetection.pick` chooses
/// among the files present in the final image (os-release beats every fallback).
public struct OSReleaseCataloger: Cataloger {
  /// The cataloger's stable name.
  public var name: String { "os-release" }
  /// Last: purls are filled once every other finish step has shaped the package list.
  public var finishOrder: Int { 100 }

  /// Fills the Package URL of every OS package, which needs the image's OS.
  public func finish(_ packages: [Package], os: OSRelease?) -> [Package] {
    OSPackageURLs.assign(packages, os: os)
  }
  /// The largest file this cataloger reads.
  public var maxFileSize: Int64 { 64 << 10 }

  /// A cataloger; it holds no state.
  public init() {}

  /// 2: dpkg's vendor files.
  public var version: Int { 2 }

  /// Wants the release files `OSReleaseSource` lists, and every vendor file of
  /// `/etc/dpkg/origins/` (the merge tells which one `default` links to).
  public func wants(_ entry: EntryInfo) -> Bool {
    OSReleaseSource(path: entry.path) != nil || Self.isDpkgOrigin(entry.path)
  }

  static let dpkgOriginsDirectory = "/etc/dpkg/origins/"

  static func isDpkgOrigin(_ path: String) -> Bool {
    path.hasPrefix(dpkgOriginsDirectory) && !path.dropFirst(dpkgOriginsDirectory.count).contains("/")
      && path.count > dpkgOriginsDirectory.count
  }

  /// Reads the operating system from one release file.
  public func catalog(_ file: LayerFile) -> CatalogResult {
    guard let source = OSReleaseSource(path: file.path) ?? (Self.isDpkgOrigin(file.path) ? .dpkgOrigins : nil)
    else { return CatalogResult() }
    // An empty entry is what a symbolic link (`/etc/os-release -> ../usr/lib/os-release`)
    // looks like to a cataloger; its target is read on its own, so this is not a problem.
    if file.contents.isEmpty { return CatalogResult() }
    var warnings: [ScanWarning] = []
    let release: OSRelease?
    switch source {
    case .etcOSRelease, .usrLibOSRelease:
      release = Self.parseOSRelease(file.contents, path: file.path, warnings: &warnings)
    case .lsbRelease:
      release = Self.parseLSBRelease(file.contents, path: file.path, warnings: &warnings)
    case .dpkgOrigins:
      release = Self.parseDpkgOrigins(file.contents)
    case .debianVersion:
      release = Self.parseDebianVersion(file.contents)
    case .alpineRelease:
      release = Self.parseAlpineRelease(file.contents)
    case .centosRelease, .redhatRelease, .systemRelease:
      release = Self.parseRedHatStyleRelease(file.contents)
    }
    if release == nil {
      warnings.append(ScanWarning(input: file.path, message: "no operating system could be read from this release file"))
    }
    return CatalogResult(osRelease: release, warnings: warnings)
  }

  // MARK: os-release

  /// Parses an `os-release` file (freedesktop.org format: shell-style `KEY=value` assignments).
  ///
  /// Values may be unquoted, single-quoted or double-quoted, with backslash escapes as a POSIX
  /// shell reads them. A missing `ID` defaults to `linux`, as the specification says.
  public static func parseOSRelease(_ bytes: [UInt8], path: String, warnings: inout [ScanWarning]) -> OSRelease? {
    let fields = parseAssignments(bytes, path: path, warnings: &warnings)
    if fields.isEmpty { return nil }
    let id = fields["ID"].map { $0.lowercased() }.flatMap { $0.isEmpty ? nil : $0 } ?? "linux"
    return OSRelease(
      id: id,
      versionID: nonEmpty(fields["VERSION_ID"]),
      codename: nonEmpty(fields["VERSION_CODENAME"]) ?? nonEmpty(fields["UBUNTU_CODENAME"]),
      prettyName: nonEmpty(fields["PRETTY_NAME"]) ?? nonEmpty(fields["NAME"]),
      idLike: (fields["ID_LIKE"] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" })
        .map { $0.lowercased() })
  }

  /// Parses an `lsb-release` file (`DISTRIB_ID`, `DISTRIB_RELEASE`, `DISTRIB_CODENAME`).
  public static func parseLSBRelease(_ bytes: [UInt8], path: String, warnings: inout [ScanWarning]) -> OSRelease? {
    let fields = parseAssignments(bytes, path: path, warnings: &warnings)
    guard let distributor = nonEmpty(fields["DISTRIB_ID"]) else { return nil }
    let id = distributor.lowercased().filter { !$0.isWhitespace }
    return OSRelease(id: id, versionID: nonEmpty(fields["DISTRIB_RELEASE"]),
                     codename: nonEmpty(fields["DISTRIB_CODENAME"]),
                     prettyName: nonEmpty(fields["DISTRIB_DESCRIPTION"]))
  }

  /// Parses a dpkg vendor file (`Vendor: Ubuntu`, `Parent: Debian`): the vendor is the `ID`.
  public static func parseDpkgOrigins(_ bytes: [UInt8]) -> OSRelease? {
    for line in TextLines(bytes) {
      let text = line.text
      guard text.lowercased().hasPrefix("vendor:") else { continue }
      let vendor = text.dropFirst("vendor:".count).trimmedBlanks
      guard !vendor.isEmpty else { return nil }
      return OSRelease(id: vendor.lowercased().filter { !$0.isWhitespace }, prettyName: String(vendor))
    }
    return nil
  }

  /// Parses `/etc/debian_version`: `12.11` gives version 12; `trixie/sid` gives codename trixie.
  public static func parseDebianVersion(_ bytes: [UInt8]) -> OSRelease? {
    guard let line = firstLine(bytes) else { return nil }
    if let first = line.first, first.isNumber {
      let major = line.split(separator: ".").first.map(String.init) ?? line
      return OSRelease(id: "debian", versionID: major, prettyName: "Debian GNU/Linux \(line)")
    }
    let codename = line.split(separator: "/").first.map(String.init) ?? line
    return OSRelease(id: "debian", codename: codename, prettyName: "Debian GNU/Linux \(line)")
  }

  /// Parses `/etc/alpine-release`: one line holding the full version (`3.19.1`).
  public static func parseAlpineRelease(_ bytes: [UInt8]) -> OSRelease? {
    guard let line = firstLine(bytes) else { return nil }
    return OSRelease(id: "alpine", versionID: line, prettyName: "Alpine Linux v\(line)")
  }

  /// Parses a Red Hat style release line: `CentOS Linux release 7.9.2009 (Core)`.
  ///
  /// The distribution name is mapped to its os-release `ID`; unknown names are lowercased with
  /// spaces removed.
  public static func parseRedHatStyleRelease(_ bytes: [UInt8]) -> OSRelease? {
    guard let line = firstLine(bytes) else { return nil }
    guard let marker = line.range(of: " release ") else { return nil }
    let distribution = String(line[..<marker.lowerBound])
    var rest = line[marker.upperBound...]
    var codename: String?
    if let open = rest.firstIndex(of: "("), let close = rest.lastIndex(of: ")"), open < close {
      codename = String(rest[rest.index(after: open)..<close])
      rest = rest[..<open]
    }
    let version = String(rest.trimmedBlanks)
    guard !version.isEmpty else { return nil }
    return OSRelease(id: redHatStyleID(distribution), versionID: version, codename: codename,
                     prettyName: line)
  }

  static func redHatStyleID(_ distribution: String) -> String {
    let lower = distribution.lowercased()
    let known: [(prefix: String, id: String)] = [
      ("red hat enterprise linux", "rhel"), ("centos", "centos"), ("fedora", "fedora"),
      ("rocky linux", "rocky"), ("almalinux", "almalinux"), ("amazon linux", "amzn"),
      ("oracle linux", "ol"), ("scientific linux", "scientific"), ("cloudlinux", "cloudlinux"),
      ("eurolinux", "eurolinux"), ("mageia", "mageia"), ("openeuler", "openeuler"),
    ]
    for entry in known where lower.hasPrefix(entry.prefix) { return entry.id }
    return lower.filter { !$0.isWhitespace }
  }

  // MARK: shell-style assignments

  /// Reads `KEY=value` lines as a POSIX shell would assign them, warning on lines it cannot read.
  static func parseAssignments(_ bytes: [UInt8], path: String, warnings: inout [ScanWarning]) -> [String: String] {
    var fields: [String: String] = [:]
    for line in TextLines(bytes) {
      let text = line.text.trimmedBlanks
      if text.isEmpty || text.hasPrefix("#") { continue }
      guard let equals = text.firstIndex(of: "="), isShellName(text[..<equals]) else {
        warnings.append(ScanWarning(input: "\(path):\(line.number)", message: "not a KEY=value assignment; line ignored"))
        continue
      }
      switch shellWord(text[text.index(after: equals)...]) {
      case .success(let value):
        fields[String(text[..<equals])] = value
      case .failure(let problem):
        warnings.append(ScanWarning(input: "\(path):\(line.number)", message: "\(problem); line ignored"))
      }
    }
    return fields
  }

  /// Why a shell word could not be read.
  enum ShellWordProblem: Error, CustomStringConvertible {
    case unterminatedQuote(Character)
    case trailingText

    var description: String {
      switch self {
      case .unterminatedQuote(let quote): "unterminated \(quote) quote"
      case .trailingText: "unquoted text after the value"
      }
    }
  }

  /// Reads one shell word: unquoted, `'…'` (literal) and `"…"` (with `\` escaping `$ \` " \ newline`)
  /// parts concatenated; a trailing `# comment` after whitespace is allowed.
  static func shellWord(_ raw: Substring) -> Result<String, ShellWordProblem> {
    var out = ""
    var index = raw.startIndex
    while index < raw.endIndex {
      let character = raw[index]
      switch character {
      case "'":
        guard let close = raw[raw.index(after: index)...].firstIndex(of: "'") else {
          return .failure(.unterminatedQuote("'"))
        }
        out += raw[raw.index(after: index)..<close]
        index = raw.index(after: close)
      case "\"":
        index = raw.index(after: index)
        var closed = false
        while index < raw.endIndex {
          let inner = raw[index]
          if inner == "\"" {
            closed = true
            index = raw.index(after: index)
            break
          }
          if inner == "\\" {
            let next = raw.index(after: index)
            if next < raw.endIndex, "$`\"\\".contains(raw[next]) {
              out.append(raw[next])
              index = raw.index(after: next)
              continue
            }
          }
          out.append(inner)
          index = raw.index(after: index)
        }
        if !closed { return .failure(.unterminatedQuote("\"")) }
      case "\\":
        let next = raw.index(after: index)
        if next < raw.endIndex {
          out.append(raw[next])
          index = raw.index(after: next)
        } else {
          index = next
        }
      case " ", "\t":
        let rest = raw[index...].trimmedBlanks
        if rest.isEmpty || rest.hasPrefix("#") { return .success(out) }
        return .failure(.trailingText)
      default:
        out.append(character)
        index = raw.index(after: index)
      }
    }
    return .success(out)
  }

  static func isShellName(_ name: Substring) -> Bool {
    guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
    return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
  }

  static func nonEmpty(_ value: String?) -> String? {
    guard let value, !value.isEmpty else { return nil }
    return value
  }

  static func firstLine(_ bytes: [UInt8]) -> String? {
    for line in TextLines(bytes) {
      let text = line.text.trimmedBlanks
      if !text.isEmpty { return String(text) }
    }
    return nil
  }
}
