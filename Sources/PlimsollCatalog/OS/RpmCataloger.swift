import Foundation
import GRDB
import GRDBSQLite
import PlimsollFindings
import PlimsollDiagnostics
public import PlimsollLayers

/// Finds rpm packages in the rpm database: SQLite (`rpmdb.sqlite`, rpm 4.16 and later),
/// Berkeley DB (`Packages`, the hash database of older systems such as CentOS 7 and 8) and
/// ndb (`Packages.db`, SUSE and openSUSE; `RpmNDB`). All three hold the same header blobs.
public struct RpmCataloger: Cataloger {
  /// The cataloger's stable name.
  public var name: String { "rpm" }
  /// 2: ndb databases are read.
  public var version: Int { 2 }
  /// The largest file this cataloger reads.
  public var maxFileSize: Int64 { 512 << 20 }

  /// The directories rpm keeps its database in (`/usr/lib/sysimage/rpm` is the newer one).
  public static let databaseDirectories = ["/var/lib/rpm", "/usr/lib/sysimage/rpm"]

  /// The rpm database directories, wherever the image's symbolic links put them.
  public var databaseDirectories: [String] { Self.databaseDirectories }

  /// A cataloger; it holds no state.
  public init() {}

  enum DatabaseKind {
    case sqlite, berkeleyDB, ndb
  }

  static func databaseKind(_ path: String) -> DatabaseKind? {
    for directory in databaseDirectories {
      switch path {
      case directory + "/rpmdb.sqlite": return .sqlite
      case directory + "/Packages": return .berkeleyDB
      case directory + "/Packages.db": return .ndb
      default: continue
      }
    }
    return nil
  }

  /// Wants `rpmdb.sqlite`, `Packages` and `Packages.db` of the rpm database directories.
  public func wants(_ entry: EntryInfo) -> Bool {
    Self.databaseKind(entry.path) != nil
  }

  /// Reads the SQLite, Berkeley DB or ndb database.
  public func catalog(_ file: LayerFile) -> CatalogResult {
    switch Self.databaseKind(file.path) {
    case .sqlite:
      return Self.parseSQLiteDatabase(file.contents, path: file.path)
    case .berkeleyDB:
      let table = RpmBerkeleyDB.headerBlobs(file.contents, path: file.path)
      return Self.packages(from: table.rows, warnings: table.warnings, path: file.path)
    case .ndb:
      let table = RpmNDB.headerBlobs(file.contents, path: file.path)
      return Self.packages(from: table.rows, warnings: table.warnings, path: file.path)
    case nil:
      return CatalogResult()
    }
  }

  /// Reads every header blob of the `Packages` table of an rpm SQLite database.
  static func parseSQLiteDatabase(_ bytes: [UInt8], path: String) -> CatalogResult {
    let table = headerBlobs(bytes, path: path)
    return packages(from: table.rows, warnings: table.warnings, path: path)
  }

  /// Parses header blobs into packages; a blob that cannot be read becomes a warning naming
  /// its row.
  static func packages(from rows: [(rowID: Int64, blob: [UInt8])], warnings: [ScanWarning], path: String) -> CatalogResult {
    var result = CatalogResult(warnings: warnings)
    for row in rows {
      switch packageFromHeader(row.blob, path: path) {
      case .success(let package):
        if let package { result.packages.append(package) }
      case .failure(let problem):
        result.warnings.append(ScanWarning(input: "\(path)#Packages[hnum=\(row.rowID)]", message: "\(problem); row skipped"))
      }
    }
    return result
  }

  /// Why an rpm SQLite database could not be opened.
  struct DeserializeError: Error, CustomStringConvertible {
    var code: Int32
    var description: String { "SQLite could not load the database (result code \(code))" }
  }

  /// The `(hnum, blob)` rows of the `Packages` table, in `hnum` order.
  ///
  /// The bytes are loaded into an in-memory SQLite database (`sqlite3_deserialize`, read-only),
  /// so nothing is written to disk. rpm leaves its database in WAL mode; the copy's header is
  /// switched to rollback-journal mode first, since an in-memory database has no WAL file (rpm
  /// checkpoints the log into the main file when it closes the database).
  static func headerBlobs(_ bytes: [UInt8], path: String) -> (rows: [(rowID: Int64, blob: [UInt8])], warnings: [ScanWarning]) {
    typealias Rows = [(rowID: Int64, blob: [UInt8])]
    do {
      var configuration = Configuration()
      configuration.label = "rpmdb"
      let queue = try DatabaseQueue(configuration: configuration)
      defer { try? queue.close() }
      return try queue.inDatabase { db -> (rows: Rows, warnings: [ScanWarning]) in
        if !bytes.isEmpty { try deserialize(bytes, into: db) }
        var rows: Rows = []
        var warnings: [ScanWarning] = []
        guard try db.tableExists("Packages") else {
          warnings.append(ScanWarning(input: path, message: "rpm SQLite database has no Packages table; no packages read"))
          return (rows, warnings)
        }
        let cursor = try Row.fetchCursor(db, sql: "SELECT hnum, blob FROM Packages ORDER BY hnum")
        while let row = try cursor.next() {
          // Read raw storage: GRDB's typed subscripts trap on a value of the wrong type.
          let hnum: DatabaseValue = row[0]
          let rowID: Int64 = if case .int64(let value) = hnum.storage { value } else { -1 }
          let value: DatabaseValue = row[1]
          guard case .blob(let blob) = value.storage, !blob.isEmpty else {
            warnings.append(ScanWarning(input: "\(path)#Packages[hnum=\(rowID)]",
                                        message: "header is not a non-empty blob; row skipped"))
            continue
          }
          rows.append((rowID, [UInt8](blob)))
        }
        return (rows, warnings)
      }
    } catch {
      return ([], [ScanWarning(input: path, message: "unreadable rpm SQLite database: \(error)")])
    }
  }

