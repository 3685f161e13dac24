import Foundation

/// A temporary directory for one test, removed when the value is released.
public final class Scratch {
  public let url: URL
  public var path: String { url.path }

  public init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("plimsoll-test-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// Writes a file (creating parent directories) and returns its path.
  @discardableResult
  public func write(_ relative: String, _ text: String, mode: Int = 0o644) throws -> String {
    try write(relative, Array(text.utf8), mode: mode)
  }

  @discardableResult
  public func write(_ relative: String, _ bytes: [UInt8], mode: Int = 0o644) throws -> String {
    let file = url.appendingPathComponent(relative)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: file)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
    return file.path
  }

  /// Runs a program (found on PATH) in this directory; throws on a non-zero exit.
  @discardableResult
  public func run(_ arguments: [String], stdin: [UInt8]? = nil) throws -> [UInt8] {
    let result = try ProcessOutput.run(arguments, in: url, stdin: stdin.map { Data($0) })
    guard result.status == 0 else {
      throw NSError(domain: "Scratch", code: Int(result.status), userInfo: [
        NSLocalizedDescriptionKey: "\(arguments) failed: " + String(decoding: result.errors, as: UTF8.self)])
    }
    return Array(result.output)
  }

  public func read(_ relative: String) throws -> [UInt8] {
    Array(try Data(contentsOf: url.appendingPathComponent(relative)))
  }
}
