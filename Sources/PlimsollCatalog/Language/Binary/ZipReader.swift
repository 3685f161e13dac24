/// Why a zip archive, or one of its entries, could not be read.
public enum ZipError: Error, Sendable, Equatable {
  /// No end-of-central-directory record in the last 64 KiB.
  case noEndOfCentralDirectory
  /// A record points outside the archive or is cut short.
  case truncated(String)
  /// A record has the wrong signature or impossible values.
  case corrupt(String)
  /// The entry uses a compression method other than stored (0) or deflate (8).
  case unsupportedCompression(method: UInt16)
  /// The entry is encrypted.
  case encrypted
  /// The entry would inflate past the caller's limit.
  case tooLarge(limit: Int)

  /// A message naming the problem.
  public var message: String {
    switch self {
    case .noEndOfCentralDirectory: "no zip end-of-central-directory record"
    case .truncated(let what): "truncated zip: \(what)"
    case .corrupt(let what): "corrupt zip: \(what)"
    case .unsupportedCompression(let method): "unsupported zip compression method \(method)"
    case .encrypted: "encrypted zip entry"
    case .tooLarge(let limit): "zip entry inflates to more than \(limit) bytes"
    }
  }
}

/// A bounds-checked reader of zip archives held in memory (jar, war, ear).
///
/// Reads the central directory (zip64 included, with data prepended to the archive as in
/// executable Spring Boot jars) and extracts stored or deflated entries with a size limit
/// and a CRC check. Every offset is checked against the buffer, so a hostile archive
/// yields a `ZipError`, never a trap.
public struct ZipReader: Sendable {
  /// One central directory record.
  public struct Entry: Sendable, Hashable {
    public var path: String
    public var method: UInt16
    public var flags: UInt16
    public var crc32: UInt32
    public var compressedSize: UInt64
    public var uncompressedSize: UInt64
    /// Offset of the local file header in `bytes` (already corrected for prepended data).
    public var localHeaderOffset: UInt64

    /// Whether the entry names a directory (`dir/`).
    public var isDirectory: Bool { path.hasSuffix("/") }
  }

  public let bytes: [UInt8]
  public private(set) var entries: [Entry] = []
  /// Central directory records beyond this many are not read.
  public static let maxEntries = 1_000_000

