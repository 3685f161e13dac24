/// A parsed Dockerfile: its parser directives, instructions in order, and the problems met.
///
/// Every instruction keeps the physical lines it spans so findings point at the source.
public struct Dockerfile: Sendable, Hashable {
  /// The escape character in force (`\` unless `# escape=` says otherwise).
  public var escape: Character
  /// Parser directives found at the top (`syntax`, `escape`, `check`), lower-cased keys.
  public var directives: [String: String]
  /// Instructions in source order (ONBUILD triggers are nested in their instruction).
  public var instructions: [Instruction]
  /// Problems that did not stop parsing: unknown instructions, unterminated heredocs…
  public var issues: [DockerfileIssue]
  /// Comment lines by line number (1-based), used for inline ignores.
  public var comments: [Int: String]
  /// The build stages, each with the index range of its instructions (computed once when
  /// the instructions are set).
  public private(set) var stages: [Stage]

  public init(escape: Character = "\\", directives: [String: String] = [:],
              instructions: [Instruction] = [], issues: [DockerfileIssue] = [],
              comments: [Int: String] = [:]) {
    self.escape = escape
    self.directives = directives
    self.instructions = instructions
    self.issues = issues
    self.comments = comments
    self.stages = []
    self.stages = computeStages()
  }

  /// Recomputes `stages` after `instructions` changed.
  public mutating func refreshStages() {
    stages = computeStages()
  }

  private func computeStages() -> [Stage] {
    var result: [Stage] = []
    for (index, instruction) in instructions.enumerated() {
      guard case .from(let from) = instruction.details else { continue }
      if var last = result.popLast() {
        last.instructionRange = last.instructionRange.lowerBound..<index
        result.append(last)
      }
      result.append(Stage(index: result.count, from: from, fromLine: instruction.startLine,
                          instructionRange: index..<instructions.count))
    }
    return result
  }
}

/// One build stage: a FROM and the instructions up to the next FROM.
public struct Stage: Sendable, Hashable {
  /// Position among the stages, from 0.
  public var index: Int
  public var from: FromInstruction
  public var fromLine: Int
  /// Indices into `Dockerfile.instructions`, FROM included.
  public var instructionRange: Range<Int>
}

/// A problem in a Dockerfile, with the line it was met on.
public struct DockerfileIssue: Sendable, Hashable, CustomStringConvertible {
  /// What kind of problem.
  public enum Kind: String, Sendable, Hashable {
    case invalidDirective = "invalid-directive"
    case unknownInstruction = "unknown-instruction"
    case missingArguments = "missing-arguments"
    case unterminatedHeredoc = "unterminated-heredoc"
    case unterminatedContinuation = "unterminated-continuation"
    case invalidJSON = "invalid-json"
    case invalidFlag = "invalid-flag"
    case invalidUTF8 = "invalid-utf8"
    case unterminatedQuote = "unterminated-quote"
    case invalidVariable = "invalid-variable"
  }

  public var kind: Kind
  /// The 1-based line where it was met.
  public var line: Int
  public var message: String

  public var description: String { "line \(line): \(message)" }
}

/// A `--name=value` (or bare `--name`) flag of an instruction.
public struct InstructionFlag: Sendable, Hashable {
  public var name: String
  /// `nil` for a bare flag such as `--link`.
  public var value: String?

  public init(name: String, value: String?) {
    self.name = name
    self.value = value
  }
}

/// A heredoc attached to an instruction (`RUN <<EOF … EOF`).
public struct Heredoc: Sendable, Hashable {
  /// The terminating word.
  public var name: String
  /// The body, lines joined with `\n` (leading tabs removed for `<<-`).
  public var body: String
  /// Whether the word was quoted (the body is then not expanded).
  public var quoted: Bool
  /// Whether `<<-` was used.
  public var stripsTabs: Bool
  /// Line of the first body line.
  public var startLine: Int

}

/// The arguments of RUN, CMD, ENTRYPOINT, SHELL: exec (JSON) form or shell form.
public enum CommandForm: Sendable, Hashable {
  /// `["executable", "arg"]`
  case exec([String])
  /// `executable arg` run through the shell.
  case shell(String)
}

