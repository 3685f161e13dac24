public import Foundation

/// Why a byte buffer could not be read as an ELF file.
public enum ELFError: Error, LocalizedError, Sendable, Equatable {
  /// The buffer does not start with `\x7fELF`.
  case notELF
  /// The buffer ends before a structure the header points to.
  case truncated(what: String, offset: UInt64, needed: UInt64, fileSize: Int)
  /// `EI_CLASS` or `EI_DATA` holds a value the ELF specification does not define.
  case unsupportedIdent(field: String, value: UInt8)

  public var errorDescription: String? {
    switch self {
    case .notELF:
      "not an ELF file"
    case .truncated(let what, let offset, let needed, let fileSize):
      "truncated ELF: \(what) needs \(needed) bytes at offset \(offset), file has \(fileSize)"
    case .unsupportedIdent(let field, let value):
      "unsupported ELF \(field) \(value)"
    }
  }
}

/// A read-only, bounds-checked view of an ELF file's header, sections and segments.
///
/// Handles 32- and 64-bit files in either byte order; every offset read from the file is
/// checked against the buffer before use, so a hostile file yields an `ELFError`, not a trap.
public struct ELFFile: Sendable {
  /// One section header.
  public struct Section: Sendable, Hashable {
    public var name: String
    public var type: UInt32
    public var flags: UInt64
    public var address: UInt64
    public var offset: UInt64
    public var size: UInt64

    /// `SHT_NOBITS`: the section occupies no bytes in the file (`.bss`).
    public var hasNoBits: Bool { type == 8 }
  }

  /// One program header.
  public struct Segment: Sendable, Hashable {
    public var type: UInt32
    public var flags: UInt32
    public var offset: UInt64
    public var virtualAddress: UInt64
    public var fileSize: UInt64
    public var memorySize: UInt64

    /// `PT_LOAD`.
    public var isLoadable: Bool { type == 1 }
  }

  public let bytes: [UInt8]
  /// `true` for ELFCLASS64.
  public let is64Bit: Bool
  /// `true` for ELFDATA2LSB.
  public let isLittleEndian: Bool
  /// `e_machine`.
  public private(set) var machine: UInt16 = 0
  public private(set) var sections: [Section] = []
  public private(set) var segments: [Segment] = []

  /// Whether `bytes` begins with the ELF magic.
  public static func hasMagic(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 4 && bytes[0] == 0x7F && bytes[1] == 0x45 && bytes[2] == 0x4C && bytes[3] == 0x46
  }

  /// Parses the header, section headers (with names) and program headers of `bytes`.
  public init(bytes: [UInt8]) throws(ELFError) {
    guard Self.hasMagic(bytes) else { throw .notELF }
    guard bytes.count >= 16 else {
      throw .truncated(what: "ELF identification", offset: 0, needed: 16, fileSize: bytes.count)
    }
    switch bytes[4] {
    case 1: is64Bit = false
    case 2: is64Bit = true
    default: throw .unsupportedIdent(field: "class", value: bytes[4])
    }
    switch bytes[5] {
    case 1: isLittleEndian = true
    case 2: isLittleEndian = false
    default: throw .unsupportedIdent(field: "data encoding", value: bytes[5])
    }
    self.bytes = bytes
    let headerSize: UInt64 = is64Bit ? 64 : 52
    try require(0, headerSize, "ELF header")
    machine = UInt16(truncatingIfNeeded: uint(at: 18, width: 2))
    let phoff = is64Bit ? uint(at: 32, width: 8) : uint(at: 28, width: 4)
    let shoff = is64Bit ? uint(at: 40, width: 8) : uint(at: 32, width: 4)
    let base: UInt64 = is64Bit ? 54 : 42
    let phentsize = uint(at: base, width: 2)
    var phnum = uint(at: base + 2, width: 2)
    let shentsize = uint(at: base + 4, width: 2)
    var shnum = uint(at: base + 6, width: 2)
    var shstrndx = uint(at: base + 8, width: 2)

    // Extended numbering: counts that do not fit 16 bits live in section header 0.
    if shoff != 0, shnum == 0 || shstrndx == 0xFFFF || phnum == 0xFFFF {
      try require(shoff, is64Bit ? 64 : 40, "section header 0")
      if shnum == 0 { shnum = is64Bit ? uint(at: shoff + 32, width: 8) : uint(at: shoff + 20, width: 4) }
      if shstrndx == 0xFFFF { shstrndx = uint(at: shoff + (is64Bit ? 40 : 24), width: 4) }
      if phnum == 0xFFFF { phnum = uint(at: shoff + (is64Bit ? 44 : 28), width: 4) }
    }

    if phoff != 0 && phnum > 0 {
      let entry: UInt64 = is64Bit ? 56 : 32
      guard phentsize >= entry else {
        throw .truncated(what: "program header entry", offset: phoff, needed: entry, fileSize: bytes.count)
      }
      try require(phoff, phnum.multipliedReportingOverflow(by: phentsize), "program header table")
      for index in 0..<phnum {
        let at = phoff + index * phentsize
        if is64Bit {
          segments.append(Segment(
            type: UInt32(truncatingIfNeeded: uint(at: at, width: 4)),
            flags: UInt32(truncatingIfNeeded: uint(at: at + 4, width: 4)),
            offset: uint(at: at + 8, width: 8), virtualAddress: uint(at: at + 16, width: 8),
            fileSize: uint(at: at + 32, width: 8), memorySize: uint(at: at + 40, width: 8)))
        } else {
          segments.append(Segment(
            type: UInt32(truncatingIfNeeded: uint(at: at, width: 4)),
            flags: UInt32(truncatingIfNeeded: uint(at: at + 24, width: 4)),
            offset: uint(at: at + 4, width: 4), virtualAddress: uint(at: at + 8, width: 4),
            fileSize: uint(at: at + 16, width: 4), memorySize: uint(at: at + 20, width: 4)))
        }
      }
    }

    if shoff != 0 && shnum > 0 {
      let entry: UInt64 = is64Bit ? 64 : 40
      guard shentsize >= entry else {
        throw .truncated(what: "section header entry", offset: shoff, needed: entry, fileSize: bytes.count)
      }
      try require(shoff, shnum.multipliedReportingOverflow(by: shentsize), "section header table")
      var raw: [(nameOffset: UInt64, section: Section)] = []
      for index in 0..<shnum {
        let at = shoff + index * shentsize
        let nameOffset = uint(at: at, width: 4)
        let type = UInt32(truncatingIfNeeded: uint(at: at + 4, width: 4))
        let section: Section
        if is64Bit {
          section = Section(name: "", type: type, flags: uint(at: at + 8, width: 8),
                            address: uint(at: at + 16, width: 8), offset: uint(at: at + 24, width: 8),
                            size: uint(at: at + 32, width: 8))
        } else {
          section = Section(name: "", type: type, flags: uint(at: at + 8, width: 4),
                            address: uint(at: at + 12, width: 4), offset: uint(at: at + 16, width: 4),
                            size: uint(at: at + 20, width: 4))
        }
        raw.append((nameOffset, section))
      }
      // Names come from the section-name string table; a bad index leaves names empty.
      var names: ArraySlice<UInt8> = []
      if shstrndx != 0, shstrndx < UInt64(raw.count) {
        let table = raw[Int(shstrndx)].section
        if !table.hasNoBits {
          guard let slice = slice(offset: table.offset, count: table.size) else {
            throw .truncated(what: "section name table", offset: table.offset, needed: table.size,
                             fileSize: bytes.count)
          }
          names = slice
        }
      }
      sections = raw.map { item in
        var section = item.section
        section.name = Self.cString(in: names, at: item.nameOffset)
        return section
      }
    }
  }

