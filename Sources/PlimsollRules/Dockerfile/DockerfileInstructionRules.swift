import PlimsollFindings

extension DockerfileRules {
  static func isAbsolutePath(_ path: String) -> Bool {
    let unquoted = path.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    if unquoted.hasPrefix("/") || unquoted.hasPrefix("$") { return true }
    // Windows drive paths: C:\ or C:/
    let chars = Array(unquoted)
    return chars.count >= 2 && chars[0].isLetter && chars[1] == ":"
  }

  /// Hits on every instruction of `keyword` after the first, per stage.
  static func repeatedPerStage(_ file: Dockerfile, _ keyword: String) -> [RuleHit] {
    file.stages.flatMap { stage in
      file.instructions(of: stage).filter { $0.keyword == keyword }.dropFirst().map { RuleHit($0) }
    }
  }

  static func isValidLabelKey(_ key: String) -> Bool {
    let reserved = ["com.docker.", "io.docker.", "org.dockerproject."]
    if reserved.contains(where: key.hasPrefix) { return false }
    guard let first = key.first, let last = key.last else { return false }
    let allowed: (Character) -> Bool = { ($0.isLowercase && $0.isASCII) || ($0.isNumber && $0.isASCII) || $0 == "." || $0 == "-" || $0 == "_" }
    guard key.allSatisfy(allowed), first.isLetter || first.isNumber, last.isLetter || last.isNumber
    else { return false }
    return !key.contains("..") && !key.contains("--")
  }

