import Foundation
import GRDB
import ZIPFoundation
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
    var skippedFiles: [ScanWarning] = []
    try queue.write { db in
      try createSchema(db)
      writer.db = db
      let (files, skipped) = try feedFiles(under: directory)
      skippedFiles = skipped
      for file in files {
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
      try db.execute(sql: "INSERT INTO ecosystems SELECT ecosystem, count(*) FROM affected GROUP BY ecosystem")
      try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('built_at', ?)",
                     arguments: [ISO8601DateFormatter().string(from: Date())])
      writer.db = nil
    }
    guard !reports.isEmpty else {
      throw InputError(directory, "no advisory feeds recognised (OSV, Debian tracker lists, Alpine secdb, RustSec, NVD, CVE 5, EPSS, CISA KEV)")
    }
    try queue.close()
    guard rename(temporary, destination) == 0 else {
      throw InputError(destination, "cannot move the new database into place: \(String(cString: strerror(errno)))")
    }
    return UpdateReport(sources: reports.map(\.summary), warnings: skippedFiles + reports.flatMap(\.warnings),
                        advisories: writer.advisories)
  }

  /// Removes databases that a killed update left half-built (untouched for ten minutes).
  private func removeStaleTemporaries(in folder: String) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    for name in names where name.hasPrefix(".advisories-") {
      let path = folder + "/" + name
      let modified = FileStatus(path, followingSymlinks: false)?.modified
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
                               aliases TEXT NOT NULL, severity TEXT, body TEXT NOT NULL,
                               UNIQUE (source, id));
      CREATE TABLE affected (advisory INTEGER NOT NULL REFERENCES advisories (rowid),
                             ecosystem TEXT NOT NULL, package TEXT NOT NULL, entry TEXT NOT NULL);
      CREATE INDEX affected_lookup ON affected (ecosystem, package);
      CREATE TABLE cve_scores (cve TEXT NOT NULL, provider TEXT NOT NULL, scored_by TEXT,
                               modified TEXT, metrics TEXT NOT NULL,
                               PRIMARY KEY (cve, provider)) WITHOUT ROWID;
      CREATE TABLE epss (cve TEXT PRIMARY KEY, probability REAL NOT NULL, percentile REAL NOT NULL,
                         date TEXT) WITHOUT ROWID;
      CREATE TABLE ecosystems (name TEXT PRIMARY KEY, entries INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE kev (cve TEXT PRIMARY KEY, date_added TEXT NOT NULL, due_date TEXT,
                        ransomware INTEGER NOT NULL, name TEXT) WITHOUT ROWID;
      """)
    try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                   arguments: [String(AdvisoryDatabase.schemaVersion)])
  }

  /// Feed files under a directory, in a stable order (symlinks followed), and the entries
  /// skipped because they are no regular file (FIFOs, devices, dangling links), as warnings.
  func feedFiles(under directory: String) throws -> (files: [String], skipped: [ScanWarning]) {
    guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
      throw InputError(directory, "cannot list directory")
    }
    var files: [String] = []
    var skipped: [ScanWarning] = []
    while let relative = enumerator.nextObject() as? String {
      // Download state, partial downloads and index pages are not feeds.
      let name = (relative as NSString).lastPathComponent
      if name.hasPrefix(".") || name.hasSuffix(".part") { continue }
      let path = directory + "/" + relative
      // The feed folder is the operator's own: a link into a mirror elsewhere is followed;
      // what would block or never end (a FIFO, a device) is not read.
      guard let status = FileStatus(path) else {
        skipped.append(ScanWarning(input: path, message: "skipped: a dangling symlink or a symlink loop"))
        continue
      }
      if status.isRegularFile {
        files.append(relative)
      } else if !status.isDirectory {
        skipped.append(ScanWarning(input: path, message: "skipped: not a regular file (a FIFO, a device or a socket)"))
      }
    }
    return (files.sorted(), skipped.sorted { $0.input < $1.input })
  }

  /// Imports one file if it is a recognised feed; nil if it is not a feed.
  func importFeed(_ relative: String, root: String, into writer: inout StoreWriter) throws -> ImportReport? {
    let path = root + "/" + relative
    let name = (relative as NSString).lastPathComponent
    writer.lastSource = nil
    if let kind = ["DSA-list": "debian-dsa", "DLA-list": "debian-dla", "DTSA-list": "debian-dtsa"][
      name.replacingOccurrences(of: ".gz", with: "")]
    {
      let text = String(decoding: try readMaybeCompressed(path), as: UTF8.self)
      return try DebianTrackerImporter().parse(text, source: kind, input: relative, into: &writer)
    }
    if name.hasSuffix(".tar.gz") || name.hasSuffix(".tgz") || name.hasSuffix(".tar") {
      return try importArchive(path, origin: relative, into: &writer)
    }
    if name.hasSuffix(".zip") {
      return try importZip(path, origin: relative, into: &writer)
    }
    // The tracker's export is served as `…/tracker/data/json`, without an extension.
    let plain = name == "json" ? "tracker.json" : name.hasSuffix(".gz") ? String(name.dropLast(3)) : name
    guard plain.hasSuffix(".json") || plain.hasSuffix(".yaml") || plain.hasSuffix(".yml")
      || plain.hasSuffix(".csv")
    else { return nil }
    let isYAML = plain.hasSuffix(".yaml") || plain.hasSuffix(".yml")
    if isYAML, FileManager.default.fileExists(
      atPath: (path as NSString).deletingPathExtension + ".json")
    {
      return nil  // The JSON twin of an Alpine YAML file is read instead.
    }
    let bytes = try readMaybeCompressed(path)
    var tally = ImportTally()
    let report = try importDocument(bytes, member: plain, input: relative, date: nil, tally: &tally,
                                    into: &writer)
    if let report { return report }
    guard tally.records > 0 || !tally.warnings.isEmpty else { return nil }
    return tally.report(name: writer.lastSource ?? "osv", origin: relative)
  }

  /// Imports one document of a recognised kind: whole-feed kinds return their own report;
  /// per-record kinds (OSV, CVE 5) count into `tally`. Nil when the document is not a feed.
  func importDocument(_ bytes: [UInt8], member: String, input: String, date: String?,
                      tally: inout ImportTally, into writer: inout StoreWriter) throws -> ImportReport?
  {
    let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
    let isYAML = member.hasSuffix(".yaml") || member.hasSuffix(".yml")
    let base = (member as NSString).lastPathComponent
    if base.hasSuffix("schema.json") { return nil }  // A feed's JSON Schema, not data.
    if member.hasSuffix(".csv") {
      if CVSSSummaryImporter.recognises(head) {
        return try CVSSSummaryImporter().parse(bytes, input: input, into: &writer)
      }
      if EPSSImporter.recognises(head) {
        return try EPSSImporter().parse(bytes, input: input, date: date, into: &writer)
      }
      return nil
    }
    if !isYAML, DebianTrackerJSONImporter.recognises(head) {
      return try DebianTrackerJSONImporter().parse(bytes, input: input, into: &writer)
    }
    if head.contains("distroversion") {
      return try AlpineSecDBImporter().parse(bytes, isYAML: isYAML, input: input, into: &writer)
    }
    if !isYAML, KEVImporter.recognises(head) {
      return try KEVImporter().parse(bytes, input: input, into: &writer)
    }
    if !isYAML, NVDImporter.recognises(head) {
      return try NVDImporter().parse(bytes, input: input, into: &writer)
    }
    // A CVE 5 record by its content, or by its name when the marker keys come late; a file
    // so named that is not one (an OSV record named after its CVE) is read as OSV below.
    let namedLikeCVE = base.range(of: #"^CVE-\d{4}-\d+\.json$"#, options: .regularExpression) != nil
    if !isYAML, CVE5Importer.recognises(head) || namedLikeCVE {
      switch CVE5Importer().parse(bytes, input: input) {
      case .success(let records):
        for record in records { try writer.add(score: record) }
        tally.records += 1
        writer.lastSource = "cve5"
        return nil
      case .failure(let warning):
        if CVE5Importer.recognises(head) {
          tally.warnings.append(warning)
          return nil
        }
      }
    }
    if head.contains("\"id\"") || head.contains("id:") {
      try addOSV(bytes, isYAML: isYAML, input: input, tally: &tally, into: &writer)
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

  /// Streams an archive of feed files (OSV, RustSec, CVE 5 records, EPSS, KEV), one record or
  /// document per member, into one report for the archive.
  private func importArchive(_ path: String, origin: String, into writer: inout StoreWriter) throws
    -> ImportReport?
  {
    let compressed = BufferedReader(try FileByteStream(path: path), name: path)
    let tar = TarReader(BufferedReader(
      try Compression.decompressing(compressed, maxOutput: 4 << 30), name: path))
    var tally = ImportTally()
    var newestMTime: Int64 = 0
    var name: String?
    while let entry = try tar.next() {
      guard entry.type == .file else { continue }
      let member = entry.rawPath
      let input = "\(origin):\(member)"
      let isMarkdown = member.hasSuffix(".md") && (member.contains("/crates/") || member.contains("/rust/"))
      let isDocument = member.hasSuffix(".json") || member.hasSuffix(".yaml") || member.hasSuffix(".yml")
        || member.hasSuffix(".csv")
      guard isMarkdown || isDocument else { continue }
      guard entry.size <= 64 << 20 else {
        tally.skip(input, "member of \(entry.size) bytes is too large")
        continue
      }
      newestMTime = max(newestMTime, entry.modificationTime)
      let bytes = try tar.readContents(limit: 64 << 20)
      if let feed = LanguageFeed(member: member, contents: bytes) {
        switch feed.parse(bytes, input: input) {
        case .success(let advisory?):
          tally.note(date: advisory.modified ?? advisory.published)
          try writer.add(advisory)
          tally.records += 1
        case .success(nil): break
        case .failure(let warning): tally.warnings.append(warning)
        }
        continue
      }
      if isMarkdown {
        switch RustSecImporter().parse(String(decoding: bytes, as: UTF8.self), input: input) {
        case .success(let advisory?):
          try writer.add(advisory)
          tally.records += 1
        case .success(nil): break
        case .failure(let warning): tally.warnings.append(warning)
        }
        continue
      }
      let mtime = entry.modificationTime > 0
        ? String(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(entry.modificationTime))).prefix(10))
        : nil
      if let report = try importDocument(bytes, member: member, input: input, date: mtime,
                                         tally: &tally, into: &writer)
      {
        name = report.summary.name
        tally.records += report.summary.records
        tally.warnings += report.warnings
        tally.note(date: report.summary.snapshotDate)
      }
    }
    guard tally.records > 0 || !tally.warnings.isEmpty else { return nil }
    if tally.newestDate == nil, newestMTime > 0 {
      tally.note(date: ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(newestMTime))))
    }
    return tally.report(name: name ?? writer.lastSource ?? "osv", origin: origin)
  }

  /// Reads an OSV export (`<Ecosystem>/all.zip`: one JSON record per member). A zip that
  /// cannot be read is an error naming the feed, so the old database stays in place.
  private func importZip(_ path: String, origin: String, into writer: inout StoreWriter) throws
    -> ImportReport?
  {
    let archive: Archive
    do {
      archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    } catch {
      throw InputError(origin, "not a readable zip archive (\(error))")
    }
    var tally = ImportTally()
    for entry in archive where entry.type == .file {
      let input = "\(origin):\(entry.path)"
      guard entry.path.hasSuffix(".json") else { continue }
      guard entry.uncompressedSize <= 64 << 20 else {
        tally.skip(input, "member of \(entry.uncompressedSize) bytes is too large")
        continue
      }
      var data = Data()
      do {
        _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
      } catch {
        throw InputError(origin, "damaged zip member \(entry.path) (\(error))")
      }
      _ = try importDocument(Array(data), member: entry.path, input: input, date: nil, tally: &tally,
                             into: &writer)
    }
    guard tally.records > 0 || !tally.warnings.isEmpty else { return nil }
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
  /// The source of the last advisory written (names a feed of per-record files).
  var lastSource: String?
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
      // Matching reads only these columns; the body is decoded for findings alone.
      let severity = advisory.severity ?? CVSS.severity(of: advisory.cvss)
      try db.cachedStatement(
        sql: "INSERT INTO advisories (source, id, aliases, severity, body) VALUES (?, ?, ?, ?, ?)"
      ).execute(arguments: [advisory.source, advisory.id, advisory.aliases.joined(separator: "\n"),
                            severity?.rawValue, String(decoding: try encoder.encode(body), as: UTF8.self)])
      rowid = db.lastInsertedRowID
      rowids[key] = rowid
      advisories += 1
    }
    for entry in advisory.affected.map({ $0.withVersionsOutsideRanges() }) {
      try db.cachedStatement(sql: "INSERT INTO affected (advisory, ecosystem, package, entry) VALUES (?, ?, ?, ?)").execute(
                     arguments: [rowid, entry.ecosystem, entry.package,
                                 String(decoding: try encoder.encode(entry), as: UTF8.self)])
    }
  }

  mutating func add(score: CVEScoreRecord) throws {
    guard let db else { return }
    // Dates compared to the second: NVD writes no zone, CVE 5 records a `Z`.
    let modified = score.modified.map { String($0.prefix(19)) }
    try db.cachedStatement(sql: """
      INSERT INTO cve_scores (cve, provider, scored_by, modified, metrics) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (cve, provider) DO UPDATE SET scored_by = excluded.scored_by,
        modified = excluded.modified, metrics = excluded.metrics
      WHERE excluded.modified IS NULL OR cve_scores.modified IS NULL
        OR excluded.modified >= cve_scores.modified
      """).execute(arguments: [score.cve, score.provider, score.scoredBy, modified,
                                String(decoding: try encoder.encode(score.metrics), as: UTF8.self)])
  }

  mutating func add(epss: EPSSRecord) throws {
    guard let db else { return }
    try db.cachedStatement(sql: """
      INSERT INTO epss (cve, probability, percentile, date) VALUES (?, ?, ?, ?)
      ON CONFLICT (cve) DO UPDATE SET probability = excluded.probability,
        percentile = excluded.percentile, date = excluded.date
      WHERE excluded.date IS NULL OR epss.date IS NULL OR excluded.date >= epss.date
      """).execute(arguments: [epss.cve, epss.probability, epss.percentile, epss.date])
  }

  mutating func add(kev: KEVRecord) throws {
    guard let db else { return }
    try db.cachedStatement(sql: """
      INSERT OR REPLACE INTO kev (cve, date_added, due_date, ransomware, name) VALUES (?, ?, ?, ?, ?)
      """).execute(arguments: [kev.cve, kev.entry.dateAdded, kev.entry.dueDate, kev.entry.ransomware,
                                kev.entry.name])
  }
}
