import PlimsollFindings
import PlimsollDiagnostics

/// Reads the header blobs of rpm's Berkeley DB `Packages` database (a BDB hash or btree file).
///
/// Layout used (Berkeley DB on-disk format, hash access method): page 0 is the hash metadata
/// page (magic `0x061561` at byte 12, which also gives the byte order; page size at 20;
/// encryption at 24; flags at 26; last page number at 32). Every page starts with a 26-byte
/// header (next page at 16, entry count at 20, high-free offset at 22, page type at 25),
/// 32 bytes when the database is checksummed. Hash pages (types 2 and 13) hold an array of
/// 16-bit item offsets after the header, alternating key and data items; an item is either
/// inline data (type 1) or a reference to a chain of overflow pages (type 3: page number at
/// byte 4, total length at byte 8). Overflow pages (type 7) carry `high-free offset` bytes of
/// data after the header. Btree databases (magic `0x053162`, metadata page type 9, as
/// Yocto's rpm writes them) keep records on leaf pages (type 5) whose items carry a 16-bit
/// length and a type byte (bit 7: deleted) before the data, or an overflow reference (page
/// number at byte 4, total length at byte 8 of the item). rpm keys each header by its 32-bit
/// instance number; instance 0 holds rpm's instance counter, not a package.
enum RpmBerkeleyDB {
  static let hashMagic: UInt32 = 0x061561
  static let btreeMagic: UInt32 = 0x053162

  /// The `(instance, blob)` records of the database in instance order, or warnings naming
  /// `path` for what could not be read.
  static func headerBlobs(_ bytes: [UInt8], path: String) -> (rows: [(rowID: Int64, blob: [UInt8])], warnings: [ScanWarning]) {
    var warnings: [ScanWarning] = []
    func fail(_ message: String) -> (rows: [(rowID: Int64, blob: [UInt8])], warnings: [ScanWarning]) {
      ([], warnings + [ScanWarning(input: path, message: message)])
    }
    guard bytes.count >= 64 else { return fail("Berkeley DB file is truncated: \(bytes.count) bytes, no metadata page") }
    var found: (reader: Reader, isBtree: Bool)?
    for bigEndian in [false, true] {
      let candidate = Reader(bytes: bytes, bigEndian: bigEndian)
      switch candidate.u32(12) {
      case hashMagic: found = (candidate, false)
      case btreeMagic: found = (candidate, true)
      default: continue
      }
      break
    }
    guard let (reader, isBtree) = found else {
      return fail("not a Berkeley DB hash or btree database (bad magic); rpm packages in this database are not listed")
    }
    guard reader.u8(25) == (isBtree ? 9 : 8) else {
      return fail("Berkeley DB page 0 is not a \(isBtree ? "btree" : "hash") metadata page")
    }
    let pageSize = Int(reader.u32(20))
    guard pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0 else {
      return fail("Berkeley DB page size \(pageSize) is invalid")
    }
    guard reader.u8(24) == 0 else {
      return fail("unsupported rpmdb format (encrypted Berkeley DB); rpm packages in this database are not listed")
    }
    let headerSize = reader.u8(26) & 0x01 != 0 ? 32 : 26
    let lastPage = Int(reader.u32(32))
    let pagesInFile = bytes.count / pageSize
    if lastPage + 1 > pagesInFile {
      warnings.append(ScanWarning(
        input: path, message: "Berkeley DB file is truncated: \(lastPage + 1) pages declared, \(pagesInFile) present; reading those present"))
    }
    let pageCount = min(lastPage + 1, pagesInFile)

    var rows: [(rowID: Int64, blob: [UInt8])] = []
    for page in 1..<max(pageCount, 1) {
      let base = page * pageSize
      let type = reader.u8(base + 25)
      // Hash pages (2, 13) or btree leaf pages (5) hold the records; others are skipped.
      guard isBtree ? type == 5 : (type == 2 || type == 13) else { continue }
      let entries = Int(reader.u16(base + 20))
      guard headerSize + entries * 2 <= pageSize else {
        warnings.append(ScanWarning(input: "\(path)#page=\(page)", message: "hash page claims \(entries) entries; page skipped"))
        continue
      }
      var offsets: [Int] = []
      offsets.reserveCapacity(entries)
      for entry in 0..<entries { offsets.append(Int(reader.u16(base + headerSize + entry * 2))) }
      /// Bounds of item `index` within the page, as a hash item (type byte, then data) or a
      /// btree item (16-bit length, type byte, then data; or an overflow reference).
      func item(_ index: Int) -> Range<Int>? {
        let start = offsets[index]
        guard start >= headerSize + entries * 2, start < pageSize else { return nil }
        if isBtree {
          guard start + 3 <= pageSize else { return nil }
          let itemType = reader.u8(base + start + 2) & 0x7f
          // Overflow reference: type, pad, page number and total length (10 bytes from type).
          let length = itemType == 3 ? 10 : Int(reader.u16(base + start)) + 1
          guard start + 2 + length <= pageSize else { return nil }
          // Normalised to the hash layout: type byte first, then the data or reference.
          return (base + start + 2)..<(base + start + 2 + length)
        }
        let end = index == 0 ? pageSize : offsets[index - 1]
        guard start < end, end <= pageSize else { return nil }
        return (base + start)..<(base + end)
      }
      for keyIndex in stride(from: 0, to: entries - 1, by: 2) {
        guard let key = item(keyIndex), let data = item(keyIndex + 1) else {
          warnings.append(ScanWarning(input: "\(path)#page=\(page)", message: "hash item \(keyIndex) lies outside its page; item skipped"))
          continue
        }
        if isBtree, reader.u8(key.lowerBound) & 0x80 != 0 { continue }  // deleted record
        guard reader.u8(key.lowerBound) == 1, key.count == 5 else {
          warnings.append(ScanWarning(input: "\(path)#page=\(page)", message: "hash key \(keyIndex) is not a 4-byte instance number; item skipped"))
          continue
        }
        let instance = Int64(reader.u32(key.lowerBound + 1))
        if instance == 0 { continue }
        switch readData(reader, data, isBtree: isBtree, pageSize: pageSize, headerSize: headerSize, pageCount: pageCount) {
        case .success(let blob): rows.append((instance, blob))
        case .failure(let problem):
          warnings.append(ScanWarning(input: "\(path)#Packages[hnum=\(instance)]", message: "\(problem.message); record skipped"))
        }
      }
    }
    rows.sort { $0.rowID < $1.rowID }
    return (rows, warnings)
  }

