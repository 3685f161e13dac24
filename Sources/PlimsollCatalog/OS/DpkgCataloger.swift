import PlimsollFindings
import PlimsollDiagnostics
public import PlimsollLayers

/// Finds Debian packages: dpkg's `status` database, distroless `status.d/*` files, and the
/// per-package file lists `info/*.list`.
///
/// A package counts as installed when its `Status` is `<want> <ok|reinstreq> <state>` with a
/// state of a configured package: `installed`, `half-configured` (its configuration was
/// started) or `triggers-awaited` / `triggers-pending` (configured, waiting for triggers); the
/// last three are recorded in `metadata["status"]`. `unpacked`, `half-installed`,
/// `config-files` and `not-installed` packages are not in the image's inventory. Distroless
/// `status.d` files carry no `Status` field; their packages are installed.
public struct DpkgCataloger: Cataloger {
  /// The cataloger's stable name.
  public var name: String { "dpkg" }
  /// 2: unpacked packages are no longer listed.
  public var version: Int { 2 }
  /// The largest file this cataloger reads.
  public var maxFileSize: Int64 { 256 << 20 }

  /// The dpkg database directory of a standard image.
  public static let databaseDirectory = "/var/lib/dpkg"

  /// `/var/lib/dpkg`, wherever the image's symbolic links put it.
  public var databaseDirectories: [String] { [Self.databaseDirectory] }

  /// A cataloger; it holds no state.
  public init() {}

  /// Wants `status`, `status.d/*` (not `*.md5sums`) and `info/*.list` of `/var/lib/dpkg`.
  public func wants(_ entry: EntryInfo) -> Bool {
    Self.fileKind(entry.path) != nil
  }

  /// Parses one database file; malformed stanzas are skipped with a warning naming file and line.
  public func catalog(_ file: LayerFile) -> CatalogResult {
    switch Self.fileKind(file.path) {
    case .status: Self.parseStatus(file.contents, path: file.path, statusRequired: true)
    case .statusD: Self.parseStatus(file.contents, path: file.path, statusRequired: false)
    case .fileList(let package): Self.parseFileList(file.contents, path: file.path, package: package)
    case nil: CatalogResult()
    }
  }

  enum FileKind: Equatable {
    case status
    case statusD
    /// `info/NAME.list` or `info/NAME:ARCH.list`, with the name.
    case fileList(String)
  }

  static func fileKind(_ path: String) -> FileKind? {
    let directory = databaseDirectory
    if path == directory + "/status" { return .status }
    let statusD = directory + "/status.d/"
    if path.hasPrefix(statusD) {
      let fileName = path.dropFirst(statusD.count)
      if fileName.isEmpty || fileName.contains("/") || fileName.hasPrefix(".") { return nil }
      if fileName.hasSuffix(".md5sums") { return nil }
      return .statusD
    }
    let info = directory + "/info/"
    if path.hasPrefix(info), path.hasSuffix(".list") {
      let fileName = path.dropFirst(info.count).dropLast(".list".count)
      if fileName.isEmpty || fileName.contains("/") { return nil }
      let packageName = fileName.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
      return packageName.isEmpty ? nil : .fileList(packageName)
    }
    return nil
  }

  /// States of a package that was configured; the value is what `metadata["status"]` records.
  static let presentStates: [String: String?] = [
    "installed": nil, "triggers-awaited": "triggers-awaited", "triggers-pending": "triggers-pending",
    "half-configured": "half-configured",
  ]
  static let knownStates: Set<String> = [
    "not-installed", "config-files", "half-installed", "unpacked", "half-configured",
    "triggers-awaited", "triggers-pending", "installed",
  ]

  /// Parses a dpkg `status` file or a distroless `status.d` file into installed packages.
  static func parseStatus(_ bytes: [UInt8], path: String, statusRequired: Bool) -> CatalogResult {
    var result = CatalogResult()
    for stanza in ControlStanzas.parse(bytes) {
      if let problem = stanza.problem {
        result.warnings.append(ScanWarning(
          input: "\(path):\(problem.line)",
          message: "malformed dpkg stanza starting at line \(stanza.firstLine): \(problem.message); stanza skipped"))
        continue
      }
      guard let name = stanza["Package"], !name.isEmpty else {
        result.warnings.append(ScanWarning(
          input: "\(path):\(stanza.firstLine)", message: "dpkg stanza without a Package field; stanza skipped"))
        continue
      }
      var metadata: [String: String] = [:]
      if let status = stanza["Status"] {
        let words = status.split(separator: " ").map(String.init)
        guard words.count == 3, knownStates.contains(words[2]) else {
          result.warnings.append(ScanWarning(
            input: "\(path):\(stanza.firstLine)",
            message: "package \(name) has an unreadable Status '\(status)'; stanza skipped"))
          continue
        }
        guard let recorded = presentStates[words[2]] else { continue }
        if let recorded { metadata["status"] = recorded }
      } else if statusRequired {
        result.warnings.append(ScanWarning(
          input: "\(path):\(stanza.firstLine)", message: "package \(name) has no Status field; stanza skipped"))
        continue
      }
      guard let version = stanza["Version"], !version.isEmpty else {
        result.warnings.append(ScanWarning(
          input: "\(path):\(stanza.firstLine)", message: "package \(name) has no Version field; stanza skipped"))
        continue
      }
      let source = parseSource(stanza["Source"], packageName: name, version: version)
      let architecture = stanza["Architecture"].flatMap { $0.isEmpty ? nil : $0 }
      if let multiArch = stanza["Multi-Arch"], !multiArch.isEmpty { metadata["multiArch"] = multiArch }
      if let maintainer = stanza["Maintainer"], !maintainer.isEmpty { metadata[PackageMetadataKey.maintainer] = maintainer }
      if let size = stanza["Installed-Size"], !size.isEmpty { metadata["installedSize"] = size }
      result.packages.append(Package(
        type: .deb, name: name, version: version, sourceName: source.name,
        sourceVersion: source.version, architecture: architecture, foundIn: path, metadata: metadata))
    }
    return result
  }

  /// Reads `Source: name (version)`; without it the source is the binary package itself.
  static func parseSource(_ field: String?, packageName: String, version: String) -> (name: String, version: String) {
    guard let field = field?.split(separator: "\n").first?.trimmedBlanks, !field.isEmpty else {
      return (packageName, version)
    }
    if let open = field.firstIndex(of: "("), let close = field.lastIndex(of: ")"), open < close {
      let sourceName = field[..<open].trimmedBlanks
      let sourceVersion = field[field.index(after: open)..<close].trimmedBlanks
      return (sourceName.isEmpty ? packageName : String(sourceName),
              sourceVersion.isEmpty ? version : String(sourceVersion))
    }
    let sourceName = field.split(separator: " ").first.map(String.init) ?? packageName
    return (sourceName, version)
  }

  /// Parses `info/NAME.list`: one absolute path per line; `/.` (the root) is left out.
  static func parseFileList(_ bytes: [UInt8], path: String, package: String) -> CatalogResult {
    var files: [String] = []
    var warnings: [ScanWarning] = []
    for line in TextLines(bytes) {
      let text = line.text
      if text.isEmpty || text == "/." { continue }
      guard text.hasPrefix("/") else {
        warnings.append(ScanWarning(input: "\(path):\(line.number)", message: "file list entry is not an absolute path; entry skipped"))
        continue
      }
      files.append(String(text))
    }
    let owned = OwnedFiles(type: .deb, packageName: package, databaseDirectory: databaseDirectory, files: files)
    return CatalogResult(ownedFiles: [owned], warnings: warnings)
  }
}
