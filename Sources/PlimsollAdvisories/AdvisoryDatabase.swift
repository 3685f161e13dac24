import Foundation
import GRDB
import PlimsollFindings
import PlimsollIO
import PlimsollDiagnostics

/// The local advisory database: one SQLite file, schema-versioned, replaced atomically.
public final class AdvisoryDatabase: Sendable {
  /// Bumped whenever the tables change; an older file must be rebuilt by `db update`.
  public static let schemaVersion = 3
  /// The file name inside the cache directory.
  public static let fileName = "advisories.db"

  private let queue: DatabaseQueue
  public let path: String

  /// Opens an existing database read-only; a missing or foreign file is an error naming it.
  public init(path: String) throws {
    self.path = path
    guard FileManager.default.fileExists(atPath: path) else {
      throw InputError(path, "no advisory database; run `plimsoll db update --from DIR` first")
    }
    var configuration = Configuration()
    configuration.readonly = true
    do {
      queue = try DatabaseQueue(path: path, configuration: configuration)
      let version = try queue.read { db in
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'")
      }
      guard version == String(Self.schemaVersion) else {
        throw InputError(path, "advisory database schema \(version ?? "unknown"), expected "
          + "\(Self.schemaVersion); run `plimsoll db update`")
      }
    } catch let error as InputError {
      throw error
    } catch {
      throw InputError(path, "not a Plimsoll advisory database (\(error))")
    }
  }

  /// What the database holds: its sources, their counts and dates, and when it was built.
  public func status() throws -> DatabaseStatus {
    try queue.read { db in
      let built = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'built_at'")
      let rows = try Row.fetchAll(db, sql: """
        SELECT name, origin, snapshot_date, records, skipped FROM sources ORDER BY name, origin
        """)
      let sources = rows.map {
        SourceSummary(name: $0["name"], origin: $0["origin"], snapshotDate: $0["snapshot_date"],
                      records: $0["records"], skipped: $0["skipped"])
      }
      let advisories = try Int.fetchOne(db, sql: "SELECT count(*) FROM advisories") ?? 0
      let entries = try Int.fetchOne(db, sql: "SELECT count(*) FROM affected") ?? 0
      return DatabaseStatus(path: path, builtAt: built, advisories: advisories,
                            affectedEntries: entries, sources: sources)
    }
  }

  /// When the database was built (ISO 8601), and the newest date its sources carry: what a
  /// scan says about the data's age, without the counts `status()` computes.
  public func dates() throws -> (builtAt: String?, newestData: String?) {
    try queue.read { db in
      (try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'built_at'"),
       try String.fetchOne(db, sql: "SELECT max(snapshot_date) FROM sources"))
    }
  }

  /// Every affected entry for the given packages of one ecosystem (one query), each with its
  /// advisory's head (source, id, aliases, severity); `advisories(_:)` reads whole records.
  public func candidates(ecosystem: String, packages: Set<String>) throws -> [Candidate] {
    guard !packages.isEmpty else { return [] }
    return try queue.read { db in
      var out: [Candidate] = []
      let names = Array(packages)
      let decoder = JSONDecoder()
      var heads: [Int64: Advisory] = [:]
      for (chunk, marks) in Self.chunks(names) {
        let rows = try Row.fetchCursor(db, sql: """
          SELECT a.rowid AS rowid, a.source AS source, a.id AS id, a.aliases AS aliases,
                 a.severity AS severity, f.entry AS entry FROM affected f
          JOIN advisories a ON a.rowid = f.advisory
          WHERE f.ecosystem = ? AND f.package IN (\(marks))
          """, arguments: StatementArguments([ecosystem] + chunk))
        while let row = try rows.next() {
          let rowid: Int64 = row["rowid"]
          let head: Advisory
          if let known = heads[rowid] {
            head = known
          } else {
            let aliases: String = row["aliases"]
            let severity: String? = row["severity"]
            head = Advisory(source: row["source"], id: row["id"],
                            aliases: aliases.isEmpty ? [] : aliases.components(separatedBy: "\n"),
                            severity: severity.flatMap(Severity.init(rawValue:)))
            heads[rowid] = head
          }
          let entry: String = row["entry"]
          out.append(Candidate(advisory: head, advisoryRowID: rowid,
                               entry: try decoder.decode(AffectedEntry.self, from: Data(entry.utf8))))
        }
      }
      return out
    }
  }

