import Foundation
@testable import PlimsollCatalog
import PlimsollLayers

/// Fixture access and small process helpers for the OS cataloger tests.
enum OSFixtures {
  /// `Tests/Fixtures`.
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

  static func bytes(_ relative: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: url(relative)))
  }

  /// A `LayerFile` at `imagePath` holding the fixture's bytes.
  static func file(_ relative: String, at imagePath: String) throws -> LayerFile {
    let contents = try bytes(relative)
    return LayerFile(entry: EntryInfo(path: imagePath, size: Int64(contents.count), mode: 0o644),
                       contents: contents)
  }

  /// A `LayerFile` at `imagePath` holding `text`.
  static func file(text: String, at imagePath: String) -> LayerFile {
    let contents = Array(text.utf8)
    return LayerFile(entry: EntryInfo(path: imagePath, size: Int64(contents.count), mode: 0o644),
                       contents: contents)
  }

  /// The full path of an executable on PATH, or nil.
  static func which(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Runs a program and returns its standard output; throws when it exits non-zero.
  static func run(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ProcessFailure(command: ([executable] + arguments).joined(separator: " "),
                           status: process.terminationStatus)
    }
    return String(decoding: data, as: UTF8.self)
  }

  struct ProcessFailure: Error, CustomStringConvertible {
    var command: String
    var status: Int32
    var description: String { "\(command) exited with \(status)" }
  }

  /// A fresh temporary directory; the caller removes it.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("plimsoll-ostest-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
