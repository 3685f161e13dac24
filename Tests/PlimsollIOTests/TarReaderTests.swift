import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollIO
import PlimsollDiagnostics

/// Reads every entry of a tar file with its contents.
func readAll(_ path: String) throws -> [(TarEntry, [UInt8])] {
  let tar = TarReader(BufferedReader(try FileByteStream(path: path), name: path))
  var out: [(TarEntry, [UInt8])] = []
  while let entry = try tar.next() {
    out.append((entry, try tar.readContents(limit: 1 << 30)))
  }
  return out
}

@Suite struct TarReaderTests {
  @Test(arguments: ["gnu", "ustar", "pax", "posix", "v7"])
  func readsArchivesWrittenByGNUTar(format: String) throws {
    let scratch = try Scratch()
    try scratch.write("root/etc/os-release", "ID=debian\n")
    try scratch.write("root/usr/bin/tool", "#!/bin/sh\necho hi\n", mode: 0o755)
    try scratch.run(["tar", "--format=\(format)", "-C", "root", "-cf", "out.tar", "."])
    let entries = try readAll(scratch.path + "/out.tar")
    let files = Dictionary(uniqueKeysWithValues: entries.filter { $0.0.type == .file }
      .map { (ArchivePath.normalize($0.0.rawPath) ?? "", $0) })
    #expect(files["/etc/os-release"]?.1 == Array("ID=debian\n".utf8))
    #expect(files["/usr/bin/tool"]?.0.mode == 0o755)
  }

  @Test(arguments: ["gnu", "ustar", "pax"])
  func ownersComeFromTheHeaderOrPAX(format: String) throws {
    let scratch = try Scratch()
    try scratch.write("root/owned", "x")
    // 3000000 does not fit ustar's 7 octal digits: GNU writes base-256, PAX a `uid` record.
    let uid = format == "ustar" ? 1000 : 3_000_000
    try scratch.run(["tar", "--format=\(format)", "--owner=\(uid)", "--group=2000", "--numeric-owner",
                     "-C", "root", "-cf", "out.tar", "owned"])
    let entry = try #require(try readAll(scratch.path + "/out.tar").first?.0)
    #expect(entry.uid == Int64(uid))
    #expect(entry.gid == 2000)
  }

  @Test func longNamesSurviveInGNUAndPAXFormats() throws {
    let scratch = try Scratch()
    let deep = (0..<12).map { "directory-\($0)" }.joined(separator: "/") + "/file-with-a-long-name.txt"
    #expect(deep.utf8.count > 150)
    try scratch.write("root/" + deep, "payload")
    try scratch.run(["ln", "-s", "/" + deep, "root/link-with-long-target"])
    for format in ["gnu", "pax"] {
      try scratch.run(["tar", "--format=\(format)", "-C", "root", "-cf", "\(format).tar", "."])
      let entries = try readAll(scratch.path + "/\(format).tar")
      let file = entries.first { ArchivePath.normalize($0.0.rawPath) == "/" + deep }
      #expect(file?.1 == Array("payload".utf8), "format \(format)")
      let link = entries.first { $0.0.type == .symlink }
      #expect(link?.0.linkTarget == "/" + deep, "format \(format)")
    }
  }

  @Test func truncatedArchiveIsAnErrorNamingTheInput() throws {
    let scratch = try Scratch()
    try scratch.write("root/big.bin", [UInt8](repeating: 7, count: 100_000))
    try scratch.run(["tar", "-C", "root", "-cf", "whole.tar", "."])
    let whole = try scratch.read("whole.tar")
    let cut = try scratch.write("cut.tar", Array(whole.prefix(50_000)))
    #expect {
      _ = try readAll(cut)
    } throws: { error in
      let message = (error as? InputError)?.errorDescription ?? ""
      return message.contains("cut.tar") && message.contains("truncated")
    }
  }

  @Test func garbageIsNotATar() throws {
    let scratch = try Scratch()
    let path = try scratch.write("junk.tar", Array(repeating: UInt8(ascii: "x"), count: 2048))
    #expect {
      _ = try readAll(path)
    } throws: { error in
      ((error as? InputError)?.problem ?? "").contains("checksum")
    }
  }

  @Test(arguments: [
    ("./usr/bin/../lib/x", "/usr/lib/x"), ("/etc//passwd", "/etc/passwd"), ("a/./b", "/a/b"),
  ])
  func pathsAreNormalised(raw: String, expected: String) {
    #expect(ArchivePath.normalize(raw) == expected)
  }

  @Test(arguments: ["../../etc/passwd", "a/../../b", ".."])
  func pathsThatClimbOutAreRejected(raw: String) {
    #expect(ArchivePath.normalize(raw) == nil)
  }
}