  /// Whole advisory records by row id (their `affected` lists empty), for the findings made.
  public func advisories(_ rowids: Set<Int64>) throws -> [Int64: Advisory] {
    guard !rowids.isEmpty else { return [:] }
    return try queue.read { db in
      var out: [Int64: Advisory] = [:]
      let decoder = JSONDecoder()
      for (chunk, marks) in Self.chunks(Array(rowids)) {
        for row in try Row.fetchAll(db, sql: "SELECT rowid, body FROM advisories WHERE rowid IN (\(marks))",
                                    arguments: StatementArguments(chunk)) {
          let body: String = row["body"]
          out[row["rowid"]] = try decoder.decode(Advisory.self, from: Data(body.utf8))
        }
      }
      return out
    }
  }

  /// The CVSS scores, EPSS score and KEV entry of each of `cves` that the database knows.
  public func facts(for cves: Set<String>) throws -> [String: CVEFacts] {
    guard !cves.isEmpty else { return [:] }
    return try queue.read { db in
      var out: [String: CVEFacts] = [:]
      let decoder = JSONDecoder()
      for (chunk, marks) in Self.chunks(cves.sorted()) {
        let arguments = StatementArguments(chunk)
        for row in try Row.fetchAll(
          db, sql: "SELECT cve, provider, scored_by, modified, metrics FROM cve_scores WHERE cve IN (\(marks))",
          arguments: arguments)
        {
          let cve: String = row["cve"]
          let provider: String = row["provider"]
          let metrics: String = row["metrics"]
          out[cve, default: CVEFacts()].scores[provider] = CVEScoreRecord(
            cve: cve, provider: provider, scoredBy: row["scored_by"], modified: row["modified"],
            metrics: try decoder.decode([CVSSScore].self, from: Data(metrics.utf8)))
        }
        for row in try Row.fetchAll(
          db, sql: "SELECT cve, probability, percentile, date FROM epss WHERE cve IN (\(marks))",
          arguments: arguments)
        {
          let cve: String = row["cve"]
          out[cve, default: CVEFacts()].epss = EPSSRecord(
            cve: cve, probability: row["probability"], percentile: row["percentile"], date: row["date"])
        }
        for row in try Row.fetchAll(
          db, sql: "SELECT cve, date_added, due_date, ransomware, name FROM kev WHERE cve IN (\(marks))",
          arguments: arguments)
        {
          let cve: String = row["cve"]
          out[cve, default: CVEFacts()].kev = KnownExploited(
            dateAdded: row["date_added"], dueDate: row["due_date"], ransomware: row["ransomware"],
            name: row["name"])
        }
      }
      return out
    }
  }

  /// Values in chunks of at most 500 with their `?,?,…` placeholders: SQLite limits the host
  /// parameters of one statement.
  static func chunks<Value>(_ values: [Value]) -> [(values: [Value], marks: String)] {
    stride(from: 0, to: values.count, by: 500).map { start in
      let chunk = Array(values[start..<min(start + 500, values.count)])
      return (chunk, Array(repeating: "?", count: chunk.count).joined(separator: ","))
    }
  }

  /// The package names one ecosystem's advisories mention, sorted.
  public func candidateNames(ecosystem: String) throws -> [String] {
    try queue.read { db in
      try String.fetchAll(db, sql: "SELECT DISTINCT package FROM affected WHERE ecosystem = ? ORDER BY package",
                          arguments: [ecosystem])
    }
  }

  /// The ecosystems present, e.g. `debian:bullseye`, `PyPI`.
  public func ecosystems() throws -> [String] {
    try queue.read { db in
      try String.fetchAll(db, sql: "SELECT name FROM ecosystems ORDER BY name")
    }
  }
}

/// One advisory entry that may apply to an installed package.
public struct Candidate: Sendable {
  /// The advisory's head: source, id, aliases and severity (no text, references or entries).
  public var advisory: Advisory
  /// The advisory's row, to read the whole record with `advisories(_:)`.
  public var advisoryRowID: Int64
  public var entry: AffectedEntry
}

/// What `plimsoll db status` shows.
public struct DatabaseStatus: Codable, Sendable {
  public var path: String
  public var builtAt: String?
  public var advisories: Int
  public var affectedEntries: Int
  public var sources: [SourceSummary]

  /// Days since the build, or nil when unknown.
  public func ageInDays(now: Date = Date()) -> Double? {
    guard let builtAt, let date = ISO8601DateFormatter().date(from: builtAt) else { return nil }
    return now.timeIntervalSince(date) / 86_400
  }
}
