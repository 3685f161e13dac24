import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollIO

/// The pipe between a registry download and a layer walk.
@Suite struct ByteChannelTests {
  /// Reads the whole channel on a thread of its own, as a layer walk does.
  func drain(_ reader: ByteChannel.Reader, chunk: Int) async throws -> [UInt8] {
    try await BlockingWork.run {
      var all: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: chunk)
      while true {
        let got = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
        if got == 0 { return all }
        all += buffer[0..<got]
      }
    }
  }

  /// Bytes arrive in order and complete through a channel much smaller than what passes, with
  /// writes and reads of unrelated sizes (the writer waits for room many times).
  @Test func everyByteArrivesInOrderThroughASmallChannel() async throws {
    var random = SplitMix64(seed: 7)
    let payload = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    let channel = ByteChannel(name: "blob", capacity: 4096)
    let reader = channel.reader()
    async let read = drain(reader, chunk: 1000)
    var offset = 0
    var size = 1
    while offset < payload.count {
      let end = min(payload.count, offset + size)
      try await channel.write(Array(payload[offset..<end]))
      offset = end
      size = size * 3 % 9001 + 1
    }
    channel.finish()
    let received = try await read
    #expect(received == payload)
  }

  /// The producer's failure (a digest mismatch found at the end) reaches the reader instead of
  /// the end of the stream.
  @Test func aFailureReachesTheReaderInsteadOfTheEnd() async throws {
    struct Mismatch: Error {}
    let channel = ByteChannel(name: "blob", capacity: 1 << 20)
    let reader = channel.reader()
    try await channel.write(Array(repeating: 1, count: 10_000))
    channel.fail(Mismatch())
    await #expect(throws: Mismatch.self) { _ = try await drain(reader, chunk: 4096) }
  }

  /// A reader that goes away (a walk that failed) stops the producer, even one waiting for room.
  @Test func aReaderThatGoesAwayStopsTheProducer() async throws {
    let channel = ByteChannel(name: "blob", capacity: 100)
    var reader: ByteChannel.Reader? = channel.reader()
    let writer = Task { () -> Bool in
      do {
        for _ in 0..<1000 { try await channel.write(Array(repeating: 2, count: 64)) }
        return false
      } catch is ByteChannel.Closed {
        return true
      }
    }
    try await Task.sleep(for: .milliseconds(50))
    #expect(reader != nil)
    reader = nil
    #expect(try await writer.value)
  }
}
