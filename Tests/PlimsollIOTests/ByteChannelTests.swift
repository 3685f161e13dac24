import Foundation
import PlimsollDiagnostics
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

  /// A stream that gives `payload` in reads of at most `step` bytes, then fails if asked to.
  final class Source: ByteStream {
    struct Broken: Error {}
    let payload: [UInt8]
    let step: Int
    let failAtEnd: Bool
    var offset = 0
    let reads = Locked(0)
    init(_ payload: [UInt8], step: Int, failAtEnd: Bool = false) {
      self.payload = payload
      self.step = step
      self.failAtEnd = failAtEnd
    }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
      reads.withLock { $0 += 1 }
      let count = min(step, buffer.count, payload.count - offset)
      if count == 0 {
        if failAtEnd { throw Broken() }
        return 0
      }
      payload.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + count])) }
      offset += count
      return count
    }
  }

  /// A prefetched stream gives every byte in order, and its `after` step runs once the source
  /// has ended, before the reader sees the end.
  @Test func aPrefetchedStreamGivesEveryByteThenRunsItsLastStep() async throws {
    var random = SplitMix64(seed: 11)
    let payload = (0..<5_000_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    let finished = Locked(false)
    let reader = ByteChannel.prefetch(Source(payload, step: 70_001), name: "layer", chunkSize: 65_536) {
      finished.withLock { $0 = true }
    }
    #expect(try await drain(reader, chunk: 12_345) == payload)
    #expect(finished.withLock { $0 })
  }

  /// The source's error, or the last step's (a digest mismatch found at the end), is what the
  /// reader gets instead of the end.
  @Test func aPrefetchFailureReachesTheReader() async throws {
    struct Mismatch: Error {}
    let broken = ByteChannel.prefetch(Source(Array(repeating: 3, count: 100_000), step: 4096, failAtEnd: true), name: "layer")
    await #expect(throws: Source.Broken.self) { _ = try await drain(broken, chunk: 4096) }
    let mismatch = ByteChannel.prefetch(Source(Array(repeating: 3, count: 100_000), step: 4096), name: "layer") {
      throw Mismatch()
    }
    await #expect(throws: Mismatch.self) { _ = try await drain(mismatch, chunk: 4096) }
  }

  /// Releasing the reader of a prefetch stops its thread: the source is read no further than
  /// the channel's room ahead of the reader.
  @Test func releasingAPrefetchedReaderStopsItsThread() async throws {
    let source = Source(Array(repeating: 4, count: 64 << 20), step: 1 << 16)
    var reader: ByteChannel.Reader? = ByteChannel.prefetch(source, name: "layer", chunkSize: 1 << 16)
    try await Task.sleep(for: .milliseconds(200))
    #expect(reader != nil)
    reader = nil
    try await Task.sleep(for: .milliseconds(200))
    let reads = source.reads.withLock { $0 }
    try await Task.sleep(for: .milliseconds(200))
    #expect(source.reads.withLock { $0 } == reads)
    #expect(reads < 64, "read \(reads) chunks of 64 KiB, more than a 2 MiB channel holds ahead")
  }
}
