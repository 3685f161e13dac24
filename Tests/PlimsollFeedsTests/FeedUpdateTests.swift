import Foundation
import PlimsollAdvisories
import PlimsollTestSupport
import Testing
import ZIPFoundation
@testable import PlimsollFeeds

/// The advisory snapshot beside the repository.
let vulndata = Repository.vulndata
let hasSnapshot = ProcessInfo.processInfo.environment["CI"] == "true"
  || FileManager.default.fileExists(atPath: vulndata + "/SHA256SUMS")

/// A small tree in the snapshot's own layout, with a SHA256SUMS manifest as the snapshot has.
func snapshotSubset(_ scratch: Scratch) throws -> String {
  for feed in ["alpine/v3.11-main.json", "kev/cisa-kev-data.tar.gz", "nvd/nvdcve-modified.json.gz",
               "rust/rustsec-advisory-db.tar.gz"] {
    try scratch.run(["mkdir", "-p", "snapshot/" + (feed as NSString).deletingLastPathComponent])
    try scratch.run(["cp", vulndata + "/" + feed, "snapshot/" + feed])
  }
  let sums = try scratch.run(["sh", "-c", "cd snapshot && find . -type f | sort | xargs sha256sum"])
  try scratch.write("snapshot/SHA256SUMS", sums)
  return scratch.path + "/snapshot"
}

/// A tree in the production layout (`<host>/<path>` of each public URL), without a manifest:
/// an OSV zip made from real Go records, an Alpine secdb branch, NVD's modified feed, KEV.
func productionMirror(_ scratch: Scratch) throws -> String {
  let root = scratch.path + "/production"
  try scratch.run(["mkdir", "-p", "production/osv-vulnerabilities.storage.googleapis.com/Go",
                   "production/secdb.alpinelinux.org/v3.11", "production/nvd.nist.gov/feeds/json/cve/2.0",
                   "production/www.cisa.gov/sites/default/files/feeds", "go"])
  try scratch.run(["tar", "-xzf", vulndata + "/go/vulndb-osv.tar.gz", "-C", "go", "--wildcards",
                   "*/GO-2023-*.json"])
  let zip = try Archive(url: URL(fileURLWithPath: root + "/osv-vulnerabilities.storage.googleapis.com/Go/all.zip"),
                        accessMode: .create)
  let records = try scratch.run(["sh", "-c", "cd go && find . -name 'GO-2023-*.json' | sort"])
  for record in String(decoding: records, as: UTF8.self).split(separator: "\n") {
    let url = URL(fileURLWithPath: scratch.path + "/go/" + record)
    try zip.addEntry(with: url.lastPathComponent, fileURL: url)
  }
  try scratch.run(["cp", vulndata + "/alpine/v3.11-main.json", "production/secdb.alpinelinux.org/v3.11/main.json"])
  try scratch.write("production/secdb.alpinelinux.org/index.html", "<a href=\"v3.11/\">v3.11/</a>\n")
  try scratch.run(["cp", vulndata + "/nvd/nvdcve-modified.json.gz",
                   "production/nvd.nist.gov/feeds/json/cve/2.0/nvdcve-2.0-modified.json.gz"])
  try scratch.run(["sh", "-c", "tar -xzOf '\(vulndata)/kev/cisa-kev-data.tar.gz' kev-data/known_exploited_vulnerabilities.json"
                     + " > production/www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"])
  return root
}

/// What a database holds, for comparing two builds.
func contents(_ path: String) throws -> [String] {
  let status = try AdvisoryDatabase(path: path).status()
  return ["advisories \(status.advisories)", "entries \(status.affectedEntries)"]
    + status.sources.map { "\($0.name) \($0.records)" }.sorted()
}

