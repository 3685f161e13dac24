import Foundation
import PlimsollIO
import PlimsollTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `stat` facts scans read instead of `FileManager`'s attributes.
@Suite struct FileStatusTests {
  @Test func eachKindIsToldApartAndLinksAreFollowedOnlyWhenAsked() throws {
    let scratch = try Scratch()
    let file = try scratch.write("file", "12345")
    #expect(chmod(file, 0o4750) == 0)
    try FileManager.default.createDirectory(atPath: scratch.path + "/dir", withIntermediateDirectories: false)
    try FileManager.default.createSymbolicLink(atPath: scratch.path + "/link", withDestinationPath: "file")
    #expect(mkfifo(scratch.path + "/fifo", 0o600) == 0)

    let regular = try #require(FileStatus(file))
    #expect(regular.kind == .regular && regular.isRegularFile && !regular.isDirectory)
    #expect(regular.size == 5)
    #expect(regular.permissions == 0o4750)
    #expect(regular.uid == getuid() && regular.gid == getgid())
    #expect(abs(regular.modified.timeIntervalSinceNow) < 600)

    #expect(FileStatus(scratch.path + "/dir")?.kind == .directory)
    #expect(FileStatus(scratch.path + "/link", followingSymlinks: false)?.kind == .symbolicLink)
    #expect(FileStatus(scratch.path + "/link", followingSymlinks: false)?.isSymbolicLink == true)
    #expect(FileStatus(scratch.path + "/link")?.kind == .regular)
    #expect(FileStatus(scratch.path + "/fifo")?.kind == .other)
    #expect(FileStatus(scratch.path + "/missing") == nil)
  }

  @Test func aDanglingLinkIsALinkButNothingWhenFollowed() throws {
    let scratch = try Scratch()
    try FileManager.default.createSymbolicLink(atPath: scratch.path + "/dangling", withDestinationPath: "nowhere")
    #expect(FileStatus(scratch.path + "/dangling", followingSymlinks: false)?.kind == .symbolicLink)
    #expect(FileStatus(scratch.path + "/dangling") == nil)
  }
}
