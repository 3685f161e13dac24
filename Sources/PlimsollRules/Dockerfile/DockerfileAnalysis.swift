/// Views over a parsed Dockerfile that several rules share.
extension Dockerfile {
  /// Every RUN instruction with its parsed shell commands.
  var runs: [(instruction: Instruction, commands: [ShellCommand])] {
    instructions.compactMap { instruction in
      guard case .run = instruction.details else { return nil }
      return (instruction, instruction.shellCommands)
    }
  }

  /// Each RUN command with its instruction, flattened.
  var runCommands: [(instruction: Instruction, command: ShellCommand)] {
    runs.flatMap { run in run.commands.map { (run.instruction, $0) } }
  }

  /// The instructions of `stage`.
  public func instructions(of stage: Stage) -> ArraySlice<Instruction> {
    let range = stage.instructionRange.clamped(to: instructions.indices)
    return instructions[range]
  }

  /// The last build stage (the image that is shipped).
  var finalStage: Stage? { stages.last }

  /// Stage aliases defined before stage `index`.
  func aliases(before index: Int) -> Set<String> {
    Set(stages.prefix(index).compactMap(\.from.alias))
  }

  /// The earlier stage `stage` builds on (its FROM names that stage's alias), if any.
  public func parentStage(of stage: Stage) -> Stage? {
    guard isStageReference(stage) else { return nil }
    return stages.prefix(stage.index).last { $0.from.alias == stage.from.image.lowercased() }
  }

  /// Whether the stage's FROM names an earlier stage rather than an image.
  public func isStageReference(_ stage: Stage) -> Bool {
    let earlier = aliases(before: stage.index)
    return earlier.contains(stage.from.image.lowercased())
      || earlier.contains(stage.from.expandedImage.lowercased())
  }
}

extension ShellCommand {
  /// Whether this command is `program subcommand …` for one of `programs`.
  func isInvocation(of programs: Set<String>, subcommands: Set<String>) -> Bool {
    guard let program, programs.contains(program), let subcommand else { return false }
    return subcommands.contains(subcommand)
  }

  /// The pip command this is (`pip install`, `python -m pip install`), normalised to
  /// `pip …` words; `nil` when it is not pip.
  var pipInvocation: ShellCommand? {
    guard let program else { return nil }
    if program.hasPrefix("pip"), program.dropFirst(3).allSatisfy({ $0.isNumber || $0 == "." }) {
      return self
    }
    if program.hasPrefix("python"), words.count >= 3, words[1] == "-m",
       words[2] == "pip" || words[2].hasPrefix("pip3") {
      var copy = self
      copy.words = Array(words.dropFirst(2))
      return copy
    }
    return nil
  }

  /// Package operands of an install command, skipping flags and the values of `valued`
  /// flags and the subcommand itself.
  func packages(valued: Set<String>) -> [String] {
    operands(afterSubcommand: true, optionsWithValue: valued)
  }
}

/// Small text helpers for rules.
enum RuleText {
  /// Whether `text` contains `$` variable syntax.
  static func hasVariable(_ text: String) -> Bool { text.contains("$") }
}