@Suite(.enabled(if: hasSnapshot), .serialized) struct FeedUpdateTests {
  @Test func aMirrorOverHTTPGivesTheSameDatabaseAsItsDirectory() async throws {
    let scratch = try Scratch()
    let tree = try snapshotSubset(scratch)
    let server = try await MirrorServer(serving: tree)
    _ = try DatabaseBuilder().build(from: tree, to: scratch.path + "/direct.db")
    let update = FeedUpdate(origin: .init(server.base))
    let report = try await update.update(cacheRoot: scratch.path + "/cache", database: scratch.path + "/cache/advisories.db")
    #expect(report.build != nil)
    #expect(report.files.map(\.outcome) == Array(repeating: "downloaded", count: 4))
    #expect(try contents(scratch.path + "/cache/advisories.db") == contents(scratch.path + "/direct.db"))

    // Nothing changed: the manifest is answered 304 and no feed body moves; no rebuild.
    server.resetLog()
    let again = try await update.update(cacheRoot: scratch.path + "/cache", database: scratch.path + "/cache/advisories.db")
    #expect(again.build == nil && again.transferred == 0)
    #expect(server.requests.map(\.path) == ["SHA256SUMS"])
    #expect(server.requests.map(\.status) == [304])
  }

  @Test func theProductionLayoutIsReadByConditionalRequests() async throws {
    let scratch = try Scratch()
    let tree = try productionMirror(scratch)
    let server = try await MirrorServer(serving: tree)
    let update = FeedUpdate(origin: .init(server.base))
    let database = scratch.path + "/cache/advisories.db"
    let first = try await update.update(cacheRoot: scratch.path + "/cache", database: database)
    let fetched = first.files.filter { $0.outcome == "downloaded" }.map(\.path).sorted()
    #expect(fetched == [
      "nvd.nist.gov/feeds/json/cve/2.0/nvdcve-2.0-modified.json.gz",
      "osv-vulnerabilities.storage.googleapis.com/Go/all.zip",
      "secdb.alpinelinux.org/v3.11/community.json",
      "secdb.alpinelinux.org/v3.11/main.json",
      "www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
    ].filter { FileManager.default.fileExists(atPath: tree + "/" + $0) }, "\(first.warnings)")
    #expect(first.warnings.contains { $0.message.hasPrefix("not published there: ") && $0.message.contains("osv PyPI") })
    let built = Dictionary(grouping: first.build?.sources ?? [], by: \.name).mapValues { $0.reduce(0) { $0 + $1.records } }
    #expect((built["osv-go"] ?? 0) > 300)
    #expect(built["alpine-secdb"] == 1204 && built["cisa-kev"] == 1404 && (built["nvd"] ?? 0) > 2000)

    server.resetLog()
    let second = try await update.update(cacheRoot: scratch.path + "/cache", database: database)
    #expect(second.build == nil && second.transferred == 0)
    let present = server.requests.filter { $0.status != 404 }
    #expect(!present.isEmpty && present.allSatisfy { $0.status == 304 && $0.bodyBytes == 0 })

    // `db mirror` copies it into the production layout with a manifest; served again, it
    // gives the same database.
    let copy = try await update.mirror(into: scratch.path + "/copy")
    #expect(copy.files.filter { $0.outcome != "not found" }.count == fetched.count)
    #expect(FileManager.default.fileExists(atPath: scratch.path + "/copy/SHA256SUMS"))
    let again = try await MirrorServer(serving: scratch.path + "/copy")
    _ = try await FeedUpdate(origin: .init(again.base)).update(cacheRoot: scratch.path + "/cache2",
                                                                database: scratch.path + "/cache2/advisories.db")
    #expect(try contents(scratch.path + "/cache2/advisories.db") == contents(database))
  }

  @Test func anUnlistableAlpineIndexIsAWarningAndTheKnownBranchesAreRead() async throws {
    let scratch = try Scratch()
    let tree = try productionMirror(scratch)
    try FileManager.default.removeItem(atPath: tree + "/secdb.alpinelinux.org/index.html")
    let server = try await MirrorServer(serving: tree)
    let report = try await FeedUpdate(origin: .init(server.base)).download(into: scratch.path + "/feeds").0
    #expect(report.warnings.contains {
      $0.message == "the Alpine secdb index is not there; reading the known branches v3.12…edge"
    }, "\(report.warnings)")
    let alpine = server.requests.map(\.path).filter { $0.hasPrefix("secdb.alpinelinux.org/") && $0.hasSuffix(".json") }
    #expect(alpine.count == 2 * FeedCatalog.alpineBranches.count && !alpine.contains { $0.contains("v3.11") }, "\(server.requests.map(\.path))")
  }

  @Test func anInterruptedDownloadResumes() async throws {
    let scratch = try Scratch()
    let tree = try snapshotSubset(scratch)
    let server = try await MirrorServer(serving: tree)
    server.cutOffNext("rust/rustsec-advisory-db.tar.gz")
    let report = try await FeedUpdate(origin: .init(server.base)).update(
      cacheRoot: scratch.path + "/cache", database: scratch.path + "/cache/advisories.db")
    let rust = server.requests.filter { $0.path == "rust/rustsec-advisory-db.tar.gz" }
    #expect(rust.map(\.status) == [200, 206])
    #expect(rust.last?.range?.hasPrefix("bytes=") == true)
    #expect(report.files.first { $0.path.hasPrefix("rust/") }?.outcome == "resumed")
    let size = try FileManager.default.attributesOfItem(atPath: tree + "/rust/rustsec-advisory-db.tar.gz")[.size] as? Int
    // The second request asks only for what had not arrived.
    let offset = Int(rust.last?.range?.dropFirst("bytes=".count).prefix { $0 != "-" } ?? "") ?? 0
    #expect(offset > 0 && rust.last?.bodyBytes == (size ?? 0) - offset)
    #expect((report.build?.sources.first { $0.name == "rustsec" }?.records ?? 0) > 1200)
  }

  @Test func aCorruptZipIsAnErrorNamingTheFeedAndTheOldDatabaseStays() async throws {
    let scratch = try Scratch()
    let tree = try productionMirror(scratch)
    let server = try await MirrorServer(serving: tree)
    let update = FeedUpdate(origin: .init(server.base))
    let database = scratch.path + "/cache/advisories.db"
    _ = try await update.update(cacheRoot: scratch.path + "/cache", database: database)
    let before = try contents(database)
    try scratch.write("production/osv-vulnerabilities.storage.googleapis.com/Go/all.zip", "PK\u{3}\u{4} not a zip")
    await #expect {
      _ = try await update.update(cacheRoot: scratch.path + "/cache", database: database)
    } throws: { error in
      "\(error)".contains("osv-vulnerabilities.storage.googleapis.com/Go/all.zip")
    }
    #expect(try contents(database) == before)
  }

  @Test func aManifestNamingPathsOutsideTheMirrorIsRefused() async throws {
    let scratch = try Scratch()
    try scratch.write("hostile/SHA256SUMS", String(repeating: "a", count: 64) + "  ../../outside\n")
    let server = try await MirrorServer(serving: scratch.path + "/hostile")
    await #expect {
      _ = try await FeedUpdate(origin: .init(server.base)).update(
        cacheRoot: scratch.path + "/cache", database: scratch.path + "/cache/advisories.db")
    } throws: { error in
      "\(error)".contains("SHA256SUMS") && "\(error)".contains("outside the mirror")
    }
    #expect(!FileManager.default.fileExists(atPath: scratch.path + "/outside"))
  }

  @Test func aMirrorThatLiesAboutADigestIsRefused() async throws {
    let scratch = try Scratch()
    let tree = try snapshotSubset(scratch)
    try scratch.write("snapshot/alpine/v3.11-main.json", "{\"distroversion\":\"v3.11\",\"packages\":[]}")
    let server = try await MirrorServer(serving: tree)
    let report = try await FeedUpdate(origin: .init(server.base)).update(
      cacheRoot: scratch.path + "/cache", database: scratch.path + "/cache/advisories.db")
    #expect(report.files.first { $0.path == "alpine/v3.11-main.json" }?.outcome == "failed")
    #expect(report.warnings.contains { $0.message.contains("but the mirror's SHA256SUMS says") })
  }
}