  /// Reads the central directory of `bytes`.
  public init(bytes: [UInt8]) throws(ZipError) {
    self.bytes = bytes
    guard let eocd = findEndOfCentralDirectory() else { throw .noEndOfCentralDirectory }
    var entryCount = UInt64(u16(eocd + 10))
    var directorySize = UInt64(u32(eocd + 12))
    var directoryOffset = UInt64(u32(eocd + 16))
    var directoryEnd = UInt64(eocd)
    if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
      // zip64: the locator sits right before the classic record.
      guard eocd >= 20, u32(eocd - 20) == 0x0706_4B50 else {
        throw .corrupt("zip64 values without a zip64 end-of-central-directory locator")
      }
      let recordOffset = u64(eocd - 20 + 8)
      guard let record = range(recordOffset, 56), u32(record) == 0x0606_4B50 else {
        throw .truncated("zip64 end-of-central-directory record at offset \(recordOffset)")
      }
      entryCount = u64(record + 32)
      directorySize = u64(record + 40)
      directoryOffset = u64(record + 48)
      directoryEnd = UInt64(record)
    }
    // Where the directory really is: just before the end records. Data prepended to the
    // archive (a launch script) shifts every offset by the same amount.
    guard directorySize <= directoryEnd else {
      throw .corrupt("central directory size \(directorySize) exceeds the bytes before its end record")
    }
    let actualStart = directoryEnd - directorySize
    guard actualStart >= directoryOffset else {
      throw .corrupt("central directory offset \(directoryOffset) lies past where the directory ends")
    }
    let shift = actualStart - directoryOffset
    var cursor = Int(actualStart)
    let end = Int(directoryEnd)
    var parsed: [Entry] = []
    for index in 0..<min(entryCount, UInt64(Self.maxEntries)) {
      guard cursor + 46 <= end else { throw .truncated("central directory record \(index)") }
      guard u32(cursor) == 0x0201_4B50 else {
        throw .corrupt("central directory record \(index) has a bad signature")
      }
      let nameLength = Int(u16(cursor + 28))
      let extraLength = Int(u16(cursor + 30))
      let commentLength = Int(u16(cursor + 32))
      let next = cursor + 46 + nameLength + extraLength + commentLength
      guard next <= end else { throw .truncated("central directory record \(index)") }
      var entry = Entry(
        path: String(decoding: bytes[cursor + 46..<cursor + 46 + nameLength], as: UTF8.self),
        method: u16(cursor + 10), flags: u16(cursor + 8), crc32: u32(cursor + 16),
        compressedSize: UInt64(u32(cursor + 20)), uncompressedSize: UInt64(u32(cursor + 24)),
        localHeaderOffset: UInt64(u32(cursor + 42)))
      applyZip64Extra(&entry, extra: cursor + 46 + nameLength..<cursor + 46 + nameLength + extraLength)
      let (shifted, overflow) = entry.localHeaderOffset.addingReportingOverflow(shift)
      entry.localHeaderOffset = overflow ? UInt64.max : shifted
      parsed.append(entry)
      cursor = next
    }
    entries = parsed
  }

  /// The entry at `path`, if present.
  public func entry(_ path: String) -> Entry? {
    entries.first { $0.path == path }
  }

  /// The uncompressed bytes of `entry`, at most `limit` of them.
  public func extract(_ entry: Entry, limit: Int) throws(ZipError) -> [UInt8] {
    guard entry.flags & 1 == 0 else { throw .encrypted }
    guard let header = range(entry.localHeaderOffset, 30), u32(header) == 0x0403_4B50 else {
      throw .truncated("local header of \(entry.path) at offset \(entry.localHeaderOffset)")
    }
    let dataOffset = UInt64(header + 30) + UInt64(u16(header + 26)) + UInt64(u16(header + 28))
    guard let start = range(dataOffset, entry.compressedSize) else {
      throw .truncated("data of \(entry.path) (\(entry.compressedSize) bytes at offset \(dataOffset))")
    }
    guard entry.uncompressedSize <= UInt64(limit) else { throw .tooLarge(limit: limit) }
    let declared = Int(entry.uncompressedSize)
    let data = bytes[start..<start + Int(entry.compressedSize)]
    let output: [UInt8]
    switch entry.method {
    case 0:
      output = Array(data)
    case 8:
      do {
        // Never inflate past the declared size: more is a bomb or corruption.
        output = try ZlibInflate.inflate(data, limit: declared, raw: true)
      } catch let error {
        if case .tooLarge = error {
          throw .corrupt("\(entry.path) inflates past the \(declared) bytes its directory record declares")
        }
        throw .corrupt("\(entry.path): \(error.message)")
      }
    default:
      throw .unsupportedCompression(method: entry.method)
    }
    guard UInt64(output.count) == entry.uncompressedSize else {
      throw .corrupt("\(entry.path) inflates to \(output.count) bytes, the directory says \(entry.uncompressedSize)")
    }
    guard ZlibInflate.crc32(output) == entry.crc32 else { throw .corrupt("\(entry.path) fails its CRC-32 check") }
    return output
  }

  // MARK: - Private

  private func findEndOfCentralDirectory() -> Int? {
    guard bytes.count >= 22 else { return nil }
    var offset = bytes.count - 22
    let lowest = max(0, bytes.count - 22 - 0xFFFF)
    while offset >= lowest {
      if bytes[offset] == 0x50, u32(offset) == 0x0605_4B50 { return offset }
      offset -= 1
    }
    return nil
  }

  /// The zip64 extended information extra field (id 1) replaces saturated 32-bit values.
  private func applyZip64Extra(_ entry: inout Entry, extra: Range<Int>) {
    var cursor = extra.lowerBound
    while cursor + 4 <= extra.upperBound {
      let id = u16(cursor)
      let size = Int(u16(cursor + 2))
      let body = cursor + 4
      guard body + size <= extra.upperBound else { return }
      if id == 1 {
        var field = body
        func take() -> UInt64? {
          guard field + 8 <= body + size else { return nil }
          defer { field += 8 }
          return u64(field)
        }
        if entry.uncompressedSize == 0xFFFF_FFFF, let value = take() { entry.uncompressedSize = value }
        if entry.compressedSize == 0xFFFF_FFFF, let value = take() { entry.compressedSize = value }
        if entry.localHeaderOffset == 0xFFFF_FFFF, let value = take() { entry.localHeaderOffset = value }
        return
      }
      cursor = body + size
    }
  }

  /// The start index of `count` bytes at `offset`, or nil when they leave the buffer.
  private func range(_ offset: UInt64, _ count: UInt64) -> Int? {
    let (end, overflow) = offset.addingReportingOverflow(count)
    guard !overflow, end <= UInt64(bytes.count) else { return nil }
    return Int(offset)
  }

  private func u16(_ offset: Int) -> UInt16 {
    guard offset >= 0, offset + 2 <= bytes.count else { return 0 }
    return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
  }

  private func u32(_ offset: Int) -> UInt32 {
    guard offset >= 0, offset + 4 <= bytes.count else { return 0 }
    return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
      | UInt32(bytes[offset + 3]) << 24
  }

  private func u64(_ offset: Int) -> UInt64 {
    UInt64(u32(offset)) | UInt64(u32(offset + 4)) << 32
  }
}