/// `FROM [--platform=…] image [AS name]`.
public struct FromInstruction: Sendable, Hashable {
  /// The image reference as written.
  public var image: String
  /// The image reference with build arguments expanded.
  public var expandedImage: String
  /// The stage name after `AS`, lower-cased as the builder treats it.
  public var alias: String?
  public var platform: String?


  /// The parsed image reference (of the expanded form).
  public var reference: ImageReference { ImageReference(expandedImage) }
}

/// A container image reference split into name, tag and digest.
public struct ImageReference: Sendable, Hashable {
  /// Registry and repository, e.g. `docker.io/library/debian` or `debian`.
  public var name: String
  public var tag: String?
  public var digest: String?

  /// Splits `registry:port/repo:tag@sha256:…`; a colon in the registry part is a port.
  public init(_ text: String) {
    var rest = Substring(text)
    if let at = rest.firstIndex(of: "@") {
      digest = String(rest[rest.index(after: at)...])
      rest = rest[..<at]
    } else {
      digest = nil
    }
    let lastSlash = rest.lastIndex(of: "/")
    let searchStart = lastSlash.map { rest.index(after: $0) } ?? rest.startIndex
    if let colon = rest[searchStart...].lastIndex(of: ":") {
      tag = String(rest[rest.index(after: colon)...])
      name = String(rest[..<colon])
    } else {
      tag = nil
      name = String(rest)
    }
  }

  /// Whether this names the scratch (empty) image.
  public var isScratch: Bool { name.lowercased() == "scratch" }
}

/// One `key=value` pair of ENV, ARG or LABEL.
public struct KeyValue: Sendable, Hashable {
  public var key: String
  /// `nil` for `ARG name` without a default.
  public var value: String?

  public init(key: String, value: String?) {
    self.key = key
    self.value = value
  }
}

/// HEALTHCHECK: `NONE` or a command with options.
public enum HealthcheckInstruction: Sendable, Hashable {
  case none
  case command(CommandForm)
}

/// The instruction-specific meaning of one instruction.
public indirect enum InstructionDetails: Sendable, Hashable {
  case from(FromInstruction)
  case run(CommandForm)
  case cmd(CommandForm)
  case entrypoint(CommandForm)
  case shell([String])
  /// Sources and destination, after word splitting (JSON form allowed).
  case copy(sources: [String], destination: String?)
  case add(sources: [String], destination: String?)
  case env([KeyValue])
  case arg([KeyValue])
  case label([KeyValue])
  case expose([String])
  case user(String)
  case workdir(String)
  case volume([String])
  case healthcheck(HealthcheckInstruction)
  case maintainer(String)
  case stopsignal(String)
  case onbuild(Instruction)
  /// An instruction the parser does not know (kept so line numbers stay complete).
  case unknown
}

/// One Dockerfile instruction with its source position.
public struct Instruction: Sendable, Hashable {
  /// Upper-cased keyword, e.g. `RUN`.
  public var keyword: String
  /// The argument text after the keyword and flags, continuation lines joined.
  public var arguments: String
  public var flags: [InstructionFlag]
  public var heredocs: [Heredoc]
  public var details: InstructionDetails
  /// First physical line (1-based).
  public var startLine: Int
  /// Last physical line, heredoc bodies included.
  public var endLine: Int
  /// The original text of the instruction lines (for evidence).
  public var source: String
  /// The shell commands of a RUN, parsed once by the parser (see `shellCommands`).
  public var commands: [ShellCommand]

  public init(keyword: String, arguments: String, flags: [InstructionFlag] = [],
              heredocs: [Heredoc] = [], details: InstructionDetails, startLine: Int,
              endLine: Int, source: String) {
    self.keyword = keyword
    self.arguments = arguments
    self.flags = flags
    self.heredocs = heredocs
    self.details = details
    self.startLine = startLine
    self.endLine = endLine
    self.source = source
    self.commands = []
  }

  /// The value of flag `--name`, or `nil` when absent.
  public func flag(_ name: String) -> InstructionFlag? {
    flags.first { $0.name == name }
  }

  /// The shell commands of a RUN (shell form, heredoc bodies, or `sh -c` exec form).
  public var shellCommands: [ShellCommand] { commands }

  /// Parses the RUN body into `commands`; the parser calls this once heredocs are attached.
  public mutating func parseCommands() {
    guard case .run(let form) = details else {
      commands = []
      return
    }
    commands = ShellScript.commands(of: form, heredocs: heredocs)
  }
}
