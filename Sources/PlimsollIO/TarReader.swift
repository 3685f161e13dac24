import Foundation
import PlimsollDiagnostics

/// The kind of a tar entry.
public enum TarEntryType: Sendable, Equatable {
  case file
  case directory
  case symlink
  case hardlink
  case characterDevice
  case blockDevice
  case fifo
  /// Anything else (kept so a reader can skip it knowingly).
  case other(UInt8)
}

/// One entry of a tar stream, with GNU long names and PAX overrides already applied.
public struct TarEntry: Sendable {
  /// The path as stored (before normalisation).
  public var rawPath: String
  public var type: TarEntryType
  public var size: Int64
  public var mode: UInt32
  /// Owner and group ids (from the header, or PAX `uid`/`gid` when they are larger).
  public var uid: Int64
  public var gid: Int64
  public var linkTarget: String
  public var modificationTime: Int64
}

/// Reads a tar stream (ustar, GNU long names and links, PAX extended headers) in one pass.
///
/// Call `next()` for each entry; read its contents with `readContents`/`forEachContentChunk`, or
/// not at all (the reader skips what was not read). Checksums are verified; a truncated
/// archive is an error naming the input.
public final class TarReader {
  private let reader: BufferedReader
  private var pendingContent: Int64 = 0
  private var pendingPadding: Int64 = 0
  private var globalPAX: [String: String] = [:]
  private var header = [UInt8](repeating: 0, count: 512)
  /// Offset of the current entry's contents in the stream.
  public private(set) var contentOffset: Int64 = 0
  /// Entries returned so far.
  public private(set) var entryCount = 0

  public init(_ reader: BufferedReader) {
    self.reader = reader
  }

  public var name: String { reader.name }