  /// Loads `bytes` as the `main` database of `db`, read-only, in SQLite-owned memory.
  static func deserialize(_ bytes: [UInt8], into db: Database) throws {
    let size = bytes.count
    guard let buffer = sqlite3_malloc64(sqlite3_uint64(size)) else { throw DeserializeError(code: SQLITE_NOMEM) }
    bytes.withUnsafeBytes { source in
      if let base = source.baseAddress { buffer.copyMemory(from: base, byteCount: size) }
    }
    // Bytes 18 and 19 of the header are the write and read format versions: 2 means WAL.
    if size >= 20 {
      let header = buffer.assumingMemoryBound(to: UInt8.self)
      if header[18] == 2 { header[18] = 1 }
      if header[19] == 2 { header[19] = 1 }
    }
    let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY)
    // With FREEONCLOSE, SQLite owns the buffer from here on, also when the call fails.
    let code = sqlite3_deserialize(db.sqliteConnection, "main", buffer.assumingMemoryBound(to: UInt8.self),
                                   sqlite3_int64(size), sqlite3_int64(size), flags)
    guard code == SQLITE_OK else { throw DeserializeError(code: code) }
  }

  /// Builds a package from one header blob; nil for the `gpg-pubkey` pseudo-packages that
  /// hold imported signing keys.
  static func packageFromHeader(_ blob: [UInt8], path: String) -> Result<Package?, RpmHeader.ParseError> {
    do throws(RpmHeader.ParseError) {
      let header = try RpmHeader(blob)
      guard let name = try header.string(.name), !name.isEmpty else {
        throw RpmHeader.ParseError.invalid("no NAME tag")
      }
      guard let version = try header.string(.version), !version.isEmpty else {
        throw RpmHeader.ParseError.invalid("package \(name) has no VERSION tag")
      }
      if name == "gpg-pubkey" { return .success(nil) }
      let release = try header.string(.release)
      let epoch = try header.integers(.epoch).first
      var metadata: [String: String] = [:]
      var fullVersion = version
      if let release, !release.isEmpty {
        fullVersion += "-" + release
        metadata["release"] = release
      }
      if let epoch {
        fullVersion = "\(epoch):" + fullVersion
        metadata["epoch"] = String(epoch)
      }
      if let vendor = try header.string(.vendor), !vendor.isEmpty { metadata[PackageMetadataKey.vendor] = vendor }
      let sourceRPM = try header.string(.sourceRPM)
      var sourceName = name
      var sourceVersion = fullVersion
      if let sourceRPM, !sourceRPM.isEmpty {
        metadata["sourceRpm"] = sourceRPM
        if let parsed = parseSourceRPM(sourceRPM) {
          sourceName = parsed.name
          sourceVersion = parsed.version + "-" + parsed.release
          if let epoch { sourceVersion = "\(epoch):" + sourceVersion }
        }
      }
      let licenses = (try header.string(.license)).flatMap { $0.isEmpty ? nil : [$0] } ?? []
      let architecture = try header.string(.arch).flatMap { $0.isEmpty ? nil : $0 }
      return .success(Package(
        type: .rpm, name: name, version: fullVersion, sourceName: sourceName,
        sourceVersion: sourceVersion, architecture: architecture, licenses: licenses,
        foundIn: path, files: try files(of: header), metadata: metadata))
    } catch {
      return .failure(error)
    }
  }

  /// The files a header lists: DIRNAMES[DIRINDEXES[i]] + BASENAMES[i], or OLDFILENAMES.
  static func files(of header: RpmHeader) throws(RpmHeader.ParseError) -> [String] {
    let baseNames = try header.stringArray(.baseNames)
    if !baseNames.isEmpty {
      let dirNames = try header.stringArray(.dirNames)
      let dirIndexes = try header.integers(.dirIndexes)
      guard dirIndexes.count == baseNames.count else {
        throw .invalid("\(baseNames.count) BASENAMES but \(dirIndexes.count) DIRINDEXES")
      }
      var files: [String] = []
      files.reserveCapacity(baseNames.count)
      for (baseName, dirIndex) in zip(baseNames, dirIndexes) {
        guard dirIndex >= 0, dirIndex < Int64(dirNames.count) else {
          throw .invalid("DIRINDEXES value \(dirIndex) outside the \(dirNames.count) DIRNAMES")
        }
        files.append(dirNames[Int(dirIndex)] + baseName)
      }
      return files
    }
    return try header.stringArray(.oldFileNames)
  }

  /// Splits `name-version-release.src.rpm` (or `.nosrc.rpm`) into its parts.
  static func parseSourceRPM(_ fileName: String) -> (name: String, version: String, release: String)? {
    var stem = Substring(fileName)
    if stem.hasSuffix(".src.rpm") {
      stem = stem.dropLast(".src.rpm".count)
    } else if stem.hasSuffix(".nosrc.rpm") {
      stem = stem.dropLast(".nosrc.rpm".count)
    } else {
      return nil
    }
    guard let releaseDash = stem.lastIndex(of: "-") else { return nil }
    let release = stem[stem.index(after: releaseDash)...]
    let rest = stem[..<releaseDash]
    guard let versionDash = rest.lastIndex(of: "-") else { return nil }
    let version = rest[rest.index(after: versionDash)...]
    let name = rest[..<versionDash]
    guard !name.isEmpty, !version.isEmpty, !release.isEmpty else { return nil }
    return (String(name), String(version), String(release))
  }
}
