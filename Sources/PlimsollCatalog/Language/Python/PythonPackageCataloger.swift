import PlimsollFindings
import PlimsollDiagnostics
public import PlimsollLayers

/// Finds installed Python distributions: `*.dist-info/METADATA`, `*.egg-info/PKG-INFO`,
/// single-file `*.egg-info`, zipped `*.egg` files (their `EGG-INFO/PKG-INFO`), and the file
/// lists `RECORD` / `installed-files.txt`. The `.dist-info` and `.egg-info` suffixes match in
/// any case; the interpreter's own `Python-X.Y.egg-info` is not a package.
///
/// File lists come back as `OwnedFiles` (type `.python`, the distribution name from the
/// directory name, `databaseDirectory` = the `.dist-info` / `.egg-info` directory). That name
/// can differ from the package's `Name` in case and separators, so a join should compare
/// `PythonPackageName.normalize` of both.
public struct PythonPackageCataloger: Cataloger {
  public var name: String { "python" }
  public var maxFileSize: Int64 { 16 << 20 }
  /// 2: zipped eggs, suffixes in any case, no package for the interpreter itself.
  public var version: Int { 2 }

  /// Creates the cataloger.
  public init() {}

  /// Metadata and file-list files inside `.dist-info` / `.egg-info`, `*.egg-info` files and
  /// zipped `*.egg` files.
  public func wants(_ entry: EntryInfo) -> Bool {
    Self.kind(of: entry.path) != nil
  }

  enum FileKind {
    case metadata, record, installedFiles, zippedEgg
  }

  static func kind(of path: String) -> FileKind? {
    let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
    let name = slash.map { path[path.index(after: $0)...] } ?? Substring(path)
    let directory = slash.map { path[..<$0] } ?? ""
    switch name {
    case "METADATA" where directory.hasSuffixIgnoringCase(".dist-info"): return .metadata
    case "PKG-INFO" where directory.hasSuffixIgnoringCase(".egg-info") || directory.hasSuffix("/EGG-INFO"):
      return .metadata
    case "RECORD" where directory.hasSuffixIgnoringCase(".dist-info"): return .record
    case "installed-files.txt" where directory.hasSuffixIgnoringCase(".egg-info"): return .installedFiles
    default: break
    }
    if name.hasSuffixIgnoringCase(".egg-info") { return isInterpreterEggInfo(name) ? nil : .metadata }
    if name.hasSuffixIgnoringCase(".egg") { return .zippedEgg }
    return nil
  }

  /// `Python-3.11.egg-info`, `Python-2.7.18-py2.7.egg-info`: the metadata CPython's own
  /// installation writes about the interpreter (in `lib-dynload` or the `pythonX.Y` directory).
  static func isInterpreterEggInfo(_ name: Substring) -> Bool {
    guard name.hasPrefix("Python-") else { return false }
    return name.dropFirst("Python-".count).first?.isNumber == true
  }

  /// Parses one metadata file into a package, or one file list into `OwnedFiles`.
  public func catalog(_ file: LayerFile) -> CatalogResult {
    let path = file.path
    let directory = Self.parent(path)
    let kind = Self.kind(of: path)
    if kind == .zippedEgg { return Self.catalogZippedEgg(file) }
    if kind == .record || kind == .installedFiles {
      let files = kind == .record
        ? PythonFileList.record(file.contents, installRoot: Self.parent(directory))
        : PythonFileList.installedFiles(file.contents, eggInfoDirectory: directory)
      let directoryName = directory.split(separator: "/").last ?? ""
      // The directory keeps the distribution name as the installer wrote it: often the
      // `Name` header exactly (`Jinja2-2.11.2.dist-info`), sometimes normalised
      // (`markupsafe-3.0.3.dist-info` for `MarkupSafe`); joins should compare PEP 503 forms.
      let name = PythonPackageName.distributionName(fromDirectory: directoryName)
      return CatalogResult(ownedFiles: [OwnedFiles(type: .python, packageName: name,
                                                   databaseDirectory: directory, files: files)])
    }
    return Self.package(fromMetadata: file.contents, path: path)
  }

  /// The package a `METADATA` / `PKG-INFO` text describes, found at `path`.
  static func package(fromMetadata contents: [UInt8], path: String, sitePackages: String? = nil) -> CatalogResult {
    let metadata = PythonMetadata(text: String(decoding: PythonMetadata.headerBytes(contents), as: UTF8.self))
    guard let name = metadata.first("Name") else {
      return CatalogResult(warnings: [ScanWarning(input: path, message: "Python metadata has no Name header; skipped")])
    }
    guard let version = metadata.first("Version") else {
      return CatalogResult(warnings: [ScanWarning(input: path, message: "Python metadata for \(name) has no Version header; skipped")])
    }
    var extras: [String: String] = ["normalizedName": PythonPackageName.normalize(name)]
    for (field, key) in [("Metadata-Version", "metadataVersion"), ("Summary", "summary"),
                         ("Author", PackageMetadataKey.author), ("Author-email", "authorEmail"),
                         ("Home-page", PackageMetadataKey.homepage), ("Requires-Python", "requiresPython")]
    {
      if let value = metadata.first(field), value.uppercased() != "UNKNOWN" { extras[key] = value }
    }
    if let sitePackages = sitePackages ?? Self.sitePackages(of: path) { extras["sitePackages"] = sitePackages }
    let package = Package(type: .python, name: name, version: version,
                          purl: PythonPackageName.purl(name: name, version: version),
                          licenses: metadata.licenses, foundIn: path, metadata: extras)
    return CatalogResult(packages: [package])
  }

  /// The package of a zipped egg, from the `EGG-INFO/PKG-INFO` inside it.
  static func catalogZippedEgg(_ file: LayerFile) -> CatalogResult {
    let input = file.path
    do throws(ZipError) {
      let archive = try ZipReader(bytes: file.contents)
      guard let entry = archive.entry("EGG-INFO/PKG-INFO") else {
        return CatalogResult(warnings: [ScanWarning(input: input, message: "zipped egg has no EGG-INFO/PKG-INFO; skipped")])
      }
      let contents = try archive.extract(entry, limit: 1 << 20)
      return package(fromMetadata: contents, path: input, sitePackages: parent(input))
    } catch {
      return CatalogResult(warnings: [ScanWarning(input: input, message: "not a readable zipped egg (\(error.message)); skipped")])
    }
  }

  /// The directory holding the `.dist-info` / `.egg-info` entry.
  static func sitePackages(of path: String) -> String? {
    let parts = path.split(separator: "/")
    guard var index = parts.lastIndex(where: {
      $0.hasSuffixIgnoringCase(".dist-info") || $0.hasSuffixIgnoringCase(".egg-info") || $0 == "EGG-INFO"
    }) else { return nil }
    // `foo-1.0.egg/EGG-INFO/PKG-INFO`: the egg directory sits in site-packages.
    if parts[index] == "EGG-INFO" && index > 0 { index -= 1 }
    return "/" + parts[..<index].joined(separator: "/")
  }

  static func parent(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "/" }
    let parent = String(path[..<slash])
    return parent.isEmpty ? "/" : parent
  }
}

extension StringProtocol {
  /// Whether the text ends with `suffix`, ASCII letters compared without case.
  func hasSuffixIgnoringCase(_ suffix: String) -> Bool {
    let text = utf8
    let tail = suffix.utf8
    guard text.count >= tail.count else { return false }
    return text.suffix(tail.count).elementsEqual(tail) { a, b in
      a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= UInt8(ascii: "a") && (a | 0x20) <= UInt8(ascii: "z"))
    }
  }
}
