public import Foundation

/// The executable formats the binary catalogers tell apart by their magic bytes.
public enum ExecutableFormat: String, Sendable {
  case elf = "ELF"
  /// Portable Executable (Windows `.exe`, `.dll`).
  case pe = "PE"
  /// Mach-O, thin or universal (macOS, iOS).
  case machO = "Mach-O"

  /// The format `bytes` start with, or nil.
  public static func of(_ bytes: [UInt8]) -> ExecutableFormat? {
    if ELFFile.hasMagic(bytes) { return .elf }
    guard bytes.count >= 8 else { return nil }
    if bytes[0] == UInt8(ascii: "M"), bytes[1] == UInt8(ascii: "Z") { return .pe }
    let first = ExecutableSections.u32(bytes, 0, littleEndian: true)
    if [0xFEED_FACE, 0xFEED_FACF, 0xCEFA_EDFE, 0xCFFA_EDFE].contains(first) { return .machO }
    // Universal binaries share Java class files' magic; a class file's version (≥ 45) sits
    // where a universal binary keeps its small architecture count.
    if first == 0xBEBA_FECA, (1...20).contains(ExecutableSections.u32(bytes, 4, littleEndian: false)) {
      return .machO
    }
    return nil
  }
}

/// Why a PE or Mach-O file's section table could not be read.
public struct ExecutableError: Error, LocalizedError, Sendable, Equatable, CustomStringConvertible {
  public var format: ExecutableFormat
  public var problem: String
  public var description: String { "unreadable \(format.rawValue) executable: \(problem)" }
  public var errorDescription: String? { description }
}

/// The named sections of a PE or Mach-O executable with their bytes: what the Go and Rust
/// binary catalogers need (`.go.buildinfo` / `__go_buildinfo`, cargo-auditable's `.dep-v0`).
/// ELF files are read by `ELFFile`.
///
/// Every table offset and size is checked against the file; a section whose data lies
/// outside it has no bytes. A universal Mach-O file is read through its first architecture.
public struct ExecutableSections: Sendable {
  public struct Section: Sendable, Hashable {
    /// The section name (`.dep-v0`, `__go_buildinfo`).
    public var name: String
    /// The file range of its data, nil when it has none in the file or lies outside it.
    public var range: Range<Int>?
  }

  public let format: ExecutableFormat
  public let bytes: [UInt8]
  public private(set) var sections: [Section] = []

  /// Reads the section table of a PE or Mach-O file (`format` from `ExecutableFormat.of`).
  public init(_ bytes: [UInt8], format: ExecutableFormat) throws(ExecutableError) {
    self.format = format
    self.bytes = bytes
    switch format {
    case .pe: try readPE()
    case .machO: try readMachO(sliceStart: 0, sliceEnd: bytes.count, depth: 0)
    case .elf: throw ExecutableError(format: .elf, problem: "ELF files are read by ELFFile")
    }
  }

  /// The first section called `name`.
  public func section(named name: String) -> Section? {
    sections.first { $0.name == name }
  }

  /// The bytes of a section, nil when they are not in the file.
  public func data(of section: Section) -> ArraySlice<UInt8>? {
    section.range.map { bytes[$0] }
  }

  // MARK: PE

  private mutating func readPE() throws(ExecutableError) {
    func fail(_ problem: String) -> ExecutableError { ExecutableError(format: .pe, problem: problem) }
    guard bytes.count >= 0x40 else { throw fail("\(bytes.count) bytes, shorter than the DOS header") }
    let peOffset = Int(Self.u32(bytes, 0x3C, littleEndian: true))
    guard peOffset <= bytes.count - 24 else { throw fail("PE header offset \(peOffset) lies outside the file") }
    guard bytes[peOffset..<peOffset + 4].elementsEqual([0x50, 0x45, 0, 0]) else {
      throw fail("no PE signature at offset \(peOffset)")
    }
    let sectionCount = Int(Self.u16(bytes, peOffset + 6))
    let optionalHeaderSize = Int(Self.u16(bytes, peOffset + 20))
    let tableStart = peOffset + 24 + optionalHeaderSize
    guard tableStart + sectionCount * 40 <= bytes.count else {
      throw fail("section table (\(sectionCount) sections at offset \(tableStart)) runs past the end of the file")
    }
    for index in 0..<sectionCount {
      let entry = tableStart + index * 40
      let rawName = bytes[entry..<entry + 8].prefix { $0 != 0 }
      let virtualSize = Int(Self.u32(bytes, entry + 8, littleEndian: true))
      let rawSize = Int(Self.u32(bytes, entry + 16, littleEndian: true))
      let rawOffset = Int(Self.u32(bytes, entry + 20, littleEndian: true))
      // Raw data is padded to the file alignment; the virtual size is the data's own size.
      let size = virtualSize > 0 ? min(virtualSize, rawSize) : rawSize
      sections.append(Section(name: String(decoding: rawName, as: UTF8.self),
                              range: Self.range(rawOffset, size, within: 0..<bytes.count)))
    }
  }