  /// The next entry, or nil at the end of the archive.
  public func next() throws -> TarEntry? {
    try skipRemainder()
    var longName: String?
    var longLink: String?
    var pax: [String: String] = [:]
    while true {
      let complete = try header.withUnsafeMutableBytes { try reader.readExactly($0) }
      guard complete else {
        if entryCount == 0 && reader.offset == 0 {
          throw InputError(name, "empty or truncated tar archive (no header)")
        }
        // Archives without the two zero blocks at the end are common (and accepted by tar).
        if reader.offset % 512 == 0 { return nil }
        throw InputError(name, "truncated tar archive: header cut short at byte \(reader.offset)")
      }
      if header.allSatisfy({ $0 == 0 }) { return nil }
      try verifyChecksum()
      let typeFlag = header[156]
      let size = try parseNumber(124, 12, field: "size")
      switch typeFlag {
      case UInt8(ascii: "L"), UInt8(ascii: "K"), UInt8(ascii: "x"), UInt8(ascii: "g"):
        guard size <= ResourceLimits.metadataBytes else {
          throw ResourceLimitExceeded(.metadataBytes, input: "\(name): header at byte \(reader.offset - 512)",
                                      maximum: "\(ResourceLimits.metadataBytes) bytes")
        }
        let data = try readMeta(size)
        switch typeFlag {
        case UInt8(ascii: "L"): longName = cString(data)
        case UInt8(ascii: "K"): longLink = cString(data)
        case UInt8(ascii: "x"): pax.merge(try parsePAX(data)) { $1 }
        default: globalPAX.merge(try parsePAX(data)) { $1 }
        }
        continue
      default:
        break
      }
      var path = field(0, 100)
      let magic = Array(header[257..<263])
      if magic == Array("ustar\0".utf8) || magic == Array("ustar ".utf8) {
        let prefix = field(345, 155)
        if !prefix.isEmpty && magic == Array("ustar\0".utf8) { path = prefix + "/" + path }
      }
      var link = field(157, 100)
      var entrySize = size
      var mtime = (try? parseNumber(136, 12, field: "mtime")) ?? 0
      let attributes = globalPAX.merging(pax) { $1 }
      if let value = attributes["path"] { path = value }
      if let value = attributes["linkpath"] { link = value }
      if let value = attributes["size"] {
        guard let parsed = Int64(value), parsed >= 0 else {
          throw InputError(name, "invalid PAX size '\(value)' for \(path)")
        }
        entrySize = parsed
      }
      if let value = attributes["mtime"], let seconds = Double(value) { mtime = Int64(seconds) }
      if let longName { path = longName }
      if let longLink { link = longLink }
      let mode = UInt32(truncatingIfNeeded: (try? parseNumber(100, 8, field: "mode")) ?? 0)
      var uid = (try? parseNumber(108, 8, field: "uid")) ?? 0
      var gid = (try? parseNumber(116, 8, field: "gid")) ?? 0
      if let value = attributes["uid"], let parsed = Int64(value), parsed >= 0 { uid = parsed }
      if let value = attributes["gid"], let parsed = Int64(value), parsed >= 0 { gid = parsed }
      let type: TarEntryType
      switch typeFlag {
      case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): type = .file
      case UInt8(ascii: "1"): type = .hardlink
      case UInt8(ascii: "2"): type = .symlink
      case UInt8(ascii: "3"): type = .characterDevice
      case UInt8(ascii: "4"): type = .blockDevice
      case UInt8(ascii: "5"): type = .directory
      case UInt8(ascii: "6"): type = .fifo
      default: type = .other(typeFlag)
      }
      // Only regular files (and unknown types) carry content; links and dirs have none.
      let hasContent: Bool
      switch type {
      case .file, .other: hasContent = true
      default: hasContent = false
      }
      pendingContent = hasContent ? entrySize : 0
      pendingPadding = hasContent ? (512 - entrySize % 512) % 512 : 0
      entryCount += 1
      contentOffset = reader.offset
      return TarEntry(
        rawPath: path, type: type, size: hasContent ? entrySize : 0, mode: mode & 0o7777,
        uid: uid, gid: gid, linkTarget: link, modificationTime: mtime)
    }
  }

  /// Reads the current entry's contents (up to `limit` bytes, error past it).
  public func readContents(limit: Int64) throws -> [UInt8] {
    guard pendingContent <= limit else {
      throw InputError(name, "entry of \(pendingContent) bytes exceeds the \(limit)-byte limit")
    }
    var out = [UInt8]()
    out.reserveCapacity(Int(pendingContent))
    try forEachContentChunk { out.append(contentsOf: $0) }
    return out
  }

  /// Streams the current entry's contents in chunks.
  public func forEachContentChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
    let count = pendingContent
    pendingContent = 0
    guard try reader.forEachChunk(count, body) else {
      throw InputError(name, "truncated tar archive: entry content cut short")
    }
  }

  /// Skips whatever is left of the current entry.
  private func skipRemainder() throws {
    let count = pendingContent + pendingPadding
    pendingContent = 0
    pendingPadding = 0
    if count > 0, try !reader.skip(count) {
      throw InputError(name, "truncated tar archive: entry content cut short")
    }
  }

  private func readMeta(_ size: Int64) throws -> [UInt8] {
    pendingContent = size
    pendingPadding = (512 - size % 512) % 512
    let data = try readContents(limit: size)
    try skipRemainder()
    return data
  }

  private func verifyChecksum() throws {
    var unsigned = 0
    var signed = 0
    for index in 0..<512 {
      let byte = (148..<156).contains(index) ? UInt8(ascii: " ") : header[index]
      unsigned += Int(byte)
      signed += Int(Int8(bitPattern: byte))
    }
    let stored = try parseNumber(148, 8, field: "checksum")
    guard stored == unsigned || stored == signed else {
      throw InputError(
        name, "not a tar archive or corrupt: header checksum mismatch at byte \(reader.offset - 512)")
    }
  }

  private func field(_ offset: Int, _ length: Int) -> String {
    cString(header[offset..<offset + length])
  }

  private func cString(_ bytes: some Collection<UInt8>) -> String {
    let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
    return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
  }

  /// Parses an octal (or GNU base-256) numeric header field.
  private func parseNumber(_ offset: Int, _ length: Int, field name: String) throws -> Int64 {
    let bytes = header[offset..<offset + length]
    if let first = bytes.first, first & 0x80 != 0 {
      // Base-256: big-endian two's complement, first byte's top bit is the marker.
      var value: Int64 = Int64(first & 0x3F)
      for byte in bytes.dropFirst() {
        guard value < Int64.max >> 8 else {
          throw InputError(self.name, "tar header field '\(name)' overflows")
        }
        value = value << 8 | Int64(byte)
      }
      return value
    }
    var value: Int64 = 0
    var seenDigit = false
    for byte in bytes {
      if byte == 0 || byte == UInt8(ascii: " ") {
        if seenDigit { break } else { continue }
      }
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "7"), value < Int64.max >> 3 else {
        throw InputError(
          self.name, "not a tar archive or corrupt: bad '\(name)' field at byte \(reader.offset - 512)")
      }
      seenDigit = true
      value = value << 3 | Int64(byte - UInt8(ascii: "0"))
    }
    return value
  }

  /// Parses PAX records: `<length> <key>=<value>\n`.
  private func parsePAX(_ data: [UInt8]) throws -> [String: String] {
    var out: [String: String] = [:]
    var index = 0
    while index < data.count {
      guard let space = data[index...].firstIndex(of: UInt8(ascii: " ")),
        let length = Int(String(decoding: data[index..<space], as: UTF8.self)),
        length > 0, index + length <= data.count
      else {
        throw InputError(name, "malformed PAX extended header")
      }
      let record = data[(space + 1)..<(index + length)]
      let body = record.last == UInt8(ascii: "\n") ? record.dropLast() : record
      if let equals = body.firstIndex(of: UInt8(ascii: "=")) {
        out[String(decoding: body[body.startIndex..<equals], as: UTF8.self)] =
          String(decoding: body[(equals + 1)...], as: UTF8.self)
      }
      index += length
    }
    return out
  }
}

/// Normalises a path from an archive to an absolute path inside the image.
public enum ArchivePath {
  /// `./usr//bin/../lib/x` → `/usr/lib/x`; nil when `..` would climb above the root
  /// (a hostile path such as `../../etc/passwd`).
  public static func normalize(_ raw: String) -> String? {
    var parts: [Substring] = []
    for component in raw.split(separator: "/", omittingEmptySubsequences: true) {
      if component == "." { continue }
      if component == ".." {
        guard !parts.isEmpty else { return nil }
        parts.removeLast()
        continue
      }
      parts.append(component)
    }
    return "/" + parts.joined(separator: "/")
  }
}
