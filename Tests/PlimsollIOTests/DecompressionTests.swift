import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollIO
import PlimsollDiagnostics

/// Decompresses a file by magic bytes and returns everything.
func decompress(_ path: String, maxOutput: Int64 = 1 << 30) throws -> [UInt8] {
  let reader = BufferedReader(try FileByteStream(path: path), name: path)
  let stream = try Compression.decompressing(reader, maxOutput: maxOutput)
  return try BufferedReader(stream, name: path).readAll(limit: 1 << 30)
}

@Suite struct DecompressionTests {
  static let text = Array((0..<20_000).map { "line \($0) of the payload\n" }.joined().utf8)

  @Test(arguments: [["gzip", "-c"], ["zstd", "-q", "-c"], ["cat"]])
  func decodesByMagicBytes(command: [String]) throws {
    let scratch = try Scratch()
    try scratch.write("plain", Self.text)
    let packed = try scratch.run(command + ["plain"])
    let path = try scratch.write("packed", packed)
    #expect(try decompress(path) == Self.text)
  }

  @Test func concatenatedGzipMembersAreJoined() throws {
    let scratch = try Scratch()
    try scratch.write("a", "first\n")
    try scratch.write("b", "second\n")
    let joined = try scratch.run(["gzip", "-c", "a"]) + scratch.run(["gzip", "-c", "b"])
    let path = try scratch.write("joined.gz", joined)
    #expect(try decompress(path) == Array("first\nsecond\n".utf8))
  }

  @Test(arguments: [["gzip", "-c"], ["zstd", "-q", "-c"]])
  func corruptDataIsAnErrorNamingTheFormat(command: [String]) throws {
    let scratch = try Scratch()
    try scratch.write("plain", Self.text)
    var packed = try scratch.run(command + ["plain"])
    for index in stride(from: 40, to: min(packed.count - 10, 400), by: 7) { packed[index] ^= 0x5A }
    let path = try scratch.write("corrupt", packed)
    let format = command[0] == "gzip" ? "gzip" : "zstd"
    #expect {
      _ = try decompress(path)
    } throws: { error in
      let message = (error as? InputError)?.errorDescription ?? ""
      return message.contains("corrupt \(format)") && message.contains("corrupt")
    }
  }

  @Test(arguments: [["gzip", "-c"], ["zstd", "-q", "-c"]])
  func truncatedStreamIsAnError(command: [String]) throws {
    let scratch = try Scratch()
    try scratch.write("plain", Self.text)
    let packed = try scratch.run(command + ["plain"])
    let path = try scratch.write("cut", Array(packed.prefix(packed.count / 2)))
    #expect {
      _ = try decompress(path)
    } throws: { error in
      ((error as? InputError)?.problem ?? "").contains("unexpected end")
    }
  }

  @Test(arguments: [["gzip", "-c"], ["zstd", "-q", "-c"]])
  func decompressionBombStopsAtTheLimit(command: [String]) throws {
    let scratch = try Scratch()
    // 64 MiB of zeros compresses to a few kilobytes.
    try scratch.write("zeros", [UInt8](repeating: 0, count: 64 << 20))
    let packed = try scratch.run(command + ["zeros"])
    #expect(packed.count < 1 << 20)
    let path = try scratch.write("bomb", packed)
    #expect {
      _ = try decompress(path, maxOutput: 8 << 20)
    } throws: { error in
      let exceeded = error as? ResourceLimitExceeded
      return exceeded?.limit == .layerBytes && exceeded?.maximum == "\(8 << 20) bytes"
        && exceeded?.input == path && exceeded?.localizedDescription.contains("--max-layer-size") == true
    }
  }

  /// The igzip decoder against gzip's own `-d` as the oracle: random, partly repetitive data of
  /// many sizes, every level, one to three members, read through odd-sized output buffers.
  @Test func gzipDecodingEqualsGzipItselfOverASweep() throws {
    let scratch = try Scratch()
    var random = SplitMix64(seed: 0x9E37_79B9)
    for round in 0..<24 {
      var members: [[UInt8]] = []
      var expected: [UInt8] = []
      for member in 0..<(1 + round % 3) {
        let size = Int(random.next() % UInt64([0, 1, 300, 70_000, 1 << 20][(round + member) % 5] + 1))
        var bytes = [UInt8](repeating: 0, count: size)
        for index in bytes.indices {
          // Runs of repeated words give deflate back-references; the rest is noise.
          bytes[index] = random.next() % 4 == 0 ? UInt8(truncatingIfNeeded: random.next()) : UInt8(97 + index % 13)
        }
        let plain = try scratch.write("plain-\(round)-\(member)", bytes)
        members.append(try scratch.run(["gzip", "-\(1 + (round + member) % 9)", "-c", plain]))
        expected += bytes
      }
      let path = try scratch.write("packed-\(round).gz", members.flatMap { $0 })
      let oracle = try scratch.run(["gzip", "-d", "-c", path])
      #expect(oracle == expected)
      let reader = BufferedReader(try FileByteStream(path: path), name: path, capacity: 1 + round * 997)
      let stream = try Compression.decompressing(reader, maxOutput: 1 << 30)
      var decoded: [UInt8] = []
      var chunk = [UInt8](repeating: 0, count: 1 + round * 4099)
      while true {
        let got = try chunk.withUnsafeMutableBytes { try stream.read(into: $0) }
        if got == 0 { break }
        decoded += chunk[0..<got]
      }
      #expect(decoded == oracle, "round \(round): \(members.count) members")
    }
  }

  @Test func aWrongGzipChecksumIsAnError() throws {
    let scratch = try Scratch()
    try scratch.write("plain", Self.text)
    var packed = try scratch.run(["gzip", "-c", "plain"])
    packed[packed.count - 6] ^= 0xFF  // the CRC-32 in the trailer
    let path = try scratch.write("bad-crc.gz", packed)
    #expect {
      _ = try decompress(path)
    } throws: { error in
      ((error as? InputError)?.problem ?? "").contains("CRC-32")
    }
  }

  @Test func bytesAfterTheLastGzipMemberAreIgnored() throws {
    let scratch = try Scratch()
    try scratch.write("plain", Self.text)
    let packed = try scratch.run(["gzip", "-c", "plain"])
    let path = try scratch.write("trailing.gz", packed + Array("not gzip".utf8) + [0, 0, 0])
    #expect(try decompress(path) == Self.text)
  }

  @Test func hashingStreamRejectsAWrongDigest() throws {
    let scratch = try Scratch()
    let path = try scratch.write("blob", "hello\n")
    let wrong = try #require(Digest("sha256:" + String(repeating: "0", count: 64)))
    let stream = HashingStream(try FileByteStream(path: path), expected: wrong, name: "blob X")
    #expect {
      _ = try BufferedReader(stream, name: "blob X").readAll(limit: 100)
    } throws: { error in
      ((error as? InputError)?.errorDescription ?? "").contains("blob X: digest mismatch")
    }
    let right = Digest.sha256(Array("hello\n".utf8))
    #expect(right.description == "sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")
  }
}
