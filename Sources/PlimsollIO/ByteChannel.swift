import Foundation

/// A bounded pipe from an asynchronous producer (a download) to a blocking reader (a layer walk
/// on a thread of its own), so a blob is analysed while it arrives instead of after.
///
/// The producer's `write` suspends while `capacity` bytes wait unread; the reader blocks while
/// nothing is buffered. The producer ends the stream with `finish()` (the reader then sees the
/// end) or `fail(_:)` (the reader's next read throws that error). A reader that goes away
/// (`ByteChannel.Reader` released) makes the producer's next `write` throw `Closed`.
public final class ByteChannel: @unchecked Sendable {
  /// Thrown to the producer when nobody reads any more.
  public struct Closed: Error {}

  private let condition = NSCondition()
  private var chunks: [[UInt8]] = []
  private var first = 0
  private var offsetInFirst = 0
  private var buffered = 0
  private let capacity: Int
  private var finished = false
  private var failure: (any Error)?
  private var closed = false
  private var waitingWriter: CheckedContinuation<Void, any Error>?
  /// Writers blocked in `writeBlocking` until the reader makes room.
  private var blockedWriters = 0
  /// The blob's name, for error messages.
  public let name: String

  public init(name: String, capacity: Int = 2 << 20) {
    self.name = name
    self.capacity = max(1, capacity)
  }

  /// The reading end; releasing it closes the channel.
  public func reader() -> Reader { Reader(self) }

  /// Appends bytes, suspending while the channel is full. Throws `Closed` once the reader is gone.
  public func write(_ bytes: [UInt8]) async throws {
    guard !bytes.isEmpty, try append(bytes) else { return }
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
      waitForRoom(continuation)
    }
  }

  /// Appends bytes from a thread of its own, blocking while the channel is full. Throws `Closed`
  /// once the reader is gone.
  public func writeBlocking(_ bytes: [UInt8]) throws {
    guard !bytes.isEmpty else { return }
    condition.lock()
    defer { condition.unlock() }
    while !closed && buffered >= capacity {
      blockedWriters += 1
      condition.wait()
      blockedWriters -= 1
    }
    try enqueue(bytes)
  }

  /// Buffers `bytes`; true when the channel is full afterwards.
  private func append(_ bytes: [UInt8]) throws -> Bool {
    condition.lock()
    defer { condition.unlock() }
    try enqueue(bytes)
    return buffered >= capacity
  }

  /// Buffers `bytes` and wakes the reader; the caller holds the lock.
  private func enqueue(_ bytes: [UInt8]) throws {
    if closed { throw Closed() }
    chunks.append(bytes)
    buffered += bytes.count
    condition.broadcast()
  }

  /// Resumes `continuation` once the reader has made room (or has gone).
  private func waitForRoom(_ continuation: CheckedContinuation<Void, any Error>) {
    condition.lock()
    if closed {
      condition.unlock()
      continuation.resume(throwing: Closed())
    } else if buffered < capacity {
      condition.unlock()
      continuation.resume()
    } else {
      waitingWriter = continuation
      condition.unlock()
    }
  }

  /// Ends the stream: the reader gets the buffered bytes, then the end.
  public func finish() {
    condition.lock()
    finished = true
    condition.broadcast()
    condition.unlock()
  }

  /// Ends the stream with an error the reader's next read throws.
  public func fail(_ error: any Error) {
    condition.lock()
    if failure == nil { failure = error }
    condition.broadcast()
    condition.unlock()
  }

  /// Reads up to `buffer.count` bytes, blocking until some arrive; 0 at the end.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard buffer.count > 0 else { return 0 }
    condition.lock()
    while buffered == 0 && !finished && failure == nil {
      condition.wait()
    }
    if let failure {
      condition.unlock()
      throw failure
    }
    var copied = 0
    while copied < buffer.count && buffered > 0 {
      let chunk = chunks[first]
      let count = min(buffer.count - copied, chunk.count - offsetInFirst)
      chunk.withUnsafeBytes { source in
        UnsafeMutableRawBufferPointer(rebasing: buffer[copied..<copied + count])
          .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offsetInFirst..<offsetInFirst + count]))
      }
      copied += count
      buffered -= count
      offsetInFirst += count
      if offsetInFirst == chunk.count {
        chunks[first] = []
        first += 1
        offsetInFirst = 0
      }
    }
    if first > 64 && first * 2 > chunks.count {
      chunks.removeFirst(first)
      first = 0
    }
    var writer: CheckedContinuation<Void, any Error>?
    if buffered <= capacity / 2 {
      writer = waitingWriter
      waitingWriter = nil
      if blockedWriters > 0 { condition.broadcast() }
    }
    condition.unlock()
    writer?.resume()
    return copied
  }

  /// Called when the reader is gone: drops what is buffered and stops the producer.
  func close() {
    condition.lock()
    closed = true
    chunks = []
    first = 0
    offsetInFirst = 0
    buffered = 0
    let writer = waitingWriter
    waitingWriter = nil
    condition.broadcast()
    condition.unlock()
    writer?.resume(throwing: Closed())
  }

  /// Reads `source` to its end on a thread of its own, ahead of the returned reader (at most
  /// `capacity` bytes ahead), then runs `after` on that thread: so decompressing and hashing a
  /// layer overlap with walking it. An error of either is what the reader's next read throws;
  /// releasing the reader stops the thread at its next write.
  public static func prefetch(_ source: ByteStream, name: String, chunkSize: Int = 256 << 10,
                              after: @escaping () throws -> Void = {}) -> Reader {
    let channel = ByteChannel(name: name)
    let reader = channel.reader()
    let work = Prefetch(source: source, after: after)
    let thread = Thread {
      let (source, after) = (work.source, work.after)
      let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
      defer { buffer.deallocate() }
      do {
        while true {
          let got = try source.read(into: buffer)
          if got == 0 { break }
          try channel.writeBlocking(Array(UnsafeRawBufferPointer(rebasing: buffer[0..<got])))
        }
        try after()
        channel.finish()
      } catch is Closed {
        return
      } catch {
        channel.fail(error)
      }
    }
    thread.stackSize = 1 << 20
    thread.start()
    return reader
  }

  /// The reading end of a channel, a `ByteStream`; the channel closes when it is released.
  /// It may be handed to another thread, which is then its one reader.
  public final class Reader: ByteStream, @unchecked Sendable {
    private let channel: ByteChannel

    init(_ channel: ByteChannel) { self.channel = channel }

    deinit { channel.close() }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
      try channel.read(into: buffer)
    }
  }
}

/// What `ByteChannel.prefetch` hands to its thread, which alone uses it from then on.
private final class Prefetch: @unchecked Sendable {
  let source: ByteStream
  let after: () throws -> Void
  init(source: ByteStream, after: @escaping () throws -> Void) {
    self.source = source
    self.after = after
  }
}

/// Runs blocking work (reading files or a `ByteChannel`, decompressing, hashing) on a thread
/// of its own, so it never holds one of the few threads Swift concurrency's tasks run on.
public enum BlockingWork {
  public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      let thread = Thread {
        continuation.resume(with: Result { try work() })
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
  }
}
