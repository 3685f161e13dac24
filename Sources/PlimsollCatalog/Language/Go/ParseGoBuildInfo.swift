public import Foundation

/// Why a Go binary's build information could not be read.
public enum GoBuildInfoError: Error, LocalizedError, Sendable, Equatable {
  /// The build info header names a pointer size other than 4 or 8.
  case badPointerSize(UInt8)
  /// A pointer (pre-1.18 layout) leads outside the file's loaded data.
  case pointerOutsideFile(what: String, address: UInt64)
  /// A length-prefixed string runs past the end of the build info.
  case truncatedString(what: String)
  /// A string is longer than the reader accepts.
  case stringTooLong(what: String, length: UInt64)
  /// Pre-1.18 pointers left zero for the dynamic loader to fill (position-independent binary).
  case unrelocatedPointers
  /// The `.go.buildinfo` section header points past the end of the file (truncated file).
  case sectionOutsideFile(offset: UInt64, size: UInt64, fileSize: Int)
  /// Pre-1.18 pointers in a PE or Mach-O file, which are not followed.
  case pointerLayoutOutsideELF(format: String)

  public var errorDescription: String? {
    switch self {
    case .badPointerSize(let size):
      "Go build info header has pointer size \(size), expected 4 or 8"
    case .pointerOutsideFile(let what, let address):
      "Go build info \(what) pointer 0x\(String(address, radix: 16)) lies outside the file's loaded segments"
    case .truncatedString(let what):
      "Go build info \(what) string runs past the end of the data"
    case .stringTooLong(let what, let length):
      "Go build info \(what) string claims \(length) bytes, more than the 16 MiB accepted"
    case .unrelocatedPointers:
      "Go build info pointers are zero (position-independent binary built before Go 1.18, relocated at load time); not read"
    case .sectionOutsideFile(let offset, let size, let fileSize):
      "section .go.buildinfo (offset \(offset), size \(size)) lies outside the file of \(fileSize) bytes; truncated binary?"
    case .pointerLayoutOutsideELF(let format):
      "Go build info of a \(format) binary built before Go 1.18 (pointer layout) is not read"
    }
  }
}

/// One module line of a Go binary's module information (`mod`, `dep`).
public struct GoModule: Sendable, Hashable {
  public var path: String
  public var version: String
  /// The `h1:` checksum, where recorded.
  public var sum: String?
  /// The module that replaced this one (`=>` line), where any.
  public var replacement: GoReplacement?
}

/// A `=>` replacement of a Go module.
public struct GoReplacement: Sendable, Hashable {
  /// A module path, or a file path (`../greet`) for a local directory.
  public var path: String
  /// Empty or `(devel)` for a local directory.
  public var version: String
  public var sum: String?

  /// Whether the replacement is a directory on the build machine, not a versioned module.
  public var isLocal: Bool { version.isEmpty || version == "(devel)" }
}

/// The build information the Go linker embeds in every binary since Go 1.13.
public struct GoBuildInfo: Sendable, Hashable {
  /// `go1.19.8`.
  public var goVersion: String
  /// The main package path (`path` line).
  public var path: String?
  /// The main module (`mod` line).
  public var main: GoModule?
  public var dependencies: [GoModule]
  /// `build` lines in order: `-compiler`, `GOOS`, `GOARCH`, `vcs.revision`…
  public var settings: [GoBuildSetting]

  /// The value of a `build` setting.
  public func setting(_ key: String) -> String? {
    settings.first { $0.key == key }?.value
  }
}

/// One `build` line of a Go binary's module information (`GOOS=linux`).
public struct GoBuildSetting: Sendable, Hashable {
  public var key: String
  public var value: String
}

/// Reads the Go build information from an ELF binary.
///
/// The linker writes a 32-byte header starting with `\xff Go buildinf:` (in `.go.buildinfo`),
/// then either two varint-length strings (flag bit 2, Go ≥ 1.18) or two pointers to Go string
/// headers (older), whose targets are resolved through the ELF segments.
public enum GoBuildInfoReader {
  /// `\xff Go buildinf:`.
  static let magic: [UInt8] = [0xFF] + Array(" Go buildinf:".utf8)
  static let headerSize = 32
  static let maxString: UInt64 = 16 << 20
  /// The sentinels the runtime puts around the module information text.
  static let modInfoStart: [UInt8] = [
    0x30, 0x77, 0xAF, 0x0C, 0x92, 0x74, 0x08, 0x02, 0x41, 0xE1, 0xC1, 0x07, 0xE6, 0xD6, 0x18, 0xE6,
  ]
  static let modInfoEnd: [UInt8] = [
    0xF9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72, 0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xD8, 0xF2,
  ]

