import ArgumentParser
import Foundation
import PlimsollCore

/// Writes command output, and the diagnostics every command prints the same way.
enum Output {
  /// Writes `text` to the file `path`, or to standard output.
  static func write(_ text: String, to path: String? = nil) throws {
    if let path {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }

  /// Prints `line` on standard error.
  static func diagnostic(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
}

/// Whether output goes to a terminal, and what it can show there.
struct TerminalOutput {
  var color: Bool
  var width: Int

  /// Standard output unless `file` names a file (never coloured).
  init(file: String?) {
    let environment = ProcessInfo.processInfo.environment
    color = file == nil && Terminal.wantsColor(fileDescriptor: STDOUT_FILENO, environment: environment)
    width = Terminal.width(fileDescriptor: STDOUT_FILENO, environment: environment)
  }
}

/// Runs a command body; input it cannot use (a corrupt layer, a malformed file, an engine
/// that cannot be reached) ends it with `plimsoll: error: INPUT: PROBLEM` and exit status 2.
func withInputErrors<T>(_ body: () async throws -> T) async throws -> T {
  do {
    return try await body()
  } catch let error as any UnusableInput {
    Output.diagnostic(DiagnosticLine.error(error.errorDescription ?? String(describing: error)))
    throw ExitCode(2)
  }
}

/// Ends the command with `status` unless it is 0.
func exitIfFailing(_ status: Int32) throws {
  if status != 0 { throw ExitCode(status) }
}
