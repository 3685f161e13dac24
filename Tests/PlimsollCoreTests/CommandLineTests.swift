import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// Runs the built `plimsoll` executable (with `environment` added to this process's);
/// returns (status, stdout, stderr).
func runPlimsoll(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                 stdin: String? = nil)
  throws -> (Int32, String, String)
{
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  let output = Pipe()
  let errors = Pipe()
  let input = Pipe()
  process.standardOutput = output
  process.standardError = errors
  process.standardInput = stdin == nil ? FileHandle.nullDevice : input
  try process.run()
  if let stdin {
    input.fileHandleForWriting.write(Data(stdin.utf8))
    try? input.fileHandleForWriting.close()
  }
  let out = output.fileHandleForReading.readDataToEndOfFile()
  let err = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}

/// `runPlimsoll` without blocking a thread of the test runner's cooperative pool while the
/// process runs: the pipes are read and the exit awaited on threads of their own, so tests that
/// run long commands do not starve the tests that wait on timers (a client's deadline).
func runPlimsollAsync(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                      stdin: String? = nil) async throws -> (Int32, String, String)
{
  try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global().async {
      do {
        continuation.resume(returning: try runPlimsoll(executable, arguments, environment: environment, stdin: stdin))
      } catch {
        continuation.resume(throwing: error)
      }
    }
  }
}

@Suite struct CommandLineTests {
  @Test(.enabled(if: Requirement.executable, "the plimsoll executable is not built (swift build)"))
  func unusableInputExitsWithStatusTwoAndNamesTheProblem() throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built (swift build)")
    let scratch = try Scratch()
    try scratch.write("l0/etc/os-release", "ID=debian\n")
    try scratch.write("l0/big", [UInt8](repeating: 1, count: 200_000))
    var builder = ImageBuilder(scratch: scratch)
    builder.layers = [.init(directory: "l0", createdBy: "base")]
    let archive = try builder.writeDockerArchive("img.tar")
    let bytes = try scratch.read("img.tar")
    let cut = try scratch.write("cut.tar", Array(bytes.prefix(bytes.count / 2)))
    let tampered = try builder.writeDockerArchive("tampered.tar", tamperLayer: 0)
    let cache = scratch.path + "/cache"
    let cases: [(String, String)] = [
      (cut, "truncated tar archive"),
      (tampered, "digest mismatch"),
      (scratch.path + "/missing.tar", "no such file or directory"),
    ]
    for (input, problem) in cases {
      let (status, _, errors) = try runPlimsoll(plimsoll, ["sbom", input, "--cache-dir", cache])
      #expect(status == 2, "\(input)")
      #expect(errors.contains("plimsoll: error: ") && errors.contains(problem), "\(errors)")
    }
    let (status, output, _) = try runPlimsoll(plimsoll, ["sbom", archive, "--cache-dir", cache, "--format", "json"])
    #expect(status == 0)
    #expect(output.contains("\"packages\""))
  }

  @Test(.enabled(if: Requirement.executable, "the plimsoll executable is not built (swift build)"))
  func exitCodeFollowsThePolicy() throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built (swift build)")
    let scratch = try Scratch()
    try scratch.write("Dockerfile", "FROM debian:latest\nRUN apt-get install curl\n")
    let (failing, _, _) = try runPlimsoll(plimsoll, ["config", scratch.path + "/Dockerfile", "--exit-code", "3"])
    #expect(failing == 3)
    let (filtered, _, _) = try runPlimsoll(plimsoll, ["config", scratch.path + "/Dockerfile", "--exit-code", "3",
                                                      "--severity", "CRITICAL"])
    #expect(filtered == 0)
  }
}
