internal import CPlimsollISAL
internal import CPlimsollZstd
import Foundation
import PlimsollDiagnostics

/// A compression format, recognised by magic bytes rather than by file name or media type.
public enum Compression: String, Sendable {
  case none
  case gzip
  case zstd
  case bzip2
  case xz

  /// Detects the format from the first bytes of a stream.
  public static func detect(_ head: [UInt8]) -> Compression {
    if head.count >= 2, head[0] == 0x1F, head[1] == 0x8B { return .gzip }
    if head.count >= 4, head[0] == 0x28, head[1] == 0xB5, head[2] == 0x2F, head[3] == 0xFD {
      return .zstd
    }
    if head.count >= 3, head[0] == 0x42, head[1] == 0x5A, head[2] == 0x68 { return .bzip2 }
    if head.count >= 6, head[0] == 0xFD, head[1] == 0x37, head[2] == 0x7A, head[3] == 0x58,
      head[4] == 0x5A, head[5] == 0x00
    {
      return .xz
    }
    return .none
  }

  /// Wraps `reader` in the decompressor this format needs, throwing `ResourceLimitExceeded`
  /// past `maxOutput` bytes so a decompression bomb is an error rather than a full disk or memory.
  public static func decompressing(_ reader: BufferedReader, maxOutput: Int64) throws -> ByteStream {
    let format = detect(try reader.peek(6))
    switch format {
    case .none: return LimitedStream(reader, name: reader.name, maxOutput: maxOutput)
    case .gzip: return try GzipStream(reader, maxOutput: maxOutput)
    case .zstd: return try ZstdStream(reader, maxOutput: maxOutput)
    case .bzip2, .xz:
      throw InputError(reader.name, "\(format.rawValue)-compressed layers are not supported")
    }
  }
}

/// Passes an uncompressed stream through, enforcing the same size limit as the decompressors.
final class LimitedStream: ByteStream {
  private let reader: BufferedReader
  private let name: String
  private let maxOutput: Int64
  private var produced: Int64 = 0

  init(_ reader: BufferedReader, name: String, maxOutput: Int64) {
    self.reader = reader
    self.name = name
    self.maxOutput = maxOutput
  }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let got = try reader.read(into: buffer)
    produced += Int64(got)
    if produced > maxOutput {
      throw ResourceLimitExceeded(.layerBytes, input: name, maximum: "\(maxOutput) bytes")
    }
    return got
  }
}

/// Streams gzip data through ISA-L's igzip (about four times zlib's speed on layers); each
/// member's CRC-32 and length are checked, and concatenated members (pigz) are joined.
public final class GzipStream: ByteStream {
  private let reader: BufferedReader
  private let state: UnsafeMutablePointer<inflate_state>
  private var input: UnsafeMutableRawBufferPointer
  private var finished = false
  private let maxOutput: Int64
  private var produced: Int64 = 0

