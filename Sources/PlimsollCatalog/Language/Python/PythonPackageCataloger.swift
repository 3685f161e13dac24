import PlimsollFindings
import PlimsollDiagnostics
public import PlimsollLayers

/// Finds installed Python distributions: `*.dist-info/METADATA`, `*.egg-info/PKG-INFO`,
/// single-file `*.egg-info`, and the file lists `RECORD` / `installed-files.txt`.
///
/// File lists come back as `OwnedFiles` (type `.python`, the distribution name from the
/// directory name, `databaseDirectory` = the `.dist-info` / `.egg-info` directory). That name
/// can differ from the package's `Name` in case and separators, so a join should compare
/// `PythonPackageName.normalize` of both.
public struct PythonPackageCataloger: Cataloger {
  public var name: String { "python" }
  public var maxFileSize: Int64 { 16 << 20 }

  /// Creates the cataloger.
  public init() {}

  /// Metadata and file-list files inside `.dist-info` / `.egg-info`, and `*.egg-info` files.
  public func wants(_ entry: EntryInfo) -> Bool {
    let path = entry.path
    return path.hasSuffix(".dist-info/METADATA") || path.hasSuffix(".egg-info/PKG-INFO")
      || path.hasSuffix("/EGG-INFO/PKG-INFO") || path.hasSuffix(".egg-info")
      || path.hasSuffix(".dist-info/RECORD") || path.hasSuffix(".egg-info/installed-files.txt")
  }

  /// Parses one metadata file into a package, or one file list into `OwnedFiles`.
  public func catalog(_ file: LayerFile) -> CatalogResult {
    let path = file.path
    let directory = Self.parent(path)
    if path.hasSuffix(".dist-info/RECORD") || path.hasSuffix(".egg-info/installed-files.txt") {
      let files = path.hasSuffix("RECORD")
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
    let metadata = PythonMetadata(text: String(decoding: PythonMetadata.headerBytes(file.contents), as: UTF8.self))
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
    if let sitePackages = Self.sitePackages(of: path) { extras["sitePackages"] = sitePackages }
    let package = Package(type: .python, name: name, version: version,
                          purl: PythonPackageName.purl(name: name, version: version),
                          licenses: metadata.licenses, foundIn: path, metadata: extras)
    return CatalogResult(packages: [package])
  }

  /// The directory holding the `.dist-info` / `.egg-info` entry.
  static func sitePackages(of path: String) -> String? {
    let parts = path.split(separator: "/")
    guard var index = parts.lastIndex(where: {
      $0.hasSuffix(".dist-info") || $0.hasSuffix(".egg-info") || $0 == "EGG-INFO"
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
