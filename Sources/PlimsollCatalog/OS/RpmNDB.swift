import PlimsollDiagnostics

/// Reads the header blobs of rpm's ndb package database (`Packages.db`, the default of SUSE
/// and openSUSE), as rpm's `lib/backend/ndb/rpmpkg.c` writes it. All integers are
/// little-endian.
///
/// - A 32-byte header: magic `RpmP`, format version 0, generation, the number of slot pages
///   (`slotnpages`), the next package index.
/// - Slot pages of 4096 bytes (the first starts after the header): 16-byte slots
///   `{magic "Slot", pkgIdx, blkOff, blkCnt}`; `blkOff` 0 marks a free slot.
/// - Blobs in 16-byte blocks after the slot pages: a head `{magic "BlbS", pkgIdx, timestamp,
///   blobLen}`, the rpm header blob, zero padding, and a tail `{adler32, blobLen, magic "BlbE"}`
///   whose Adler-32 covers the head, the blob and the padding.
///
/// Every slot and blob is checked against the file's size and its own head and tail; a bad
/// one is skipped with a warning naming the file and the package index, the rest are read.
enum RpmNDB {
  static let headerSize = 32
  static let pageSize = 4096
  static let slotSize = 16
  static let blockSize = 16
  static let blobHeadSize = 16
  static let blobTailSize = 12

  static let databaseMagic: UInt32 = 0x506d_7052  // "RpmP"
  static let slotMagic: UInt32 = 0x746f_6c53  // "Slot"
  static let blobHeadMagic: UInt32 = 0x5362_6c42  // "BlbS"
  static let blobTailMagic: UInt32 = 0x4562_6c42  // "BlbE"

  /// The `(pkgIdx, blob)` of every package in the database, in package-index order.
  static func headerBlobs(_ bytes: [UInt8], path: String)
    -> (rows: [(rowID: Int64, blob: [UInt8])], warnings: [ScanWarning])
  {
    guard bytes.count >= headerSize else {
      return ([], [ScanWarning(input: path, message: "truncated rpm ndb database: \(bytes.count) bytes, the header needs \(headerSize)")])
    }
    guard u32(bytes, 0) == databaseMagic else {
      return ([], [ScanWarning(input: path, message: "not an rpm ndb database (no RpmP magic); no packages read")])
    }
    let version = u32(bytes, 4)
    guard version == 0 else {
      return ([], [ScanWarning(input: path, message: "rpm ndb database of unknown format version \(version); no packages read")])
    }
    let slotPages = Int(u32(bytes, 12))
    guard slotPages >= 1, slotPages * pageSize <= bytes.count else {
      return ([], [ScanWarning(
        input: path,
        message: "truncated rpm ndb database: \(slotPages) slot pages do not fit in its \(bytes.count) bytes; no packages read")])
    }
    // Blobs start after the slot pages, counted in blocks.
    let firstBlock = slotPages * (pageSize / blockSize)
    let fileBlocks = bytes.count / blockSize
    var rows: [(rowID: Int64, blob: [UInt8])] = []
    var warnings: [ScanWarning] = []
    var seen = Set<UInt32>()
    for offset in stride(from: headerSize, to: slotPages * pageSize, by: slotSize) {
      guard u32(bytes, offset) == slotMagic else {
        warnings.append(ScanWarning(
          input: path, message: "corrupt rpm ndb slot at byte \(offset) (no Slot magic); remaining slots skipped"))
        break
      }
      let blockOffset = Int(u32(bytes, offset + 8))
      if blockOffset == 0 { continue }
      let packageIndex = u32(bytes, offset + 4)
      let blockCount = Int(u32(bytes, offset + 12))
      let input = "\(path)#Packages[pkgidx=\(packageIndex)]"
      guard packageIndex != 0, blockCount != 0, blockOffset >= firstBlock,
        blockOffset + blockCount <= fileBlocks
      else {
        warnings.append(ScanWarning(
          input: input, message: "rpm ndb slot points outside the blob area (block \(blockOffset), \(blockCount) blocks); skipped"))
        continue
      }
      guard seen.insert(packageIndex).inserted else {
        warnings.append(ScanWarning(input: input, message: "second rpm ndb slot for this package index; skipped"))
        continue
      }
      switch blob(bytes, packageIndex: packageIndex, blockOffset: blockOffset, blockCount: blockCount) {
      case .success(let blob): rows.append((Int64(packageIndex), blob))
      case .failure(let problem): warnings.append(ScanWarning(input: input, message: "\(problem.message); skipped"))
      }
    }
    rows.sort { $0.rowID < $1.rowID }
    return (rows, warnings)
  }

  struct BlobProblem: Error {
    var message: String
  }

  /// The header blob a slot points at, checked against its head, tail and checksum.
  static func blob(_ bytes: [UInt8], packageIndex: UInt32, blockOffset: Int, blockCount: Int)
    -> Result<[UInt8], BlobProblem>
  {
    let start = blockOffset * blockSize
    let end = start + blockCount * blockSize
    guard blockCount * blockSize >= blobHeadSize + blobTailSize else {
      return .failure(BlobProblem(message: "rpm ndb blob of \(blockCount) blocks is too small"))
    }
    guard u32(bytes, start) == blobHeadMagic else {
      return .failure(BlobProblem(message: "rpm ndb blob has no BlbS magic"))
    }
    guard u32(bytes, start + 4) == packageIndex else {
      return .failure(BlobProblem(message: "rpm ndb blob belongs to package index \(u32(bytes, start + 4))"))
    }
    let blobLength = Int(u32(bytes, start + 12))
    guard (blobHeadSize + blobLength + blobTailSize + blockSize - 1) / blockSize == blockCount else {
      return .failure(BlobProblem(message: "rpm ndb blob length \(blobLength) does not fit its \(blockCount) blocks"))
    }
    let tail = end - blobTailSize
    guard u32(bytes, tail + 8) == blobTailMagic, Int(u32(bytes, tail + 4)) == blobLength else {
      return .failure(BlobProblem(message: "rpm ndb blob has a bad tail (magic or length)"))
    }
    let checksum = adler32(bytes[start..<tail])
    guard checksum == u32(bytes, tail) else {
      return .failure(BlobProblem(message: "rpm ndb blob fails its Adler-32 checksum"))
    }
    return .success(Array(bytes[(start + blobHeadSize)..<(start + blobHeadSize + blobLength)]))
  }

  /// Adler-32 (RFC 1950), as rpm computes it over a blob.
  static func adler32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var low: UInt32 = 1
    var high: UInt32 = 0
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let chunkEnd = min(index + 5552, bytes.endIndex)
      while index < chunkEnd {
        low &+= UInt32(bytes[index])
        high &+= low
        index += 1
      }
      low %= 65521
      high %= 65521
    }
    return (high << 16) | low
  }

  /// A little-endian `UInt32` at `offset` (the caller has checked the bounds).
  static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
      | UInt32(bytes[offset + 3]) << 24
  }
}
