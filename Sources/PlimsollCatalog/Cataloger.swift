public import PlimsollLayers
public import PlimsollDiagnostics

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
/// the contents of wanted entries only, up to `maxFileSize`. A cataloger of a database at a
/// fixed path names its `databaseDirectories`, so that the image's symbolic links are followed
/// for it. A cataloger never throws for bad
/// input: it returns what it could read plus warnings that name the file and the problem.
public protocol Cataloger: Sendable {
  /// A stable name, e.g. `dpkg`, `python`.
  var name: String { get }
  /// Bumped whenever the cataloger's output for the same file changes; part of the layer
  /// facts cache key, so a new version never reads an old version's cached facts.
  var version: Int { get }
  /// When `finish` runs among the catalogers' finish steps: lower first.
  var finishOrder: Int { get }
  /// Largest file this cataloger reads; larger wanted files are skipped with a warning.
  var maxFileSize: Int64 { get }
  /// Whether the walk should read this entry's contents for this cataloger.
  func wants(_ entry: EntryInfo) -> Bool
  /// The directories of the package databases this cataloger reads at fixed paths
  /// (`/lib/apk/db`), which a symbolic link of the image may put elsewhere (`/lib -> usr/lib`).
  ///
  /// A file under a directory of the same last name anywhere in the image (`/usr/lib/apk/db/…`)
  /// is offered to `wants` and `catalog` under its path in the database directory; the merge
  /// keeps what was read only where the image's links lead that path to the file.
  var databaseDirectories: [String] { get }
  /// Parses one wanted file.
  func catalog(_ file: LayerFile) -> CatalogResult
  /// Runs once over the merged packages of every cataloger (with the image's OS), for what
  /// needs the whole image: joining records that sit in separate files, filling purls.
  func finish(_ packages: [Package], os: OSRelease?) -> [Package]
}

extension Cataloger {
  public var version: Int { 1 }
  public var finishOrder: Int { 0 }
  public var maxFileSize: Int64 { 64 << 20 }
  public var databaseDirectories: [String] { [] }
  public func finish(_ packages: [Package], os: OSRelease?) -> [Package] { packages }
}
