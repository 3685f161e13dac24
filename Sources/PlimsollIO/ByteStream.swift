import Foundation
import PlimsollDiagnostics

/// A pull-based source of bytes: a file, a byte range of a file, a decompressor, a hasher.
///
/// Streams are single-owner reference types; a layer is read by one task at a time.
public protocol ByteStream: AnyObject {
  /// Reads up to `buffer.count` bytes; returns 0 only at the end of the stream.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A stream that can skip forward without reading (a file), so indexing a large tar is cheap.
public protocol SeekableByteStream: ByteStream {
  /// Skips `count` bytes; false if fewer than `count` bytes are left.
  func skipForward(_ count: Int64) throws -> Bool
}

/// Reads a whole file region or file through `pread`, so several streams can share one file.
public final class FileByteStream: SeekableByteStream {
  private let descriptor: Int32
  private let ownsDescriptor: Bool
  private var position: Int64
  private let end: Int64?
  /// Pipes and terminals cannot `pread`; they are read in order instead.
  private var sequential = false
  /// The name used in error messages.
  public let name: String

  /// Opens `path` for reading from `offset`, for `length` bytes (`nil` = to the end).
  public init(path: String, offset: Int64 = 0, length: Int64? = nil, name: String? = nil) throws {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      throw InputError(name ?? path, "cannot open: \(String(cString: strerror(errno)))")
    }
    descriptor = fd
    ownsDescriptor = true
    position = offset
    end = length.map { offset + $0 }
    self.name = name ?? path
  }

  deinit {
    if ownsDescriptor { close(descriptor) }
  }

  public func skipForward(_ count: Int64) throws -> Bool {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw InputError(name, "cannot stat: \(String(cString: strerror(errno)))")
    }
    let limit = min(end ?? Int64(info.st_size), Int64(info.st_size))
    guard position + count <= limit else {
      position = limit
      return false
    }
    position += count
    return true
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    var wanted = buffer.count
    if let end { wanted = Int(min(Int64(wanted), max(0, end - position))) }
    if wanted == 0 { return 0 }
    while true {
      let count = sequential ? Foundation.read(descriptor, base, wanted)
        : pread(descriptor, base, wanted, off_t(position))
      if count < 0 {
        if errno == EINTR { continue }
        if errno == ESPIPE && !sequential {
          sequential = true
          continue
        }
        throw InputError(name, "read failed: \(String(cString: strerror(errno)))")
      }
      if count == 0, let end, position < end {
        throw InputError(name, "unexpected end of file (\(end - position) bytes missing)")
      }
      position += Int64(count)
      return count
    }
  }
}

/// A stream over bytes already in memory.
public final class MemoryByteStream: ByteStream {
  private let bytes: [UInt8]
  private var position = 0

  public init(_ bytes: [UInt8]) { self.bytes = bytes }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let count = min(buffer.count, bytes.count - position)
    if count <= 0 { return 0 }
    bytes.withUnsafeBytes { source in
      buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<position + count]))
    }
    position += count
    return count
  }
}

/// Adds look-ahead, exact reads and skips on top of any stream.
public final class BufferedReader {
  private let source: ByteStream
  private var buffer: UnsafeMutableRawBufferPointer
  private var start = 0
  private var end = 0
  private var atEnd = false
  /// Bytes handed out or skipped so far.
  public private(set) var offset: Int64 = 0
  public let name: String

  /// `capacity` is the buffer size (at least 64 bytes, so magic numbers can be peeked).
  public init(_ source: ByteStream, name: String, capacity: Int = 1 << 20) {
    self.source = source
    self.name = name
    buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 64), alignment: 16)
  }

  deinit { buffer.deallocate() }

  /// Refills the buffer when empty; returns false at the end of the stream.
  private func fill() throws -> Bool {
    if start < end { return true }
    if atEnd { return false }
    start = 0
    end = try source.read(into: buffer)
    if end == 0 { atEnd = true }
    return end > 0
  }

  /// The first bytes of the stream without consuming them (up to `count`, fewer at the end).
  public func peek(_ count: Int) throws -> [UInt8] {
    if end - start < count, !atEnd {
      // Move what is left to the front and read more.
      if start > 0 {
        let remaining = end - start
        if remaining > 0, let base = buffer.baseAddress {
          memmove(base, base + start, remaining)
        }
        start = 0
        end = remaining
      }
      while end < count, end < buffer.count, !atEnd {
        let room = UnsafeMutableRawBufferPointer(rebasing: buffer[end...])
        let got = try source.read(into: room)
        if got == 0 { atEnd = true } else { end += got }
      }
    }
    let available = min(count, end - start)
    return Array(UnsafeRawBufferPointer(rebasing: buffer[start..<start + available]))
  }

  /// Reads up to `into.count` bytes (0 only at the end of the stream).
  public func read(into target: UnsafeMutableRawBufferPointer) throws -> Int {
    guard try fill() else { return 0 }
    let count = min(target.count, end - start)
    target.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[start..<start + count]))
    start += count
    offset += Int64(count)
    return count
  }

  /// Reads exactly `count` bytes into `target`; returns false if the stream ended first
  /// (and how many bytes were read is undefined).
  public func readExactly(_ target: UnsafeMutableRawBufferPointer) throws -> Bool {
    var filled = 0
    while filled < target.count {
      let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: target[filled...]))
      if got == 0 { return false }
      filled += got
    }
    return true
  }

  /// Calls `body` with consecutive chunks covering exactly `count` bytes; false if it ended first.
  public func forEachChunk(_ count: Int64, _ body: (UnsafeRawBufferPointer) throws -> Void) throws
    -> Bool
  {
    var left = count
    while left > 0 {
      guard try fill() else { return false }
      let take = Int(min(left, Int64(end - start)))
      try body(UnsafeRawBufferPointer(rebasing: buffer[start..<start + take]))
      start += take
      offset += Int64(take)
      left -= Int64(take)
    }
    return true
  }

  /// Skips exactly `count` bytes (seeking where the source allows); false if it ended first.
  public func skip(_ count: Int64) throws -> Bool {
    let buffered = Int64(end - start)
    if count > buffered, let seekable = source as? SeekableByteStream {
      start = end
      offset += buffered
      let ok = try seekable.skipForward(count - buffered)
      if ok { offset += count - buffered }
      return ok
    }
    return try forEachChunk(count) { _ in }
  }

  /// Reads everything that is left, up to `limit` bytes (error past it); `expectedSize`
  /// reserves the array once instead of letting it grow by doubling.
  public func readAll(limit: Int, expectedSize: Int = 0) throws -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(min(max(expectedSize, 0), limit))
    while try fill() {
      let take = end - start
      if out.count + take > limit {
        throw InputError(name, "larger than the \(limit)-byte limit")
      }
      out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
      start = end
      offset += Int64(take)
    }
    return out
  }
}

extension BufferedReader {
  /// Reads and discards everything left (so a hashing stream underneath sees every byte).
  public func drain() throws {
    let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
    defer { scratch.deallocate() }
    while try read(into: scratch) > 0 {}
  }
}
