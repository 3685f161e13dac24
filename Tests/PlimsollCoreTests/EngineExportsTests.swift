import Foundation
import PlimsollCore
import PlimsollTestSupport
import Testing

@Test func staleEngineExportsAreRemovedAndFreshOnesKept() throws {
  let scratch = try Scratch()
  let directory = EngineExports.directory(cache: scratch.url)
  #expect(directory.lastPathComponent == "engine-exports")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  let stale = try scratch.write("engine-exports/.docker-export-1.tar.partial-ab12cd34", "x")
  let fresh = try scratch.write("engine-exports/docker-export-2.tar", "y")
  try scratch.write("engine-exports/keep/inner", "z")
  let twoHoursAgo = Date().addingTimeInterval(-7200)
  try FileManager.default.setAttributes([.modificationDate: twoHoursAgo], ofItemAtPath: stale)
  try FileManager.default.setAttributes(
    [.modificationDate: twoHoursAgo], ofItemAtPath: directory.appendingPathComponent("keep").path)
  EngineExports.removeStale(in: directory)
  #expect(!FileManager.default.fileExists(atPath: stale))
  #expect(FileManager.default.fileExists(atPath: fresh))
  // Only regular files are removed; a directory is never walked or deleted.
  #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("keep/inner").path))
  // A folder that does not exist is not an error.
  EngineExports.removeStale(in: scratch.url.appendingPathComponent("missing"))
}
