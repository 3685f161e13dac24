import PlimsollFindings

/// A file entry as the layer walk sees it, before its contents are read.
public struct EntryInfo: Sendable {
  /// Absolute, normalised path inside the image (`/var/lib/dpkg/status`).
  public var path: String
  public var size: Int64
  /// Unix permission bits (`0o755`).
  public var mode: UInt32

  public init(path: String, size: Int64, mode: UInt32) {
    self.path = path
    self.size = size
    self.mode = mode
  }

  /// Whether any execute bit is set.
  public var isExecutable: Bool { mode & 0o111 != 0 }
  /// The last path component.
  public var fileName: Substring { path.split(separator: "/").last ?? Substring(path) }
}

/// A file whose contents a cataloger asked for.
public struct CatalogFile: Sendable {
  public var entry: EntryInfo
  public var contents: [UInt8]

  public init(entry: EntryInfo, contents: [UInt8]) {
    self.entry = entry
    self.contents = contents
  }

  public var path: String { entry.path }
}

/// Files that a package database lists for a package, keyed so the merge can join them.
///
/// dpkg keeps a package's file list apart from its status stanza (`info/NAME.list`); the merge
/// joins `OwnedFiles` to packages whose `type`, `name` and `foundIn` directory agree.
public struct OwnedFiles: Codable, Sendable, Hashable {
  public var type: PackageType
  /// The package name (dpkg: without `:arch`).
  public var packageName: String
  /// The database directory the list belongs to (`/var/lib/dpkg`).
  public var databaseDirectory: String
  public var files: [String]

  public init(type: PackageType, packageName: String, databaseDirectory: String, files: [String]) {
    self.type = type
    self.packageName = packageName
    self.databaseDirectory = databaseDirectory
    self.files = files
  }

  enum CodingKeys: String, CodingKey {
    case type, packageName, databaseDirectory, files
  }

  // File lists are long (a Python RECORD holds thousands of paths) and are read back from the
  // layer cache on every warm scan: one newline-joined string decodes far faster than an
  // array of strings. Paths in archives cannot contain a newline that matters here.
  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    type = try container.decode(PackageType.self, forKey: .type)
    packageName = try container.decode(String.self, forKey: .packageName)
    databaseDirectory = try container.decode(String.self, forKey: .databaseDirectory)
    let joined = try container.decode(String.self, forKey: .files)
    files = joined.isEmpty ? [] : joined.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
      .map { String(decoding: $0, as: UTF8.self) }
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(type, forKey: .type)
    try container.encode(packageName, forKey: .packageName)
    try container.encode(databaseDirectory, forKey: .databaseDirectory)
    try container.encode(files.joined(separator: "\n"), forKey: .files)
  }
}

/// What one cataloger found in one file.
public struct CatalogResult: Codable, Sendable {
  public var packages: [Package]
  public var ownedFiles: [OwnedFiles]
  /// Set by the OS-release cataloger.
  public var osRelease: OSRelease?
  public var warnings: [ScanWarning]

  public init(packages: [Package] = [], ownedFiles: [OwnedFiles] = [], osRelease: OSRelease? = nil,
              warnings: [ScanWarning] = []) {
    self.packages = packages
    self.ownedFiles = ownedFiles
    self.osRelease = osRelease
    self.warnings = warnings
  }
}

/// Finds packages in the files of one layer or root filesystem.
///
/// The layer walk asks `wants` for every entry (it must be cheap: path and mode only) and reads
/// the contents of wanted entries only, up to `maxFileSize`. A cataloger never throws for bad
/// input: it returns what it could read plus warnings that name the file and the problem.
public protocol Cataloger: Sendable {
  /// A stable name, e.g. `dpkg`, `python`.
  var name: String { get }
  /// Largest file this cataloger reads; larger wanted files are skipped with a warning.
  var maxFileSize: Int64 { get }
  /// Whether the walk should read this entry's contents for this cataloger.
  func wants(_ entry: EntryInfo) -> Bool
  /// Parses one wanted file.
  func catalog(_ file: CatalogFile) -> CatalogResult
}

extension Cataloger {
  public var maxFileSize: Int64 { 64 << 20 }
}
