import PlimsollFindings

extension DockerfileRules {
  static let pipValued: Set<String> = [
    "-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-f",
    "--find-links", "--trusted-host", "-t", "--target", "--prefix", "--root", "--platform",
    "--python-version", "--implementation", "--abi", "--only-binary", "--no-binary",
    "--progress-bar", "--src", "-e", "--editable", "--cache-dir", "--log", "--timeout",
    "--retries", "--upgrade-strategy", "--report",
  ]

  static func isPipPinned(_ package: String) -> Bool {
    let markers = ["==", ">=", "<=", "~=", "!=", "<", ">", "@", "==="]
    if markers.contains(where: package.contains) { return true }
    if package.hasPrefix(".") || package.hasPrefix("/") || package.contains("://")
      || package.hasSuffix(".whl") || package.hasSuffix(".tar.gz") || package.hasSuffix(".zip")
      || package.contains("$") || package.hasPrefix("git+") { return true }
    return false
  }

  static func isNpmPinned(_ package: String) -> Bool {
    if package.hasPrefix(".") || package.hasPrefix("/") || package.contains("://")
      || package.hasPrefix("git") || package.hasSuffix(".tgz") || package.contains("$")
      || package.hasPrefix("file:") { return true }
    let name = package.hasPrefix("@") ? String(package.dropFirst()) : package
    guard let at = name.firstIndex(of: "@") else { return false }
    let version = name[name.index(after: at)...]
    return !version.isEmpty && version != "latest" && version != "next"
  }

