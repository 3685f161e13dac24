import Foundation

/// The built `plimsoll` executable beside the test bundle, or nil (`Requirement.executable`
/// decides whether a test without it is skipped or fails).
public func plimsollExecutable() -> String? {
  var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
  for _ in 0..<4 {
    let candidate = directory.appendingPathComponent("plimsoll").path
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    directory.deleteLastPathComponent()
  }
  let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent(".build/debug/plimsoll").path
  if FileManager.default.isExecutableFile(atPath: fallback) { return fallback }
  return nil
}

/// Whether a test that needs the command `name` should run: when it is on PATH, and always
/// in CI (`CI=true`), where a missing tool must fail the test rather than skip it.
public func runsWithTool(_ name: String) -> Bool {
  let environment = ProcessInfo.processInfo.environment
  if environment["CI"] == "true" { return true }
  return (environment["PATH"] ?? "").split(separator: ":").contains {
    FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
  }
}
