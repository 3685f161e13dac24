import Foundation
import GRDB
import PlimsollFindings
import PlimsollIO
import PlimsollDiagnostics

/// Builds a new advisory database from a directory of upstream feeds, aside, then renames it
/// into place so a killed update leaves the old database working.
public struct DatabaseBuilder {
  public init() {}

  /// What an update did.
  public struct UpdateReport: Sendable {
    public var sources: [SourceSummary]
    public var warnings: [ScanWarning]
    public var advisories: Int
  }

  /// Imports every recognised feed under `directory` into `destination` (replaced atomically).
  public func build(from directory: String, to destination: String) throws -> UpdateReport {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw InputError(directory, "not a directory of advisory feeds")
    }
    let folder = (destination as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    removeStaleTemporaries(in: folder)
    let temporary = folder + "/.advisories-\(UUID().uuidString).db"
    defer { try? FileManager.default.removeItem(atPath: temporary) }
    let queue = try DatabaseQueue(path: temporary)
    var writer = StoreWriter()
    var reports: [ImportReport] = []
    try queue.write { db in
      try createSchema(db)
      writer.db = db
      for file in try feedFiles(under: directory) {
        if let report = try importFeed(file, root: directory, into: &writer) {
          reports.append(report)
        }
      }
      for report in reports {
        try db.execute(
          sql: "INSERT INTO sources (name, origin, snapshot_date, imported_at, records, skipped) "
            + "VALUES (?, ?, ?, ?, ?, ?)",
          arguments: [report.summary.name, report.summary.origin, report.summary.snapshotDate,
                      ISO8601DateFormatter().string(from: Date()), report.summary.records,
                      report.summary.skipped])
      }
      try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('built_at', ?)",
                     arguments: [ISO8601DateFormatter().string(from: Date())])
      writer.db = nil
    }
    guard !reports.isEmpty else {
      throw InputError(directory, "no advisory feeds recognised (OSV, Debian tracker lists, Alpine secdb, RustSec)")
    }
    try queue.close()
    guard rename(temporary, destination) == 0 else {
      throw InputError(destination, "cannot move the new database into place: \(String(cString: strerror(errno)))")
    }
    return UpdateReport(sources: reports.map(\.summary), warnings: reports.flatMap(\.warnings),
                        advisories: writer.advisories)
  }

  /// Removes databases that a killed update left half-built (untouched for ten minutes).
  private func removeStaleTemporaries(in folder: String) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    for name in names where name.hasPrefix(".advisories-") {
      let path = folder + "/" + name
      let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
      if let modified, Date().timeIntervalSince(modified) > 600 {
        try? FileManager.default.removeItem(atPath: path)
      }
    }
  }

  private func createSchema(_ db: Database) throws {
    try db.execute(sql: """
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE sources (name TEXT NOT NULL, origin TEXT NOT NULL, snapshot_date TEXT,
                            imported_at TEXT NOT NULL, records INTEGER NOT NULL, skipped INTEGER NOT NULL);
      CREATE TABLE advisories (rowid INTEGER PRIMARY KEY, source TEXT NOT NULL, id TEXT NOT NULL,
                               body TEXT NOT NULL, UNIQUE (source, id));
      CREATE TABLE affected (advisory INTEGER NOT NULL REFERENCES advisories (rowid),
                             ecosystem TEXT NOT NULL, package TEXT NOT NULL, entry TEXT NOT NULL);
      CREATE INDEX affected_lookup ON affected (ecosystem, package);
      """)
    try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                   arguments: [String(AdvisoryDatabase.schemaVersion)])
  }

  /// Feed files under a directory, in a stable order.
  func feedFiles(under directory: String) throws -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
      throw InputError(directory, "cannot list directory")
    }
    var files: [String] = []
    while let relative = enumerator.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let path = directory + "/" + relative
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
        files.append(relative)
      }
    }
    return files.sorted()
  }

  /// Imports one file if it is a recognised feed; nil if it is not a feed.
  func importFeed(_ relative: String, root: String, into writer: inout StoreWriter) throws -> ImportReport? {
    let path = root + "/" + relative
    let name = (relative as NSString).lastPathComponent
    if let kind = ["DSA-list": "debian-dsa", "DLA-list": "debian-dla", "DTSA-list": "debian-dtsa"][
      name.replacingOccurrences(of: ".gz", with: "")]
    {
      let text = String(decoding: try readMaybeCompressed(path), as: UTF8.self)
      return try DebianTrackerImporter().parse(text, source: kind, input: relative, into: &writer)
    }
    if name.hasSuffix(".tar.gz") || name.hasSuffix(".tgz") || name.hasSuffix(".tar") {
      return try importArchive(path, origin: relative, into: &writer)
    }
    if name.hasSuffix(".json") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
      let isYAML = !name.hasSuffix(".json")
      if isYAML, FileManager.default.fileExists(
        atPath: (path as NSString).deletingPathExtension + ".json")
      {
        return nil  // The JSON twin of an Alpine YAML file is read instead.
      }
      let bytes = try readMaybeCompressed(path)
      let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
      if head.contains("distroversion") {
        return try AlpineSecDBImporter().parse(bytes, isYAML: isYAML, input: relative, into: &writer)
      }
      if head.contains("\"id\"") || head.contains("id:") {
        var tally = ImportTally()
        try addOSV(bytes, isYAML: isYAML, input: relative, tally: &tally, into: &writer)
        return tally.report(name: writer.lastSource ?? "osv", origin: relative)
      }
    }
    return nil
  }

  private func addOSV(_ bytes: [UInt8], isYAML: Bool, input: String, tally: inout ImportTally,
                      into writer: inout StoreWriter) throws {
    switch OSVImporter().parse(bytes, isYAML: isYAML, input: input) {
    case .success(let advisory?):
      tally.note(date: advisory.modified)
      try writer.add(advisory)
      tally.records += 1
    case .success(nil):
      break
    case .failure(let warning):
      tally.warnings.append(warning)
    }
  }

  /// Streams an archive of OSV or RustSec files, one record per member.
  private func importArchive(_ path: String, origin: String, into writer: inout StoreWriter) throws
    -> ImportReport?
  {
    let compressed = BufferedReader(try FileByteStream(path: path), name: path)
    let tar = TarReader(BufferedReader(
      try Compression.decompressing(compressed, maxOutput: 4 << 30), name: path))
    var tally = ImportTally()
    var newestMTime: Int64 = 0
    while let entry = try tar.next() {
      guard entry.type == .file else { continue }
      let member = entry.rawPath
      let input = "\(origin):\(member)"
      let isMarkdown = member.hasSuffix(".md") && (member.contains("/crates/") || member.contains("/rust/"))
      let isOSV = member.hasSuffix(".json") || member.hasSuffix(".yaml") || member.hasSuffix(".yml")
      guard isMarkdown || isOSV else { continue }
      guard entry.size <= 8 << 20 else {
        tally.skip(input, "record of \(entry.size) bytes is too large")
        continue
      }
      newestMTime = max(newestMTime, entry.modificationTime)
      let bytes = try tar.readContents(limit: 8 << 20)
      if let feed = LanguageFeed(member: member, contents: bytes) {
        switch feed.parse(bytes, input: input) {
        case .success(let advisory?):
          tally.note(date: advisory.modified ?? advisory.published)
          try writer.add(advisory)
          tally.records += 1
        case .success(nil): break
        case .failure(let warning): tally.warnings.append(warning)
        }
      } else if isMarkdown {
        switch RustSecImporter().parse(String(decoding: bytes, as: UTF8.self), input: input) {
        case .success(let advisory?):
          try writer.add(advisory)
          tally.records += 1
        case .success(nil): break
        case .failure(let warning): tally.warnings.append(warning)
        }
      } else {
        try addOSV(bytes, isYAML: !member.hasSuffix(".json"), input: input, tally: &tally, into: &writer)
      }
    }
    guard tally.records > 0 || !tally.warnings.isEmpty else { return nil }
    if tally.newestDate == nil, newestMTime > 0 {
      tally.note(date: ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(newestMTime))))
    }
    return tally.report(name: writer.lastSource ?? "osv", origin: origin)
  }

  private func readMaybeCompressed(_ path: String) throws -> [UInt8] {
    let reader = BufferedReader(try FileByteStream(path: path), name: path)
    return try BufferedReader(try Compression.decompressing(reader, maxOutput: 1 << 30), name: path)
      .readAll(limit: 1 << 30)
  }
}

/// Writes advisories into the database being built, merging entries of repeated ids.
struct StoreWriter: AdvisorySink {
  var db: Database?
  private var rowids: [String: Int64] = [:]
  private(set) var advisories = 0
  private(set) var lastSource: String?
  private let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return encoder
  }()

  mutating func add(_ advisory: Advisory) throws {
    guard let db else { return }
    lastSource = advisory.source
    let key = advisory.source + "\u{0}" + advisory.id
    var rowid = rowids[key]
    if rowid == nil {
      var body = advisory
      body.affected = []
      try db.cachedStatement(sql: "INSERT INTO advisories (source, id, body) VALUES (?, ?, ?)").execute(
                     arguments: [advisory.source, advisory.id,
                                 String(decoding: try encoder.encode(body), as: UTF8.self)])
      rowid = db.lastInsertedRowID
      rowids[key] = rowid
      advisories += 1
    }
    for entry in advisory.affected {
      try db.cachedStatement(sql: "INSERT INTO affected (advisory, ecosystem, package, entry) VALUES (?, ?, ?, ?)").execute(
                     arguments: [rowid, entry.ecosystem, entry.package,
                                 String(decoding: try encoder.encode(entry), as: UTF8.self)])
    }
  }
}