  struct Problem: Error {
    var message: String
  }

  /// The bytes of a data item: inline, or gathered from its chain of overflow pages.
  /// `item` starts at the item's type byte; an overflow reference then holds the first page
  /// at +4 and the total length at +8 (hash) or at +2 and +6 (btree).
  static func readData(_ reader: Reader, _ item: Range<Int>, isBtree: Bool, pageSize: Int, headerSize: Int,
                       pageCount: Int) -> Result<[UInt8], Problem> {
    switch reader.u8(item.lowerBound) {
    case 1:
      return .success(Array(reader.bytes[(item.lowerBound + 1)..<item.upperBound]))
    case 3:
      guard item.count >= (isBtree ? 10 : 12) else { return .failure(Problem(message: "overflow reference is truncated")) }
      var page = Int(reader.u32(item.lowerBound + (isBtree ? 2 : 4)))
      let total = Int(reader.u32(item.lowerBound + (isBtree ? 6 : 8)))
      var out: [UInt8] = []
      out.reserveCapacity(min(total, pageCount * pageSize))
      var visited = 0
      while page != 0 {
        guard page < pageCount, visited < pageCount else {
          return .failure(Problem(message: "overflow chain leaves the file or loops (page \(page))"))
        }
        visited += 1
        let base = page * pageSize
        guard reader.u8(base + 25) == 7 else {
          return .failure(Problem(message: "overflow chain reaches page \(page), which is not an overflow page"))
        }
        let length = Int(reader.u16(base + 22))
        guard headerSize + length <= pageSize else {
          return .failure(Problem(message: "overflow page \(page) claims \(length) bytes"))
        }
        out += reader.bytes[(base + headerSize)..<(base + headerSize + length)]
        guard out.count <= total else {
          return .failure(Problem(message: "overflow chain holds more than the \(total) bytes announced"))
        }
        page = Int(reader.u32(base + 16))
      }
      guard out.count == total else {
        return .failure(Problem(message: "overflow chain holds \(out.count) of the \(total) bytes announced"))
      }
      return .success(out)
    case let other:
      return .failure(Problem(message: "unsupported hash item type \(other)"))
    }
  }

  /// Bounds-checked integer reads in the database's byte order; out-of-range reads give 0.
  struct Reader {
    let bytes: [UInt8]
    let bigEndian: Bool

    func u8(_ at: Int) -> UInt8 {
      at >= 0 && at < bytes.count ? bytes[at] : 0
    }

    func u16(_ at: Int) -> UInt16 {
      guard at >= 0, at + 2 <= bytes.count else { return 0 }
      return bigEndian
        ? UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
        : UInt16(bytes[at + 1]) << 8 | UInt16(bytes[at])
    }

    func u32(_ at: Int) -> UInt32 {
      guard at >= 0, at + 4 <= bytes.count else { return 0 }
      let b0 = UInt32(bytes[at]), b1 = UInt32(bytes[at + 1]), b2 = UInt32(bytes[at + 2]), b3 = UInt32(bytes[at + 3])
      return bigEndian ? b0 << 24 | b1 << 16 | b2 << 8 | b3 : b3 << 24 | b2 << 16 | b1 << 8 | b0
    }
  }
}
