/// An rpm header as stored in the rpm database: an index of typed tag entries over a data store.
///
/// Layout (all integers big-endian): an optional 8-byte magic `8e ad e8 01 00 00 00 00`, the
/// index entry count `il` (u32), the data length `dl` (u32), `il` entries of 16 bytes (tag,
/// type, offset into the data store, count), then `dl` bytes of data. Every offset and count
/// is checked against the data store before it is read.
public struct RpmHeader: Sendable {
  /// A header that cannot be read, with the reason.
  public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    case truncated(String)
    case invalid(String)

    /// The problem in words.
    public var description: String {
      switch self {
      case .truncated(let what): "truncated rpm header: \(what)"
      case .invalid(let what): "invalid rpm header: \(what)"
      }
    }
  }

  /// rpm's tag data types.
  public enum TagType: UInt32, Sendable {
    case null = 0, char = 1, int8 = 2, int16 = 3, int32 = 4, int64 = 5, string = 6, bin = 7
    case stringArray = 8, i18nString = 9
  }

  /// The tags Plimsoll reads (rpmtag.h numbering).
  public enum Tag: UInt32, Sendable {
    case headerImage = 61, headerSignatures = 62, headerImmutable = 63, headerI18nTable = 100
    case name = 1000, version = 1001, release = 1002, epoch = 1003, summary = 1004
    case vendor = 1011, license = 1014, arch = 1022, oldFileNames = 1027
    case sourceRPM = 1044, dirIndexes = 1116, baseNames = 1117, dirNames = 1118
  }

  struct Entry {
    var type: TagType
    var offset: Int
    var count: Int
  }

  /// Upper bound on index entries; real headers hold a few hundred.
  static let maxEntries = 1 << 20
  /// Upper bound on the data store (rpm's own limit is 256 MiB).
  static let maxDataLength = 256 << 20

  let data: ArraySlice<UInt8>
  var entries: [UInt32: Entry] = [:]

  /// Parses a header blob, checking every entry's type, offset and extent.
  public init(_ blob: [UInt8]) throws(ParseError) {
    var bytes = blob[...]
    if bytes.count >= 8, bytes.prefix(4).elementsEqual([0x8e, 0xad, 0xe8, 0x01]) {
      bytes = bytes.dropFirst(8)
    }
    guard bytes.count >= 8 else { throw .truncated("\(bytes.count) bytes, the 8-byte preamble needs more") }
    let base = bytes.startIndex
    let indexCount = Int(Self.u32(bytes, base))
    let dataLength = Int(Self.u32(bytes, base + 4))
    guard indexCount >= 1, indexCount <= Self.maxEntries else {
      throw .invalid("index entry count \(indexCount) out of range")
    }
    guard dataLength <= Self.maxDataLength else { throw .invalid("data length \(dataLength) out of range") }
    let dataStart = 8 + indexCount * 16
    guard bytes.count >= dataStart + dataLength else {
      throw .truncated("needs \(dataStart + dataLength) bytes for \(indexCount) entries and \(dataLength) data bytes, has \(bytes.count)")
    }
    data = bytes[(base + dataStart)..<(base + dataStart + dataLength)]
    for position in 0..<indexCount {
      let at = base + 8 + position * 16
      let tag = Self.u32(bytes, at)
      let rawType = Self.u32(bytes, at + 4)
      let offset = Int(Int32(bitPattern: Self.u32(bytes, at + 8)))
      let count = Int(Self.u32(bytes, at + 12))
      guard let type = TagType(rawValue: rawType) else {
        throw .invalid("entry \(position) (tag \(tag)) has unknown type \(rawType)")
      }
      // Region tags point at a 16-byte trailer that repeats the tag with a negative offset;
      // the entries they describe are in this same index, so they need no further reading.
      if tag == Tag.headerImage.rawValue || tag == Tag.headerSignatures.rawValue
        || tag == Tag.headerImmutable.rawValue
      {
        guard type == .bin, count == 16, offset >= 0, offset + 16 <= dataLength else {
          throw .invalid("region tag \(tag) has type \(rawType), offset \(offset), count \(count)")
        }
        continue
      }
      guard offset >= 0, offset <= dataLength, count >= 0, count <= dataLength + 1 else {
        throw .invalid("entry \(position) (tag \(tag)) has offset \(offset) and count \(count) outside the \(dataLength)-byte data store")
      }
      let width: Int? =
        switch type {
        case .null: 0
        case .char, .int8, .bin: 1
        case .int16: 2
        case .int32: 4
        case .int64: 8
        case .string, .stringArray, .i18nString: nil
        }
      if let width, offset + width * count > dataLength {
        throw .truncated("entry \(position) (tag \(tag)) needs \(width * count) bytes at offset \(offset) of \(dataLength)")
      }
      // A tag repeated after the immutable region ("dribble" entries, e.g. the relocated
      // DIRNAMES rpm writes at install time) replaces the earlier one, as rpm reads it.
      entries[tag] = Entry(type: type, offset: offset, count: count)
    }
  }

  static func u32(_ bytes: ArraySlice<UInt8>, _ at: Int) -> UInt32 {
    UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
  }

  /// Reads `count` NUL-terminated strings from the data store at `offset`.
  func strings(at offset: Int, count: Int) throws(ParseError) -> [String] {
    var out: [String] = []
    out.reserveCapacity(min(count, 4096))
    var cursor = data.startIndex + offset
    for _ in 0..<count {
      guard cursor <= data.endIndex,
        let end = data[cursor...].firstIndex(of: 0)
      else {
        throw .truncated("string at offset \(cursor - data.startIndex) runs past the data store")
      }
      out.append(String(decoding: data[cursor..<end], as: UTF8.self))
      cursor = end + 1
    }
    return out
  }

  /// The first string of a STRING, I18NSTRING or STRING_ARRAY tag; nil when absent.
  public func string(_ tag: Tag) throws(ParseError) -> String? {
    guard let entry = entries[tag.rawValue] else { return nil }
    switch entry.type {
    case .string, .i18nString, .stringArray:
      guard entry.count >= 1 else { return nil }
      return try strings(at: entry.offset, count: 1).first
    default:
      throw .invalid("tag \(tag.rawValue) has type \(entry.type.rawValue), a string was expected")
    }
  }

  /// All strings of a STRING_ARRAY tag (or the one string of a STRING tag); empty when absent.
  public func stringArray(_ tag: Tag) throws(ParseError) -> [String] {
    guard let entry = entries[tag.rawValue] else { return [] }
    switch entry.type {
    case .stringArray, .i18nString: return try strings(at: entry.offset, count: entry.count)
    case .string: return try strings(at: entry.offset, count: 1)
    default: throw .invalid("tag \(tag.rawValue) has type \(entry.type.rawValue), a string array was expected")
    }
  }

  /// All values of an INT8/INT16/INT32/INT64 tag, widened; empty when absent.
  public func integers(_ tag: Tag) throws(ParseError) -> [Int64] {
    guard let entry = entries[tag.rawValue] else { return [] }
    let start = data.startIndex + entry.offset
    var out: [Int64] = []
    out.reserveCapacity(entry.count)
    switch entry.type {
    case .char, .int8:
      for index in 0..<entry.count { out.append(Int64(data[start + index])) }
    case .int16:
      for index in 0..<entry.count {
        let at = start + index * 2
        out.append(Int64(UInt16(data[at]) << 8 | UInt16(data[at + 1])))
      }
    case .int32:
      for index in 0..<entry.count { out.append(Int64(Self.u32(data, start + index * 4))) }
    case .int64:
      for index in 0..<entry.count {
        let at = start + index * 8
        let high = UInt64(Self.u32(data, at)), low = UInt64(Self.u32(data, at + 4))
        out.append(Int64(bitPattern: high << 32 | low))
      }
    default:
      throw .invalid("tag \(tag.rawValue) has type \(entry.type.rawValue), an integer was expected")
    }
    return out
  }

  /// Whether the header has this tag.
  public func has(_ tag: Tag) -> Bool { entries[tag.rawValue] != nil }
}