  /// The first section with this name.
  public func section(named name: String) -> Section? {
    sections.first { $0.name == name }
  }

  /// The file bytes of a section, or nil when it has none or they lie outside the file.
  public func data(of section: Section) -> ArraySlice<UInt8>? {
    guard !section.hasNoBits else { return nil }
    return slice(offset: section.offset, count: section.size)
  }

  /// `count` bytes at `offset` of the file, or nil when the range leaves the file.
  public func slice(offset: UInt64, count: UInt64) -> ArraySlice<UInt8>? {
    let (end, overflow) = offset.addingReportingOverflow(count)
    guard !overflow, end <= UInt64(bytes.count) else { return nil }
    return bytes[Int(offset)..<Int(end)]
  }

  /// `count` bytes at a virtual address, mapped through the loadable segments (then sections).
  public func read(virtualAddress address: UInt64, count: UInt64) -> ArraySlice<UInt8>? {
    for segment in segments where segment.isLoadable {
      guard address >= segment.virtualAddress else { continue }
      let delta = address - segment.virtualAddress
      let (end, overflow) = delta.addingReportingOverflow(count)
      guard !overflow, end <= segment.fileSize else { continue }
      return slice(offset: segment.offset + delta, count: count)
    }
    for section in sections where section.address != 0 && !section.hasNoBits {
      guard address >= section.address else { continue }
      let delta = address - section.address
      let (end, overflow) = delta.addingReportingOverflow(count)
      guard !overflow, end <= section.size else { continue }
      return slice(offset: section.offset + delta, count: count)
    }
    return nil
  }

  /// Decodes an unsigned integer of `width` bytes (1…8) in `bytes` using this file's byte order.
  public func decode<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
    Self.decode(bytes, littleEndian: isLittleEndian)
  }

  /// Decodes an unsigned integer from up to 8 bytes in the given byte order.
  public static func decode<C: Collection>(_ bytes: C, littleEndian: Bool) -> UInt64
  where C.Element == UInt8 {
    var value: UInt64 = 0
    if littleEndian {
      for (shift, byte) in bytes.prefix(8).enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
    } else {
      for byte in bytes.prefix(8) { value = value << 8 | UInt64(byte) }
    }
    return value
  }

  // MARK: - Private

  private func require(_ offset: UInt64, _ count: (partialValue: UInt64, overflow: Bool), _ what: String)
    throws(ELFError)
  {
    guard !count.overflow else {
      throw .truncated(what: what, offset: offset, needed: UInt64.max, fileSize: bytes.count)
    }
    try require(offset, count.partialValue, what)
  }

  private func require(_ offset: UInt64, _ count: UInt64, _ what: String) throws(ELFError) {
    guard slice(offset: offset, count: count) != nil else {
      throw .truncated(what: what, offset: offset, needed: count, fileSize: bytes.count)
    }
  }

  /// Reads an integer the caller has already bounds-checked (returns 0 if it was not).
  private func uint(at offset: UInt64, width: UInt64) -> UInt64 {
    guard let slice = slice(offset: offset, count: width) else { return 0 }
    return decode(slice)
  }

  private static func cString(in table: ArraySlice<UInt8>, at offset: UInt64) -> String {
    guard offset < UInt64(table.count) else { return "" }
    let start = table.startIndex + Int(offset)
    let end = table[start...].firstIndex(of: 0) ?? table.endIndex
    return String(decoding: table[start..<end], as: UTF8.self)
  }
}
