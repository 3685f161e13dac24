import Foundation
import PlimsollCore
import PlimsollTestSupport

// Advisory benchmark: import time per feed, then the time to match 5,000 installed packages
// against the full database. Usage: MatchBenchmark FEED_DIRECTORY
// (PLIMSOLL_BENCH_DB=path reuses a database built before and skips the import figures.)
let arguments = CommandLine.arguments
guard arguments.count == 2 else {
  print("usage: MatchBenchmark FEED_DIRECTORY")
  exit(2)
}
let feeds = arguments[1]
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("plimsoll-bench-\(getpid())")
try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: scratch) }

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let reuse = ProcessInfo.processInfo.environment["PLIMSOLL_BENCH_DB"]
if reuse == nil { print("== import (one database per feed folder, then all together)") }
let folders = ((try? FileManager.default.contentsOfDirectory(atPath: feeds)) ?? []).sorted()
for folder in folders where reuse == nil {
  let path = feeds + "/" + folder
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
    folder != "tools", folder != "samples"
  else { continue }
  var records = 0
  let database = scratch.path + "/\(folder).db"
  let time = seconds {
    records = (try? DatabaseBuilder().build(from: path, to: database).sources.reduce(0) { $0 + $1.records }) ?? 0
  }
  let size = ((try? FileManager.default.attributesOfItem(atPath: database))?[.size] as? NSNumber)?.intValue ?? 0
  print(String(format: "%-8@ %7d records %8.2f s %8.1f MB", folder as NSString, records, time,
               Double(size) / 1_000_000))
}
let full = reuse ?? scratch.path + "/all.db"
if reuse == nil {
  let total = try seconds { _ = try DatabaseBuilder().build(from: feeds, to: full) }
  let size = ((try? FileManager.default.attributesOfItem(atPath: full))?[.size] as? NSNumber)?.intValue ?? 0
  print(String(format: "all              %8.2f s %8.1f MB", total, Double(size) / 1_000_000))
}
let database = try AdvisoryDatabase(path: full)

// 5,000 packages with names the feeds know, at versions spread over their history.
var packages: [Package] = []
var random = SplitMix64(seed: 42)
for (ecosystem, type, count) in [("PyPI", PackageType.python, 2000), ("Go", .golang, 1000),
                                 ("crates.io", .cargo, 500), ("debian:bullseye", .deb, 1500)] {
  // Collect names from the advisories themselves.
  let names = try database.candidateNames(ecosystem: ecosystem)
  guard !names.isEmpty else { continue }
  for index in 0..<count {
    let name = names[index % names.count]
    let version: String
    switch type {
    case .deb: version = "1.\(Int.random(in: 0...9, using: &random))-\(Int.random(in: 1...5, using: &random))+deb11u1"
    case .golang: version = "v0.\(Int.random(in: 0...30, using: &random)).\(Int.random(in: 0...9, using: &random))"
    default: version = "\(Int.random(in: 0...4, using: &random)).\(Int.random(in: 0...20, using: &random)).\(Int.random(in: 0...9, using: &random))"
    }
    packages.append(Package(type: type, name: name, version: version, sourceName: name,
                            sourceVersion: version, foundIn: "/bench/\(index)"))
  }
}
let inventory = Inventory(
  target: TargetSummary(name: "bench", sourceKind: "rootfs"),
  os: OSRelease(id: "debian", versionID: "11", codename: "bullseye"), packages: packages)
let matcher = VulnerabilityMatcher(database: database)
var times: [Double] = []
var findings = 0
for _ in 0..<5 {
  times.append(try seconds { findings = try matcher.match(inventory).findings.count })
}
times.sort()
print("== match")
print(String(format: "%d packages, %d findings: median %.0f ms (min %.0f ms, max %.0f ms)",
             packages.count, findings, times[2] * 1000, times[0] * 1000, times[4] * 1000))