  static let archiveExtensions = [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst"]

  /// Whether a shell command is `tar` extracting (`-x…`, `--extract`, `--get`, or the old
  /// dash-less `xzf` form).
  static func isTarExtract(_ command: ShellCommand) -> Bool {
    guard command.program == "tar" else { return false }
    if command.hasFlag(["--extract", "--get"], short: "x") { return true }
    guard let first = command.arguments.first, !first.hasPrefix("-") else { return false }
    return first.contains("x") && first.allSatisfy(\.isLetter)
  }

  static let languageRules: [DFRule] = [
    DFRule(
      "PLM-DF-072", ["DL3062"], .medium, "go install or go get without a pinned version",
      rationale: "`go install pkg`, `go get pkg` or `pkg@latest` installs whatever is newest on build day.",
      remediation: "Pin a version: `go install golang.org/x/tools/gopls@v0.15.2`.",
      references: [hadolintWiki + "DL3062"]
    ) { file in
      perRun(file) { _, command in
        guard command.program == "go", command.subcommand == "install" || command.subcommand == "get"
        else { return false }
        return command.operands().contains { package in
          if package.hasPrefix(".") || package.hasPrefix("/") || package.contains("$") { return false }
          guard let at = package.lastIndex(of: "@") else { return true }
          return package[package.index(after: at)...] == "latest"
        }
      }
    },
    DFRule(
      "PLM-DF-073", ["DL3010"], .low, "Archive copied and then extracted with tar",
      rationale: "COPY then `tar -x` keeps the archive in one layer and its contents in another; ADD extracts a local archive in one step. Unlike hadolint, the dash-less `tar xzf` form also counts as extraction.",
      remediation: "Use `ADD app.tar.gz /opt/` for local archives (or extract from a bind mount).",
      references: [hadolintWiki + "DL3010"]
    ) { file in
      // Like hadolint, only the final stage matters: earlier stages are not shipped.
      var hits: [RuleHit] = []
      for stage in file.stages.suffix(1) {
        let instructions = Array(file.instructions(of: stage))
        for (position, instruction) in instructions.enumerated() {
          guard case .copy(let sources, _) = instruction.details, instruction.flag("from") == nil else { continue }
          let archives = sources.compactMap { source -> String? in
            let name = source.split(separator: "/").last.map(String.init) ?? source
            return archiveExtensions.contains(where: { name.lowercased().hasSuffix($0) }) ? name : nil
          }
          guard !archives.isEmpty else { continue }
          let extracted = instructions.dropFirst(position + 1).contains { later in
            later.shellCommands.contains { command in
              isTarExtract(command) && command.arguments.contains { argument in
                archives.contains(argument.split(separator: "/").last.map(String.init) ?? argument)
              }
            }
          }
          if extracted { hits.append(RuleHit(instruction)) }
        }
      }
      return hits
    },
    DFRule(
      "PLM-DF-026", ["DL3042"], .low, "pip install without --no-cache-dir",
      rationale: "pip's download cache stays in the layer and adds size.",
      remediation: "Use `pip install --no-cache-dir`, set `PIP_NO_CACHE_DIR=1`, or a cache mount.",
      references: [hadolintWiki + "DL3042"]
    ) { file in
      let envDisables = file.instructions.contains { instruction in
        guard case .env(let pairs) = instruction.details else { return false }
        return pairs.contains { $0.key == "PIP_NO_CACHE_DIR" }
      }
      if envDisables { return [] }
      return perRun(file) { instruction, command in
        guard let pip = command.pipInvocation, pip.subcommand == "install" else { return false }
        if pip.hasFlag(["--no-cache-dir"]) || pip.assignments.contains(where: { $0.hasPrefix("PIP_NO_CACHE_DIR=") }) {
          return false
        }
        return !hasCacheMount(instruction, target: ".cache/pip")
      }
    },
    DFRule(
      "PLM-DF-027", ["DL3013"], .medium, "pip install without version pins",
      rationale: "Unpinned Python packages make the image depend on the day it was built.",
      remediation: "Pin versions (`pip install requests==2.32.3`) or install from a locked requirements file.",
      references: [hadolintWiki + "DL3013"]
    ) { file in
      perRun(file) { _, command in
        guard let pip = command.pipInvocation, pip.subcommand == "install" else { return false }
        if pip.hasFlag(["-r", "--requirement"]) { return false }
        let packages = pip.packages(valued: pipValued)
        return packages.contains { !isPipPinned($0) }
      }
    },
    DFRule(
      "PLM-DF-028", ["DL3016"], .medium, "npm install without version pins",
      rationale: "Unpinned npm packages make the image depend on the day it was built.",
      remediation: "Pin versions (`npm install express@4.19.2`) or use `npm ci` with a lockfile.",
      references: [hadolintWiki + "DL3016"]
    ) { file in
      perRun(file) { _, command in
        guard command.program == "npm",
              ["install", "i", "add"].contains(command.subcommand ?? "") else { return false }
        let packages = command.packages(valued: ["--prefix", "--registry", "--cache", "-C"])
        return packages.contains { !isNpmPinned($0) }
      }
    },
    DFRule(
      "PLM-DF-029", ["DL3028"], .medium, "gem install without version pins",
      rationale: "Unpinned gems make the image depend on the day it was built.",
      remediation: "Pin versions: `gem install bundler:2.5.6` or `-v 2.5.6`.",
      references: [hadolintWiki + "DL3028"]
    ) { file in
      perRun(file) { _, command in
        guard command.program == "gem", command.subcommand == "install" else { return false }
        if command.hasFlag(["-v", "--version"]) { return false }
        let packages = command.packages(valued: ["-i", "--install-dir", "-n", "--bindir", "--source", "-s", "-P", "--trust-policy"])
        return packages.contains { !$0.contains(":") && !$0.contains("$") && !$0.hasSuffix(".gem") }
      }
    },
    DFRule(
      "PLM-DF-030", ["DL3060"], .low, "yarn cache clean missing after yarn install",
      rationale: "Yarn's cache stays in the layer and adds size.",
      remediation: "End the RUN with `&& yarn cache clean`, or use a cache mount.",
      references: [hadolintWiki + "DL3060"]
    ) { file in
      file.runs.compactMap { run in
        let installs = run.commands.contains { command in
          command.program == "yarn" && (command.subcommand == "install" || command.subcommand == "add")
        }
        let cleans = run.commands.contains { command in
          command.program == "yarn" && command.words.count >= 3 && command.words[1] == "cache"
            && command.words[2] == "clean"
        }
        guard installs, !cleans, !hasCacheMount(run.instruction, target: "yarn") else { return nil }
        return RuleHit(run.instruction)
      }
    },
    DFRule(
      "PLM-DF-031", [], .low, "Whole build context copied before installing dependencies",
      rationale: "`COPY . .` before `npm ci`/`pip install -r` invalidates the dependency layer on every source change, so each build reinstalls everything.",
      remediation: "Copy only the manifest (package.json, requirements.txt, go.mod…) first, install, then copy the rest.",
      references: [bestPractices + "#leverage-build-cache"]
    ) { file in
      var hits: [RuleHit] = []
      for stage in file.stages {
        var wholeCopy: Instruction?
        for instruction in file.instructions(of: stage) {
          if case .copy(let sources, _) = instruction.details, instruction.flag("from") == nil,
             sources.contains(where: { $0 == "." || $0 == "./" }) {
            wholeCopy = wholeCopy ?? instruction
          }
          guard let copy = wholeCopy, case .run = instruction.details else { continue }
          let installs = instruction.shellCommands.contains { command in
            if let pip = command.pipInvocation, pip.subcommand == "install", pip.hasFlag(["-r", "--requirement"]) { return true }
            switch command.program {
            case "npm": return ["install", "ci", "i"].contains(command.subcommand ?? "") && command.operands().isEmpty
            case "yarn": return command.subcommand == nil || command.subcommand == "install"
            case "pnpm": return command.subcommand == "install"
            case "bundle": return command.subcommand == "install"
            case "composer": return command.subcommand == "install"
            case "go": return command.words.count >= 3 && command.words[1] == "mod" && command.words[2] == "download"
            case "poetry": return command.subcommand == "install"
            default: return false
            }
          }
          if installs {
            hits.append(RuleHit(copy))
            break
          }
        }
      }
      return hits
    },
  ]
}
