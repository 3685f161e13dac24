import Foundation
import PlimsollEngine
import PlimsollFindings
import PlimsollRuntime

/// Parses `docker diff` output, expecting every line to be well formed.
func parseDockerDiff(_ text: String) -> [ContainerChange] {
  DockerDiff.parse(text, input: "docker diff").changes
}

/// The drift fixtures folder.
let driftFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("Fixtures/drift")

/// Writes ustar archives entry by entry, so a test can make what GNU tar refuses to
/// (`../../etc/passwd`, hard links to anything, truncated files).
struct DriftTarWriter {
  private(set) var bytes: [UInt8] = []

  mutating func file(_ name: String, _ content: [UInt8], mode: UInt32 = 0o644) {
    header(name, type: "0", mode: mode, size: content.count)
    bytes += content
    bytes += [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
  }

  mutating func file(_ name: String, _ text: String, mode: UInt32 = 0o644) {
    file(name, Array(text.utf8), mode: mode)
  }

  mutating func directory(_ name: String, mode: UInt32 = 0o755) {
    header(name, type: "5", mode: mode, size: 0)
  }

  mutating func symlink(_ name: String, to target: String) {
    header(name, type: "2", mode: 0o777, size: 0, link: target)
  }

  mutating func hardlink(_ name: String, to target: String, mode: UInt32 = 0o644) {
    header(name, type: "1", mode: mode, size: 0, link: target)
  }

  /// The archive with its two zero blocks.
  var archive: [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }

  private mutating func header(_ name: String, type: Character, mode: UInt32, size: Int,
                               link: String = "") {
    var block = [UInt8](repeating: 0, count: 512)
    func put(_ text: String, at offset: Int) {
      for (index, byte) in text.utf8.enumerated() { block[offset + index] = byte }
    }
    func octal(_ value: Int, width: Int) -> String {
      let digits = String(value, radix: 8)
      return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
    }
    put(name, at: 0)
    put(octal(Int(mode), width: 8), at: 100)
    put(octal(0, width: 8), at: 108)
    put(octal(0, width: 8), at: 116)
    put(octal(size, width: 12), at: 124)
    put(octal(0, width: 12), at: 136)
    put(String(type), at: 156)
    put(link, at: 157)
    put("ustar\u{0}00", at: 257)
    put("        ", at: 148)
    let sum = block.reduce(0) { $0 + Int($1) }
    put(octal(sum, width: 7) + "\u{0} ", at: 148)
    bytes += block
  }
}

/// An ELF-looking program body: the magic and some bytes.
func elfBytes(_ marker: String) -> [UInt8] {
  [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + Array(marker.utf8)
}

/// `sha256:<hex>` of bytes, with the system's sha256sum (an oracle independent of the code).
func sha256Oracle(_ bytes: [UInt8]) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["sha256sum"]
  let input = Pipe()
  let output = Pipe()
  process.standardInput = input
  process.standardOutput = output
  try process.run()
  input.fileHandleForWriting.write(Data(bytes))
  try input.fileHandleForWriting.close()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return "sha256:" + String(decoding: data.prefix(64), as: UTF8.self)
}

/// The findings as `(path, id, severity)` triples, in report order.
func summary(_ report: FindingReport) -> [String] {
  report.findings.map { "\($0.location?.path ?? "") \($0.id) \($0.severity.rawValue)" }
}