  // MARK: Mach-O

  private mutating func readMachO(sliceStart: Int, sliceEnd: Int, depth: Int) throws(ExecutableError) {
    func fail(_ problem: String) -> ExecutableError { ExecutableError(format: .machO, problem: problem) }
    guard sliceEnd - sliceStart >= 32 else { throw fail("\(sliceEnd - sliceStart) bytes, shorter than the Mach-O header") }
    let magic = Self.u32(bytes, sliceStart, littleEndian: true)
    if magic == 0xBEBA_FECA {
      guard depth == 0 else { throw fail("a universal binary inside a universal binary") }
      let count = Int(Self.u32(bytes, sliceStart + 4, littleEndian: false))
      guard count >= 1, 8 + count * 20 <= sliceEnd - sliceStart else { throw fail("universal header of \(count) architectures runs past the end") }
      let offset = Int(Self.u32(bytes, sliceStart + 16, littleEndian: false))
      let size = Int(Self.u32(bytes, sliceStart + 20, littleEndian: false))
      guard let slice = Self.range(sliceStart + offset, size, within: sliceStart..<sliceEnd) else {
        throw fail("first architecture (offset \(offset), size \(size)) lies outside the file")
      }
      try readMachO(sliceStart: slice.lowerBound, sliceEnd: slice.upperBound, depth: depth + 1)
      return
    }
    let littleEndian: Bool
    let is64: Bool
    switch magic {
    case 0xFEED_FACE: (littleEndian, is64) = (true, false)
    case 0xFEED_FACF: (littleEndian, is64) = (true, true)
    case 0xCEFA_EDFE: (littleEndian, is64) = (false, false)
    case 0xCFFA_EDFE: (littleEndian, is64) = (false, true)
    default: throw fail("bad magic")
    }
    let commandCount = Int(Self.u32(bytes, sliceStart + 16, littleEndian: littleEndian))
    var cursor = sliceStart + (is64 ? 32 : 28)
    for _ in 0..<min(commandCount, 65536) {
      guard cursor + 8 <= sliceEnd else { throw fail("load commands run past the end of the file") }
      let command = Self.u32(bytes, cursor, littleEndian: littleEndian)
      let commandSize = Int(Self.u32(bytes, cursor + 4, littleEndian: littleEndian))
      guard commandSize >= 8, cursor + commandSize <= sliceEnd else {
        throw fail("load command of \(commandSize) bytes at offset \(cursor - sliceStart) runs past the end")
      }
      // LC_SEGMENT (0x1) and LC_SEGMENT_64 (0x19): a segment and its sections.
      if command == 0x19 || command == 0x1 {
        let wide = command == 0x19
        let headerSize = wide ? 72 : 56
        let sectionSize = wide ? 80 : 68
        guard commandSize >= headerSize else { throw fail("segment command too short") }
        let count = Int(Self.u32(bytes, cursor + (wide ? 64 : 48), littleEndian: littleEndian))
        guard headerSize + count * sectionSize <= commandSize else {
          throw fail("segment command lists \(count) sections that do not fit in it")
        }
        for index in 0..<count {
          let entry = cursor + headerSize + index * sectionSize
          let rawName = bytes[entry..<entry + 16].prefix { $0 != 0 }
          let size = wide ? Int(clamping: Self.u64(bytes, entry + 40, littleEndian: littleEndian))
            : Int(Self.u32(bytes, entry + 36, littleEndian: littleEndian))
          let offset = Int(Self.u32(bytes, entry + (wide ? 48 : 40), littleEndian: littleEndian))
          // Zero-fill sections (offset 0) have no bytes in the file.
          let range = offset == 0 ? nil : Self.range(sliceStart + offset, size, within: sliceStart..<sliceEnd)
          sections.append(Section(name: String(decoding: rawName, as: UTF8.self), range: range))
        }
      }
      cursor += commandSize
    }
  }

  // MARK: Bytes

  /// `offset..<offset+size` when it lies within `bounds`.
  static func range(_ offset: Int, _ size: Int, within bounds: Range<Int>) -> Range<Int>? {
    guard offset >= bounds.lowerBound, size >= 0, offset <= bounds.upperBound,
      size <= bounds.upperBound - offset
    else { return nil }
    return offset..<(offset + size)
  }

  static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
    UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
  }

  static func u32(_ bytes: [UInt8], _ offset: Int, littleEndian: Bool) -> UInt32 {
    let value = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
      | UInt32(bytes[offset + 3]) << 24
    return littleEndian ? value : value.byteSwapped
  }

  static func u64(_ bytes: [UInt8], _ offset: Int, littleEndian: Bool) -> UInt64 {
    let low = UInt64(u32(bytes, offset, littleEndian: true))
    let high = UInt64(u32(bytes, offset + 4, littleEndian: true))
    let value = low | high << 32
    return littleEndian ? value : value.byteSwapped
  }
}
