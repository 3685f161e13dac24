import CPlimsollZlib

/// Why zlib data could not be inflated.
public enum ZlibInflateError: Error, Sendable, Equatable {
  /// zlib reported an error (bad header, bad checksum, corrupt stream).
  case corrupt(String)
  /// The stream ended before zlib saw its end.
  case truncated
  /// The output grew past the caller's limit.
  case tooLarge(limit: Int)

  /// A message naming the problem.
  public var message: String {
    switch self {
    case .corrupt(let detail): "corrupt zlib data (\(detail))"
    case .truncated: "zlib data ends before the end of the stream"
    case .tooLarge(let limit): "zlib data inflates to more than \(limit) bytes; stopped"
    }
  }
}

/// Inflates a complete zlib (RFC 1950) or raw deflate (RFC 1951) stream held in memory, up
/// to an output limit.
public enum ZlibInflate {
  /// Inflates `input`; stops with `.tooLarge` once the output would exceed `limit` bytes.
  /// `raw` reads a bare deflate stream (as zip entries hold) instead of a zlib stream.
  public static func inflate<C: Collection>(_ input: C, limit: Int, raw: Bool = false)
    throws(ZlibInflateError) -> [UInt8]
  where C.Element == UInt8 {
    var source = Array(input)
    guard source.count <= Int(UInt32.max) else { throw .tooLarge(limit: limit) }
    var stream = z_stream()
    let windowBits: Int32 = raw ? -15 : 15
    guard inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw .corrupt("inflateInit failed")
    }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    let count = source.count
    var status: Int32 = Z_OK
    var failure: ZlibInflateError?
    source.withUnsafeMutableBufferPointer { sourceBuffer in
      stream.next_in = sourceBuffer.baseAddress
      stream.avail_in = UInt32(count)
      while true {
        let produced: Int = chunk.withUnsafeMutableBufferPointer { chunkBuffer in
          stream.next_out = chunkBuffer.baseAddress
          stream.avail_out = UInt32(chunkBuffer.count)
          status = CPlimsollZlib.inflate(&stream, Z_NO_FLUSH)
          return chunkBuffer.count - Int(stream.avail_out)
        }
        if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
          let detail = stream.msg.map { String(cString: $0) } ?? "status \(status)"
          failure = .corrupt(detail)
          return
        }
        if output.count + produced > limit {
          failure = .tooLarge(limit: limit)
          return
        }
        output.append(contentsOf: chunk[0..<produced])
        if status == Z_STREAM_END { return }
        if produced == 0 && (stream.avail_in == 0 || status == Z_BUF_ERROR) {
          failure = .truncated
          return
        }
      }
    }
    if let failure { throw failure }
    return output
  }

  /// The CRC-32 (as zip and gzip use it) of `bytes`.
  public static func crc32<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
    let array = Array(bytes)
    return array.withUnsafeBufferPointer { buffer in
      var crc: UInt = 0
      var offset = 0
      // zlib takes a 32-bit length; feed large inputs in slices.
      while offset < buffer.count {
        let count = min(buffer.count - offset, 1 << 30)
        crc = CPlimsollZlib.crc32(crc, buffer.baseAddress.map { $0 + offset }, UInt32(count))
        offset += count
      }
      return UInt32(truncatingIfNeeded: crc)
    }
  }
}
