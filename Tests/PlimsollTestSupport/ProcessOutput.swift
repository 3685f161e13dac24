import Foundation

/// Runs a program found on PATH and collects what it printed: the one way the test support
/// starts processes (standard error is read on its own thread, so neither pipe can fill up
/// and stall the program).
public enum ProcessOutput {
  /// The exit status and both outputs of `arguments` run in `directory`, fed `stdin`.
  public static func run(_ arguments: [String], in directory: URL? = nil, stdin: Data? = nil,
                         environment: [String: String]? = nil) throws -> (status: Int32, output: Data, errors: Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let output = Pipe()
    let errors = Pipe()
    let input = Pipe()
    process.standardOutput = output
    process.standardError = errors
    if stdin != nil { process.standardInput = input }
    try process.run()
    let errorData = ErrorBuffer()
    let reader = Thread { errorData.data = errors.fileHandleForReading.readDataToEndOfFile(); errorData.done.signal() }
    reader.start()
    if let stdin {
      input.fileHandleForWriting.write(stdin)
      try input.fileHandleForWriting.close()
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    errorData.done.wait()
    process.waitUntilExit()
    return (process.terminationStatus, data, errorData.data)
  }

  /// Standard error, filled by the reader thread.
  final class ErrorBuffer: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
  }
}