  /// The build info of `elf`, nil when it has none (not a Go binary), or an error when the
  /// header is there but unreadable.
  public static func read(_ elf: ELFFile) throws(GoBuildInfoError) -> GoBuildInfo? {
    guard let header = try locateHeader(elf) else { return nil }
    let (version, modInfo) = try readStrings(elf, headerOffset: header)
    return parse(goVersion: version, modInfo: modInfo)
  }

  /// The file offset of the build info header.
  static func locateHeader(_ elf: ELFFile) throws(GoBuildInfoError) -> Int? {
    if let section = elf.section(named: ".go.buildinfo") {
      guard let data = elf.data(of: section) else {
        throw .sectionOutsideFile(offset: section.offset, size: section.size, fileSize: elf.bytes.count)
      }
      if data.starts(with: magic) { return data.startIndex }
    }
    return scanForHeader(elf.bytes)
  }

  /// Without a usable section (headers stripped, or PE, where the build info sits inside
  /// `.data`), the header is found by scanning the file at 16-byte alignment: it is 16-aligned
  /// in memory, and ELF segments, PE and Mach-O sections keep file offsets congruent.
  static func scanForHeader(_ bytes: [UInt8]) -> Int? {
    var offset = 0
    while offset + headerSize <= bytes.count {
      if bytes[offset] == 0xFF, bytes[offset..<offset + magic.count].elementsEqual(magic) {
        return offset
      }
      offset += 16
    }
    return nil
  }

  /// The build info of a PE or Mach-O executable: its `.go.buildinfo` (PE) or
  /// `__go_buildinfo` (Mach-O) section, else a scan of the file. Only the inline layout of Go
  /// 1.18 and later is read; older binaries keep pointers, an error here.
  public static func read(_ executable: ExecutableSections) throws(GoBuildInfoError) -> GoBuildInfo? {
    let bytes = executable.bytes
    var header: Int?
    for name in [".go.buildinfo", "__go_buildinfo"] {
      if let section = executable.section(named: name), let data = executable.data(of: section),
        data.starts(with: magic)
      {
        header = data.startIndex
        break
      }
    }
    guard let header = header ?? scanForHeader(bytes) else { return nil }
    guard header + headerSize <= bytes.count else { throw .truncatedString(what: "header") }
    guard bytes[header + 15] & 2 != 0 else { throw .pointerLayoutOutsideELF(format: executable.format.rawValue) }
    var cursor = header + headerSize
    let version = try varintString(bytes, &cursor, what: "version")
    let modInfo = try varintString(bytes, &cursor, what: "module info")
    return parse(goVersion: String(decoding: version, as: UTF8.self), modInfo: Array(modInfo))
  }

  static func readStrings(_ elf: ELFFile, headerOffset: Int) throws(GoBuildInfoError)
    -> (String, [UInt8])
  {
    let bytes = elf.bytes
    guard headerOffset + headerSize <= bytes.count else { throw .truncatedString(what: "header") }
    let pointerSize = bytes[headerOffset + 14]
    let flags = bytes[headerOffset + 15]
    if flags & 2 != 0 {
      var cursor = headerOffset + headerSize
      let version = try varintString(bytes, &cursor, what: "version")
      let modInfo = try varintString(bytes, &cursor, what: "module info")
      return (String(decoding: version, as: UTF8.self), Array(modInfo))
    }
    guard pointerSize == 4 || pointerSize == 8 else { throw .badPointerSize(pointerSize) }
    let littleEndian = flags & 1 == 0
    let width = Int(pointerSize)
    let versionPointer = ELFFile.decode(
      bytes[headerOffset + 16..<headerOffset + 16 + width], littleEndian: littleEndian)
    let modInfoPointer = ELFFile.decode(
      bytes[headerOffset + 16 + width..<headerOffset + 16 + 2 * width], littleEndian: littleEndian)
    if versionPointer == 0 && modInfoPointer == 0 { throw .unrelocatedPointers }
    let version = try pointedString(elf, versionPointer, width: width, littleEndian: littleEndian,
                                    what: "version")
    let modInfo = try pointedString(elf, modInfoPointer, width: width, littleEndian: littleEndian,
                                    what: "module info")
    return (String(decoding: version, as: UTF8.self), Array(modInfo))
  }

