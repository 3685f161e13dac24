import Foundation

/// Writes tar archives byte by byte, so a test can make every entry GNU tar refuses to write
/// or a careful reader must refuse to follow: names with `..`, newlines or raw NUL bytes,
/// hard links to host files, device nodes, FIFOs, PAX path overrides and GNU long names.
public struct HostileTarWriter {
  /// The tar entry types a test writes (the header's type flag).
  public enum EntryType: UInt8 {
    case file = 0x30, hardLink = 0x31, symlink = 0x32, characterDevice = 0x33
    case blockDevice = 0x34, directory = 0x35, fifo = 0x36
    case paxHeader = 0x78, gnuLongName = 0x4C, gnuLongLink = 0x4B
  }

  public private(set) var bytes: [UInt8] = []

  public init() {}

  /// A regular file.
  public mutating func file(_ name: String, _ text: String, mode: UInt32 = 0o644) {
    entry(Array(name.utf8), type: .file, mode: mode, content: Array(text.utf8))
  }

  /// A directory.
  public mutating func directory(_ name: String) {
    entry(Array(name.utf8), type: .directory, mode: 0o755)
  }

  /// A symbolic link.
  public mutating func symlink(_ name: String, to target: String) {
    entry(Array(name.utf8), type: .symlink, mode: 0o777, link: Array(target.utf8))
  }

  /// A hard link (the target may be anything, `/etc/passwd` included).
  public mutating func hardLink(_ name: String, to target: String) {
    entry(Array(name.utf8), type: .hardLink, mode: 0o644, link: Array(target.utf8))
  }

  /// A character or block device node, or a FIFO.
  public mutating func special(_ name: String, type: EntryType, major: Int = 0, minor: Int = 0) {
    entry(Array(name.utf8), type: type, mode: 0o600, major: major, minor: minor)
  }

  /// A PAX extended header whose records apply to the next entry.
  public mutating func pax(_ records: [(String, [UInt8])]) {
    var body: [UInt8] = []
    for (key, value) in records {
      let tail = Array(" \(key)=".utf8) + value + [0x0A]
      var length = tail.count + 1
      while String(length).utf8.count + tail.count != length { length += 1 }
      body += Array(String(length).utf8) + tail
    }
    entry(Array("PaxHeaders/entry".utf8), type: .paxHeader, mode: 0o644, content: body)
  }

  /// A GNU long-name header whose name applies to the next entry.
  public mutating func gnuLongName(_ name: [UInt8]) {
    entry(Array("././@LongLink".utf8), type: .gnuLongName, mode: 0o644, content: name + [0])
  }

  /// One header and its content, with the name and link target as raw bytes (cut at 100).
  public mutating func entry(_ name: [UInt8], type: EntryType, mode: UInt32, content: [UInt8] = [],
                             link: [UInt8] = [], major: Int = 0, minor: Int = 0) {
    var block = [UInt8](repeating: 0, count: 512)
    func put(_ field: [UInt8], at offset: Int, width: Int) {
      for (index, byte) in field.prefix(width).enumerated() { block[offset + index] = byte }
    }
    func octal(_ value: Int, width: Int) -> [UInt8] {
      let digits = String(value, radix: 8)
      return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8)
    }
    put(name, at: 0, width: 100)
    put(octal(Int(mode), width: 8), at: 100, width: 8)
    put(octal(0, width: 8), at: 108, width: 8)
    put(octal(0, width: 8), at: 116, width: 8)
    put(octal(content.count, width: 12), at: 124, width: 12)
    put(octal(0, width: 12), at: 136, width: 12)
    block[156] = type.rawValue
    put(link, at: 157, width: 100)
    put(Array("ustar\u{0}00".utf8), at: 257, width: 8)
    put(octal(major, width: 8), at: 329, width: 8)
    put(octal(minor, width: 8), at: 337, width: 8)
    put(Array("        ".utf8), at: 148, width: 8)
    let sum = block.reduce(0) { $0 + Int($1) }
    put(octal(sum, width: 7) + [0, 0x20], at: 148, width: 8)
    bytes += block + content
    bytes += [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
  }

  /// The archive with its two closing zero blocks.
  public var archive: [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }
}