  public init(_ reader: BufferedReader, maxOutput: Int64) throws {
    self.reader = reader
    self.maxOutput = maxOutput
    input = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
    // The state holds a 64 KiB window: on the heap, not the stack.
    state = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)
    isal_inflate_init(state)
    state.pointee.crc_flag = UInt32(ISAL_GZIP)
  }

  deinit {
    state.deallocate()
    input.deallocate()
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard !finished, let out = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
      return 0
    }
    state.pointee.next_out = out
    state.pointee.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
    let room = state.pointee.avail_out
    while state.pointee.avail_out == room {
      if state.pointee.block_state == ISAL_BLOCK_FINISH {
        // Another gzip member may follow (pigz, concatenated streams); anything else after the
        // last member is ignored, as gzip -d does with a warning.
        guard try nextMemberFollows() else {
          finished = true
          break
        }
        let (next, available) = (state.pointee.next_in, state.pointee.avail_in)
        isal_inflate_reset(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        state.pointee.next_in = next
        state.pointee.avail_in = available
        continue
      }
      if state.pointee.avail_in == 0 {
        let got = try reader.read(into: input)
        if got == 0 {
          throw InputError(reader.name, "corrupt gzip data: unexpected end of compressed stream")
        }
        state.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_in = UInt32(got)
      }
      let status = isal_inflate(state)
      guard status == ISAL_DECOMP_OK || status == ISAL_END_INPUT || status == ISAL_OUT_OVERFLOW else {
        throw InputError(reader.name, "corrupt gzip data: \(Self.describe(status))")
      }
    }
    let produced = Int(room - state.pointee.avail_out)
    self.produced += Int64(produced)
    if self.produced > maxOutput {
      throw ResourceLimitExceeded(.layerBytes, input: reader.name, maximum: "\(maxOutput) bytes")
    }
    return produced
  }

  /// Whether the bytes after a finished member start another gzip member.
  private func nextMemberFollows() throws -> Bool {
    let available = Int(state.pointee.avail_in)
    if available >= 2, let next = state.pointee.next_in {
      return next[0] == 0x1F && next[1] == 0x8B
    }
    if available == 1, let next = state.pointee.next_in {
      // The magic straddles the buffer: move the one byte to the front and read behind it.
      let first = next[0]
      guard first == 0x1F else { return false }
      input[0] = first
      let got = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: input[1...]))
      state.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
      state.pointee.avail_in = UInt32(1 + got)
      return got > 0 && input[1] == 0x8B
    }
    let more = try reader.peek(2)
    return more.count == 2 && more[0] == 0x1F && more[1] == 0x8B
  }

  static func describe(_ status: Int32) -> String {
    switch status {
    case ISAL_INVALID_BLOCK: "invalid deflate block"
    case ISAL_INVALID_SYMBOL: "invalid deflate symbol"
    case ISAL_INVALID_LOOKBACK: "invalid back-reference distance"
    case ISAL_INVALID_WRAPPER: "invalid gzip header"
    case ISAL_UNSUPPORTED_METHOD: "unsupported compression method"
    case ISAL_INCORRECT_CHECKSUM: "CRC-32 or length check failed"
    default: "igzip status \(status)"
    }
  }
}

/// Streams zstd data through libzstd; multiple frames are joined.
public final class ZstdStream: ByteStream {
  private let reader: BufferedReader
  private let context: OpaquePointer
  private var input: UnsafeMutableRawBufferPointer
  private var inBuffer = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
  private var lastResult: Int = 0
  private var finished = false
  private let maxOutput: Int64
  private var produced: Int64 = 0

  public init(_ reader: BufferedReader, maxOutput: Int64) throws {
    guard let context = ZSTD_createDCtx() else {
      throw InputError(reader.name, "cannot start zstd decoder")
    }
    self.reader = reader
    self.context = context
    self.maxOutput = maxOutput
    input = UnsafeMutableRawBufferPointer.allocate(byteCount: ZSTD_DStreamInSize(), alignment: 16)
  }

  deinit {
    ZSTD_freeDCtx(context)
    input.deallocate()
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard !finished, buffer.count > 0 else { return 0 }
    var output = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
    while output.pos == 0 {
      if inBuffer.pos == inBuffer.size {
        let got = try reader.read(into: input)
        if got == 0 {
          if lastResult == 0 {
            finished = true
            return 0
          }
          throw InputError(reader.name, "corrupt zstd data: unexpected end of compressed stream")
        }
        inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: got, pos: 0)
      }
      let result = ZSTD_decompressStream(context, &output, &inBuffer)
      if ZSTD_isError(result) != 0 {
        throw InputError(
          reader.name, "corrupt zstd data: \(String(cString: ZSTD_getErrorName(result)))")
      }
      lastResult = result
    }
    produced += Int64(output.pos)
    if produced > maxOutput {
      throw ResourceLimitExceeded(.layerBytes, input: reader.name, maximum: "\(maxOutput) bytes")
    }
    return output.pos
  }
}