  static let instructionRules: [DFRule] = [
    DFRule(
      "PLM-DF-032", ["DL3000"], .medium, "WORKDIR is not an absolute path",
      rationale: "A relative WORKDIR depends on the previous WORKDIR and is easy to misread.",
      remediation: "Use an absolute path: `WORKDIR /app`.",
      references: [hadolintWiki + "DL3000"]
    ) { file in
      perInstruction(file, "WORKDIR") { instruction in
        guard case .workdir(let path) = instruction.details else { return false }
        return !path.isEmpty && !isAbsolutePath(path)
      }
    },
    DFRule(
      "PLM-DF-033", ["DL3011"], .high, "EXPOSE port outside 0–65535",
      rationale: "A port number above 65535 does not exist; the image metadata is wrong.",
      remediation: "Use a valid port number.",
      references: [hadolintWiki + "DL3011"]
    ) { file in
      perInstruction(file, "EXPOSE") { instruction in
        guard case .expose(let ports) = instruction.details else { return false }
        return ports.contains { port in
          let number = port.split(separator: "/").first.map(String.init) ?? port
          return number.split(separator: "-").contains { part in
            guard let value = Int(part) else { return false }
            return value > 65535
          }
        }
      }
    },
    DFRule(
      "PLM-DF-034", ["DL3012"], .medium, "More than one HEALTHCHECK in a stage",
      rationale: "Only the last HEALTHCHECK takes effect; the others mislead readers.",
      remediation: "Keep a single HEALTHCHECK per stage.",
      references: [hadolintWiki + "DL3012"]
    ) { file in repeatedPerStage(file, "HEALTHCHECK") },
    DFRule(
      "PLM-DF-035", ["DL4003"], .medium, "More than one CMD in a stage",
      rationale: "Only the last CMD takes effect; the others mislead readers.",
      remediation: "Keep a single CMD per stage.",
      references: [hadolintWiki + "DL4003"]
    ) { file in repeatedPerStage(file, "CMD") },
    DFRule(
      "PLM-DF-036", ["DL4004"], .medium, "More than one ENTRYPOINT in a stage",
      rationale: "Only the last ENTRYPOINT takes effect; the others mislead readers.",
      remediation: "Keep a single ENTRYPOINT per stage.",
      references: [hadolintWiki + "DL4004"]
    ) { file in repeatedPerStage(file, "ENTRYPOINT") },
    DFRule(
      "PLM-DF-037", ["DL3021"], .high, "COPY with several sources to a destination not ending in /",
      rationale: "The builder rejects several sources unless the destination is a directory.",
      remediation: "End the destination with `/`.",
      references: [hadolintWiki + "DL3021"]
    ) { file in
      perInstruction(file, "COPY") { instruction in
        guard case .copy(let sources, let destination) = instruction.details,
              let destination, instruction.heredocs.isEmpty else { return false }
        return sources.count > 1 && !destination.hasSuffix("/")
      }
    },
    DFRule(
      "PLM-DF-038", ["DL3022"], .medium, "COPY --from names no earlier stage",
      rationale: "A `--from` that is not an earlier stage is fetched as an image, which is rarely what was meant.",
      remediation: "Name a stage defined earlier with `FROM … AS name`, or a full image reference.",
      references: [hadolintWiki + "DL3022"]
    ) { file in
      file.stages.flatMap { stage in
        let earlier = file.aliases(before: stage.index)
        return file.instructions(of: stage).compactMap { instruction -> RuleHit? in
          guard instruction.keyword == "COPY", let from = instruction.flag("from")?.value?.lowercased()
          else { return nil }
          if earlier.contains(from) || from.contains(":") || from.contains("/")
            || from.contains("$") || from == stage.from.alias { return nil }
          if let number = Int(from), number < stage.index { return nil }
          return RuleHit(instruction)
        }
      }
    },
    DFRule(
      "PLM-DF-039", ["DL3023"], .high, "COPY --from names its own stage",
      rationale: "A stage cannot copy from itself; the build fails.",
      remediation: "Copy from an earlier stage.",
      references: [hadolintWiki + "DL3023"]
    ) { file in
      file.stages.flatMap { stage in
        file.instructions(of: stage).compactMap { instruction -> RuleHit? in
          guard instruction.keyword == "COPY", let from = instruction.flag("from")?.value?.lowercased(),
                from == stage.from.alias || Int(from) == stage.index else { return nil }
          return RuleHit(instruction)
        }
      }
    },
    DFRule(
      "PLM-DF-040", ["DL3024"], .high, "Duplicate stage name",
      rationale: "Two stages with one name make `--from` and `--target` ambiguous.",
      remediation: "Give every `FROM … AS name` a unique name.",
      references: [hadolintWiki + "DL3024"]
    ) { file in
      var seen: Set<String> = []
      return file.stages.compactMap { stage in
        guard let alias = stage.from.alias else { return nil }
        defer { seen.insert(alias) }
        guard seen.contains(alias),
              let from = file.instructions.first(where: { $0.startLine == stage.fromLine })
        else { return nil }
        return RuleHit(from)
      }
    },
    DFRule(
      "PLM-DF-041", ["DL3025"], .medium, "CMD, ENTRYPOINT or HEALTHCHECK in shell form",
      rationale: "Shell form runs under `/bin/sh -c`, so the process does not get signals (no clean shutdown).",
      remediation: "Use the JSON form: `CMD [\"app\", \"--flag\"]`.",
      references: [hadolintWiki + "DL3025"]
    ) { file in
      file.instructions.compactMap { instruction in
        switch instruction.details {
        case .cmd(.shell), .entrypoint(.shell), .healthcheck(.command(.shell)): return RuleHit(instruction)
        default: return nil
        }
      }
    },
    DFRule(
      "PLM-DF-042", ["DL3029"], .low, "FROM with a fixed --platform",
      rationale: "A hard-coded platform breaks multi-platform builds and emulates silently.",
      remediation: "Drop `--platform`, or use `--platform=$BUILDPLATFORM`.",
      references: [hadolintWiki + "DL3029"]
    ) { file in
      perInstruction(file, "FROM") { instruction in
        guard let platform = instruction.flag("platform")?.value else { return false }
        return !platform.contains("$")
      }
    },
    DFRule(
      "PLM-DF-043", ["DL3043"], .high, "ONBUILD triggers ONBUILD, FROM or MAINTAINER",
      rationale: "The builder rejects these instructions as ONBUILD triggers.",
      remediation: "Remove the trigger.",
      references: [hadolintWiki + "DL3043"]
    ) { file in
      perInstruction(file, "ONBUILD") { instruction in
        guard case .onbuild(let nested) = instruction.details else { return false }
        return ["ONBUILD", "FROM", "MAINTAINER"].contains(nested.keyword)
      }
    },
    DFRule(
      "PLM-DF-044", ["DL3044"], .medium, "ENV refers to a variable set in the same ENV",
      rationale: "Within one ENV every value is expanded before any is set, so the reference sees the old value.",
      remediation: "Split into two ENV instructions.",
      references: [hadolintWiki + "DL3044"]
    ) { file in
      var defined: Set<String> = []
      var hits: [RuleHit] = []
      for instruction in file.instructions {
        if case .from = instruction.details { defined = [] }
        if case .arg(let pairs) = instruction.details { defined.formUnion(pairs.map(\.key)) }
        guard case .env(let pairs) = instruction.details else { continue }
        let raw = WordLexer(escape: file.escape).words(instruction.arguments)
        var earlier: [String] = []
        var hit = false
        for word in raw {
          guard let equals = word.firstIndex(of: "=") else { break }
          let key = String(word[..<equals])
          let value = word[word.index(after: equals)...]
          for name in earlier where !defined.contains(name) && references(value, name) { hit = true }
          earlier.append(key)
        }
        if hit { hits.append(RuleHit(instruction)) }
        defined.formUnion(pairs.map(\.key))
      }
      return hits
    },
    DFRule(
      "PLM-DF-045", ["DL3045"], .medium, "COPY to a relative destination without WORKDIR",
      rationale: "Without WORKDIR a relative destination depends on the base image's working directory.",
      remediation: "Set `WORKDIR` first or use an absolute destination.",
      references: [hadolintWiki + "DL3045"]
    ) { file in
      var workdirByAlias: [String: Bool] = [:]
      var hits: [RuleHit] = []
      for stage in file.stages {
        var hasWorkdir = workdirByAlias[stage.from.image.lowercased()] ?? false
        for instruction in file.instructions(of: stage) {
          if instruction.keyword == "WORKDIR" { hasWorkdir = true }
          guard !hasWorkdir, case .copy(_, let destination) = instruction.details,
                let destination, !isAbsolutePath(destination) else { continue }
          hits.append(RuleHit(instruction))
        }
        if let alias = stage.from.alias { workdirByAlias[alias] = hasWorkdir }
      }
      return hits
    },
    DFRule(
      "PLM-DF-046", ["DL3048"], .low, "Invalid LABEL key",
      rationale: "Label keys should be lower-case reverse-DNS names outside Docker's reserved namespaces.",
      remediation: "Use keys like `org.opencontainers.image.source`.",
      references: [hadolintWiki + "DL3048", "https://docs.docker.com/engine/manage-resources/labels/"]
    ) { file in
      perInstruction(file, "LABEL") { instruction in
        guard case .label(let pairs) = instruction.details else { return false }
        return pairs.contains { !isValidLabelKey($0.key) && !$0.key.contains("$") }
      }
    },
    DFRule(
      "PLM-DF-047", ["DL3059"], .low, "Consecutive RUN instructions",
      rationale: "Each RUN adds a layer; consecutive ones can usually be merged.",
      remediation: "Join consecutive RUNs with `&&`.",
      references: [hadolintWiki + "DL3059"]
    ) { file in
      var hits: [RuleHit] = []
      var previous: Instruction?
      var posixShell = true
      /// Commands in a RUN as counted here: a script for a non-POSIX SHELL (PowerShell,
      /// cmd) is one command, since the shell-script reader cannot split it.
      func commandCount(_ instruction: Instruction) -> Int {
        posixShell ? instruction.shellCommands.count : 1
      }
      for instruction in file.instructions {
        if instruction.keyword == "FROM" { posixShell = true }
        if case .shell(let words) = instruction.details {
          let shell = words.first.map { $0.split(separator: "/").last.map(String.init) ?? $0 } ?? ""
          posixShell = ShellScript.shells.contains(shell)
        }
        // Like hadolint, only single-command RUNs count: a RUN that already chains
        // commands is taken as deliberately separate.
        if instruction.keyword == "RUN", let before = previous, before.keyword == "RUN",
           before.flags == instruction.flags, commandCount(before) == 1,
           commandCount(instruction) == 1 {
          hits.append(RuleHit(instruction))
        }
        previous = instruction
      }
      return hits
    },
    DFRule(
      "PLM-DF-048", ["DL4000", "CKV_DOCKER_6"], .low, "MAINTAINER is deprecated",
      rationale: "MAINTAINER is deprecated; a label carries the same information.",
      remediation: "Use `LABEL org.opencontainers.image.authors=\"name <email>\"`.",
      references: [hadolintWiki + "DL4000", reference + "#maintainer-deprecated"]
    ) { file in perInstruction(file, "MAINTAINER") { _ in true } },
    DFRule(
      "PLM-DF-049", ["DL3057", "CKV_DOCKER_2"], .low, "Final stage has no HEALTHCHECK",
      rationale: "Without a health check, orchestrators only know the process is alive, not that it works. hadolint has DL3057 but leaves it off by default.",
      remediation: "Add `HEALTHCHECK CMD …` (or `HEALTHCHECK NONE` to state the choice).",
      references: [hadolintWiki + "DL3057", reference + "#healthcheck"]
    ) { file in
      guard let stage = file.finalStage,
            !file.instructions.contains(where: { $0.keyword == "HEALTHCHECK" }),
            let from = file.instructions.first(where: { $0.startLine == stage.fromLine })
      else { return [] }
      return [RuleHit(from)]
    },
    DFRule(
      "PLM-DF-050", ["DL3061"], .high, "Dockerfile does not begin with FROM or ARG",
      rationale: "The builder needs a base image before any build instruction.",
      remediation: "Start with `FROM` (only `ARG` may come before it).",
      references: [hadolintWiki + "DL3061"]
    ) { file in
      guard let first = file.instructions.first(where: { $0.keyword != "ARG" }),
            first.keyword != "FROM" else { return [] }
      return [RuleHit(first)]
    },
    DFRule(
      "PLM-DF-051", ["DL3020", "CKV_DOCKER_4"], .medium, "ADD used where COPY fits",
      rationale: "ADD also fetches URLs and unpacks archives; COPY says exactly what happens.",
      remediation: "Use COPY for local files and directories.",
      references: [hadolintWiki + "DL3020", bestPractices + "#add-or-copy"]
    ) { file in
      let archives = [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".gz", ".bz2", ".xz"]
      return perInstruction(file, "ADD") { instruction in
        guard case .add(let sources, _) = instruction.details, instruction.heredocs.isEmpty
        else { return false }
        return sources.contains { source in
          !source.contains("://") && !source.hasPrefix("git@")
            && !archives.contains(where: { source.lowercased().hasSuffix($0) })
        }
      }
    },
    DFRule(
      "PLM-DF-074", ["DL3065"], .low, "FROM --platform set to $TARGETPLATFORM",
      rationale: "Building for the target platform is what FROM does by default; the flag says nothing and hides the stages that really pin a platform.",
      remediation: "Drop `--platform=$TARGETPLATFORM`.",
      references: [hadolintWiki + "DL3065"]
    ) { file in
      perInstruction(file, "FROM") { instruction in
        let platform = instruction.flag("platform")?.value ?? ""
        return platform == "$TARGETPLATFORM" || platform == "${TARGETPLATFORM}"
      }
    },
    DFRule(
      "PLM-DF-075", ["DL3067"], .medium, "COPY --from copies a whole filesystem",
      rationale: "`COPY --from=stage / /` lays every file of the other stage or image, its package databases and caches included, over this one.",
      remediation: "Copy only the paths the stage produced (`COPY --from=build /out/app /usr/local/bin/`).",
      references: [hadolintWiki + "DL3067"]
    ) { file in
      perInstruction(file, "COPY") { instruction in
        // As hadolint: `/` onto `/`; copying a scratch stage's root into a directory
        // (`COPY --from=bin / /usr/bin/`) takes only what that stage made.
        guard instruction.flag("from") != nil, case .copy(let sources, let destination) = instruction.details
        else { return false }
        return sources.contains("/") && destination == "/"
      }
    },
  ]

  /// Whether `value` references `$name` or `${name…}`.
  static func references(_ value: Substring, _ name: String) -> Bool {
    if value.contains("${" + name + "}") || value.contains("${" + name + ":") { return true }
    var search = value[...]
    while let range = search.range(of: "$" + name) {
      let after = search[range.upperBound...].first
      if after == nil || !(after?.isLetter ?? false || after?.isNumber ?? false || after == "_") {
        return true
      }
      search = search[range.upperBound...]
    }
    return false
  }
}

import Foundation