  /// Reads a Go string header (data pointer, length) at `address`, then its bytes.
  static func pointedString(_ elf: ELFFile, _ address: UInt64, width: Int, littleEndian: Bool,
                            what: String) throws(GoBuildInfoError) -> ArraySlice<UInt8>
  {
    guard let header = elf.read(virtualAddress: address, count: UInt64(2 * width)) else {
      throw .pointerOutsideFile(what: what, address: address)
    }
    let data = ELFFile.decode(header.prefix(width), littleEndian: littleEndian)
    let length = ELFFile.decode(header.dropFirst(width), littleEndian: littleEndian)
    guard length <= maxString else { throw .stringTooLong(what: what, length: length) }
    if length == 0 { return [] }
    guard let text = elf.read(virtualAddress: data, count: length) else {
      throw .pointerOutsideFile(what: what + " data", address: data)
    }
    return text
  }

  /// Reads an unsigned LEB128 length and that many bytes.
  static func varintString(_ bytes: [UInt8], _ cursor: inout Int, what: String)
    throws(GoBuildInfoError) -> ArraySlice<UInt8>
  {
    var length: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard cursor < bytes.count, shift < 64 else { throw .truncatedString(what: what) }
      let byte = bytes[cursor]
      cursor += 1
      length |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { break }
      shift += 7
    }
    guard length <= maxString else { throw .stringTooLong(what: what, length: length) }
    guard UInt64(bytes.count - cursor) >= length else { throw .truncatedString(what: what) }
    let end = cursor + Int(length)
    defer { cursor = end }
    return bytes[cursor..<end]
  }

  /// Parses the module information text (with or without its sentinels).
  public static func parse(goVersion: String, modInfo rawModInfo: [UInt8]) -> GoBuildInfo {
    var modInfo = ArraySlice(rawModInfo)
    if modInfo.count >= 32, modInfo.starts(with: modInfoStart), modInfo.suffix(16).elementsEqual(modInfoEnd) {
      modInfo = modInfo.dropFirst(16).dropLast(16)
    }
    var info = GoBuildInfo(goVersion: goVersion, path: nil, main: nil, dependencies: [], settings: [])
    // Which module a `=>` line replaces: the main module or the last dependency.
    var lastWasMain = false
    for rawLine in String(decoding: modInfo, as: UTF8.self).split(separator: "\n") {
      let fields = rawLine.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard let kind = fields.first else { continue }
      let field = { (index: Int) -> String in index < fields.count ? fields[index] : "" }
      switch kind {
      case "path":
        info.path = field(1)
      case "mod", "dep":
        let module = GoModule(path: field(1), version: field(2),
                              sum: field(3).isEmpty ? nil : field(3), replacement: nil)
        if kind == "mod" { info.main = module } else { info.dependencies.append(module) }
        lastWasMain = kind == "mod"
      case "=>":
        let replacement = GoReplacement(path: field(1), version: field(2),
                                        sum: field(3).isEmpty ? nil : field(3))
        if lastWasMain {
          info.main?.replacement = replacement
        } else if !info.dependencies.isEmpty {
          info.dependencies[info.dependencies.count - 1].replacement = replacement
        }
      case "build":
        let setting = rawLine.dropFirst("build\t".count)
        info.settings.append(parseSetting(setting))
      default:
        continue
      }
    }
    return info
  }

  /// Splits `key=value`, undoing Go's quoting of keys or values that hold spaces or quotes.
  static func parseSetting(_ text: Substring) -> GoBuildSetting {
    var rest = text
    let key: String
    if rest.first == "\"", let (quoted, after) = unquote(rest) {
      key = quoted
      rest = after
    } else {
      let equals = rest.firstIndex(of: "=") ?? rest.endIndex
      key = String(rest[..<equals])
      rest = rest[equals...]
    }
    guard rest.first == "=" else { return GoBuildSetting(key: key, value: "") }
    rest = rest.dropFirst()
    if rest.first == "\"", let (quoted, after) = unquote(rest), after.isEmpty {
      return GoBuildSetting(key: key, value: quoted)
    }
    return GoBuildSetting(key: key, value: String(rest))
  }

  /// Reads a double-quoted Go string literal at the start of `text` (common escapes only).
  static func unquote(_ text: Substring) -> (String, Substring)? {
    var out = ""
    var index = text.index(after: text.startIndex)
    while index < text.endIndex {
      let character = text[index]
      if character == "\"" { return (out, text[text.index(after: index)...]) }
      if character == "\\" {
        index = text.index(after: index)
        guard index < text.endIndex else { return nil }
        switch text[index] {
        case "n": out.append("\n")
        case "t": out.append("\t")
        default: out.append(text[index])
        }
      } else {
        out.append(character)
      }
      index = text.index(after: index)
    }
    return nil
  }
}
