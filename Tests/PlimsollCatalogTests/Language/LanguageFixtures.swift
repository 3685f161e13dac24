import Foundation
@testable import PlimsollCatalog
import PlimsollLayers

/// Loads files from Tests/Fixtures and wraps them as catalog input.
enum LanguageFixtures {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

  static func bytes(_ relative: String) throws -> [UInt8] {
    try [UInt8](Data(contentsOf: root.appendingPathComponent(relative)))
  }

  /// A catalog file at `imagePath` holding the fixture `relative`.
  static func file(_ relative: String, at imagePath: String, mode: UInt32 = 0o644) throws -> LayerFile {
    let contents = try bytes(relative)
    return LayerFile(entry: EntryInfo(path: imagePath, size: Int64(contents.count), mode: mode),
                       contents: contents)
  }

  static func file(contents: [UInt8], at imagePath: String, mode: UInt32 = 0o644) -> LayerFile {
    LayerFile(entry: EntryInfo(path: imagePath, size: Int64(contents.count), mode: mode),
                contents: contents)
  }

  static func entry(_ path: String, mode: UInt32 = 0o644, size: Int64 = 1000) -> EntryInfo {
    EntryInfo(path: path, size: size, mode: mode)
  }
}

/// Writes minimal ELF files for tests: one PT_LOAD segment mapping the whole file.
struct TestELFWriter {
  var is64Bit: Bool
  var littleEndian: Bool
  static let baseAddress: UInt64 = 0x40_0000

  func integer(_ value: UInt64, width: Int) -> [UInt8] {
    let bytes = (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    return littleEndian ? bytes : bytes.reversed()
  }

  /// An ELF with no section headers whose body (placed at offset 128) is `body(bodyAddress)`.
  func build(body: (UInt64) -> [UInt8]) -> [UInt8] {
    let bodyOffset = 128
    let bodyBytes = body(Self.baseAddress + UInt64(bodyOffset))
    let total = bodyOffset + bodyBytes.count
    var out: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, is64Bit ? 2 : 1, littleEndian ? 1 : 2, 1, 0]
    out += [UInt8](repeating: 0, count: 8)
    out += integer(2, width: 2) + integer(is64Bit ? 62 : 3, width: 2) + integer(1, width: 4)
    let word = is64Bit ? 8 : 4
    let headerSize = is64Bit ? 64 : 52
    out += integer(Self.baseAddress, width: word)  // e_entry
    out += integer(UInt64(headerSize), width: word)  // e_phoff
    out += integer(0, width: word)  // e_shoff
    out += integer(0, width: 4)  // e_flags
    out += integer(UInt64(headerSize), width: 2)
    out += integer(is64Bit ? 56 : 32, width: 2) + integer(1, width: 2)  // phentsize, phnum
    out += integer(is64Bit ? 64 : 40, width: 2) + integer(0, width: 2) + integer(0, width: 2)
    if is64Bit {
      out += integer(1, width: 4) + integer(5, width: 4) + integer(0, width: 8)
      out += integer(Self.baseAddress, width: 8) + integer(Self.baseAddress, width: 8)
      out += integer(UInt64(total), width: 8) + integer(UInt64(total), width: 8) + integer(0x1000, width: 8)
    } else {
      out += integer(1, width: 4) + integer(0, width: 4) + integer(Self.baseAddress, width: 4)
      out += integer(Self.baseAddress, width: 4) + integer(UInt64(total), width: 4)
      out += integer(UInt64(total), width: 4) + integer(5, width: 4) + integer(0x1000, width: 4)
    }
    out += [UInt8](repeating: 0, count: bodyOffset - out.count)
    return out + bodyBytes
  }

  /// A pre-Go-1.18 build info: header with two pointers to Go string headers.
  func legacyGoBinary(version: String, modInfo: [UInt8], modInfoPointer: UInt64? = nil) -> [UInt8] {
    build { address in
      let word = is64Bit ? 8 : 4
      let versionHeader = address + 32
      let modHeader = versionHeader + UInt64(2 * word)
      let versionData = modHeader + UInt64(2 * word)
      let modData = versionData + UInt64(version.utf8.count)
      var body = GoBuildInfoReader.magic + [UInt8(word), littleEndian ? 0 : 1]
      body += integer(versionHeader, width: word) + integer(modInfoPointer ?? modHeader, width: word)
      body += [UInt8](repeating: 0, count: 32 - body.count)
      body += integer(versionData, width: word) + integer(UInt64(version.utf8.count), width: word)
      body += integer(modData, width: word) + integer(UInt64(modInfo.count), width: word)
      return body + Array(version.utf8) + modInfo
    }
  }
}
