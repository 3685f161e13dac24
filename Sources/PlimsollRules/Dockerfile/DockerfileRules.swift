public import PlimsollFindings

/// The Dockerfile rule table: every rule is its documentation plus one small check.
///
/// Ids are `PLM-DF-nnn`; where hadolint has the same check its `DLnnnn` code is an alias, so
/// `# hadolint ignore=DL3008` and `--ignore DL3008` work unchanged.
public enum DockerfileRules {
  typealias DFRule = Rule<Dockerfile>

  static let hadolintWiki = "https://github.com/hadolint/hadolint/wiki/"
  static let bestPractices =
    "https://docs.docker.com/build/building/best-practices/"
  static let reference = "https://docs.docker.com/reference/dockerfile/"

  /// Every Dockerfile rule, in id order.
  public static let all: [Rule<Dockerfile>] =
    userAndBaseRules + packageRules + languageRules + instructionRules + securityRules

  // MARK: - Shared checks

  /// One hit per RUN instruction for which `matches` holds on any command.
  static func perRun(_ file: Dockerfile, _ matches: (Instruction, ShellCommand) -> Bool)
    -> [RuleHit]
  {
    file.runs.compactMap { run in
      run.commands.contains { matches(run.instruction, $0) } ? RuleHit(run.instruction) : nil
    }
  }

  /// One hit per instruction of `keyword` for which `matches` holds.
  static func perInstruction(_ file: Dockerfile, _ keyword: String,
                             _ matches: (Instruction) -> Bool) -> [RuleHit] {
    file.instructions.filter { $0.keyword == keyword && matches($0) }.map { RuleHit($0) }
  }

  /// Package-manager facts: which programs, which install subcommands, which flags take values.
  struct PackageManager: Sendable {
    var programs: Set<String>
    var installs: Set<String>
    var valued: Set<String>

    func isInstall(_ command: ShellCommand) -> Bool {
      guard let program = command.program, programs.contains(program) else { return false }
      return subcommand(of: command).map(installs.contains) ?? false
    }

    func isUse(_ command: ShellCommand) -> Bool {
      command.program.map(programs.contains) ?? false
    }

    func subcommand(of command: ShellCommand) -> String? {
      var skipNext = false
      for argument in command.arguments {
        if skipNext {
          skipNext = false
          continue
        }
        if argument.hasPrefix("-") {
          if valued.contains(argument) { skipNext = true }
          continue
        }
        return argument
      }
      return nil
    }

    func packages(of command: ShellCommand) -> [String] {
      command.packages(valued: valued)
    }
  }

  static let apt = PackageManager(
    programs: ["apt-get"], installs: ["install"],
    valued: ["-o", "-c", "-t", "--option", "--config-file", "--target-release"])
  static let apk = PackageManager(
    programs: ["apk"], installs: ["add"],
    valued: ["-X", "--repository", "-t", "--virtual", "-p", "--root", "--arch", "--cache-dir",
             "--keys-dir", "--repositories-file"])
  static let yum = PackageManager(
    programs: ["yum"], installs: ["install", "groupinstall", "localinstall"],
    valued: ["-c", "--config", "--installroot", "--enablerepo", "--disablerepo", "-x",
             "--exclude", "--setopt", "--releasever"])
  static let dnf = PackageManager(
    programs: ["dnf", "microdnf"], installs: ["install", "groupinstall", "localinstall"],
    valued: ["-c", "--config", "--installroot", "--enablerepo", "--disablerepo", "-x",
             "--exclude", "--setopt", "--releasever"])
  static let zypper = PackageManager(
    programs: ["zypper"], installs: ["install", "in"],
    valued: ["-r", "--repo", "-t", "--type", "--from"])

  static func hasCacheMount(_ instruction: Instruction, target: String) -> Bool {
    instruction.flags.contains { flag in
      guard flag.name == "mount", let value = flag.value else { return false }
      // A tmpfs mount, like a cache mount, leaves nothing under `target` in the layer.
      return (value.contains("type=cache") || value.contains("type=tmpfs")) && value.contains(target)
    }
  }

  static func isRoot(_ user: String) -> Bool {
    !user.isEmpty && ImageUser.isRoot(user)
  }

  /// Whether an apt/apk/zypper package operand carries a version. A variable in the name
  /// (`postgresql-$PG_MAJOR`) does not pin a version, as hadolint also holds.
  static func isEqualsPinned(_ package: String) -> Bool {
    package.contains("=") || package.hasSuffix(".deb") || package.hasPrefix("/")
      || package.hasPrefix("./")
  }

  /// Whether a yum/dnf package operand carries a version (`name-1.2`).
  static func isDashPinned(_ package: String) -> Bool {
    if package.hasSuffix(".rpm") || package.hasPrefix("/") || package.hasPrefix("@") { return true }
    let parts = package.split(separator: "-")
    return parts.dropFirst().contains { $0.first?.isNumber ?? false }
  }

  // MARK: - User and base image

  /// Whether `command` is `rm -rf` of one of the package caches `directories` (or their
  /// contents), which hadolint accepts in place of `yum clean all` / `dnf clean all`.
  static func removesCache(_ command: ShellCommand, _ directories: [String]) -> Bool {
    guard command.program == "rm", command.has("-rf") else { return false }
    return directories.contains { command.has($0) || command.has($0 + "/*") }
  }

  static let userAndBaseRules: [DFRule] = [
    DFRule(
      "PLM-DF-001", ["DL3002"], .high, "Last USER of a stage is root",
      rationale: "A container that runs as root turns any escape or RCE into root on the host's kernel interface; a stage left as root is root for every stage built on it (hadolint checks every stage).",
      remediation: "Add `USER <non-root user>` after the steps that need root.",
      references: [hadolintWiki + "DL3002", bestPractices + "#user"]
    ) { file in
      file.stages.compactMap { stage in
        let users = file.instructions(of: stage).filter { $0.keyword == "USER" }
        guard let last = users.last, case .user(let name) = last.details, isRoot(name) else {
          return nil
        }
        return RuleHit(last)
      }
    },
    DFRule(
      "PLM-DF-002", ["CKV_DOCKER_3"], .medium, "Final stage sets no USER, so it runs as root",
      rationale: "Without USER the container process runs as UID 0 unless the base image chose otherwise.",
      remediation: "Create an unprivileged user and add `USER` to the final stage.",
      references: [bestPractices + "#user"]
    ) { file in
      guard let stage = file.finalStage, !stage.from.reference.isScratch,
            !file.isStageReference(stage) else { return [] }
      let hasUser = file.instructions(of: stage).contains { $0.keyword == "USER" }
      guard !hasUser, let from = file.instructions.first(where: { $0.startLine == stage.fromLine })
      else { return [] }
      return [RuleHit(from)]
    },
    DFRule(
      "PLM-DF-003", ["DL3006"], .medium, "FROM image has no explicit tag",
      rationale: "An untagged image means `latest`, which changes under you and makes builds unreproducible.",
      remediation: "Pin a version tag (`debian:12.5-slim`) or a digest.",
      references: [hadolintWiki + "DL3006"]
    ) { file in
      file.stages.compactMap { stage in
        // As hadolint, the reference as written: one that is wholly a variable (`$BASE`)
        // is the build's to choose. Unlike hadolint, a stage reached through an ARG
        // (`FROM stage-${VARIANT}`) is a stage, not an image without a tag.
        let reference = ImageReference(stage.from.image)
        guard reference.tag == nil, reference.digest == nil, !stage.from.reference.isScratch,
              !file.isStageReference(stage), !stage.from.image.hasPrefix("$"),
              let from = file.instructions.first(where: { $0.startLine == stage.fromLine })
        else { return nil }
        return RuleHit(from)
      }
    },
    DFRule(
      "PLM-DF-004", ["DL3007", "CKV_DOCKER_7"], .medium, "FROM image uses the latest tag",
      rationale: "`latest` moves with every push; the same Dockerfile builds different images.",
      remediation: "Pin a specific version tag or a digest.",
      references: [hadolintWiki + "DL3007"]
    ) { file in
      file.stages.compactMap { stage in
        // As hadolint: the tag as written (an image name from an ARG with a literal
        // `:latest` counts; a tag from an ARG does not).
        let written = ImageReference(stage.from.image)
        guard written.tag == "latest", written.digest == nil,
              let from = file.instructions.first(where: { $0.startLine == stage.fromLine })
        else { return nil }
        return RuleHit(from)
      }
    },
    DFRule(
      "PLM-DF-005", [], .low, "FROM image is not pinned by digest",
      rationale: "A tag can be re-pointed to different content; only a digest names exact bytes.",
      remediation: "Append `@sha256:<digest>` to the image reference (tools such as Renovate keep it current).",
      references: [reference + "#from"]
    ) { file in
      file.stages.compactMap { stage in
        let reference = stage.from.reference
        guard reference.digest == nil, !reference.isScratch, !file.isStageReference(stage),
              !RuleText.hasVariable(stage.from.expandedImage),
              let from = file.instructions.first(where: { $0.startLine == stage.fromLine })
        else { return nil }
        return RuleHit(from)
      }
    },
  ]

  // MARK: - OS package managers

  static let packageRules: [DFRule] = [
    DFRule(
      "PLM-DF-006", ["DL3008"], .medium, "apt-get install without version pins",
      rationale: "Unpinned packages make the image depend on the day it was built.",
      remediation: "Pin versions: `apt-get install -y curl=7.88.1-10+deb12u5`.",
      references: [hadolintWiki + "DL3008"]
    ) { file in
      perRun(file) { _, command in
        apt.isInstall(command) && apt.packages(of: command).contains { !isEqualsPinned($0) }
      }
    },
    DFRule(
      "PLM-DF-007", ["DL3009"], .low, "apt lists are not deleted after apt-get",
      rationale: "Package lists left in /var/lib/apt/lists add megabytes to the layer. Like hadolint, only the final stage and the stages a later FROM builds on are checked; unlike hadolint, any `rm` under /var/lib/apt/lists (such as `rm -f /var/lib/apt/lists/*_*`) counts as clean-up.",
      remediation: "End the RUN with `&& rm -rf /var/lib/apt/lists/*`, or use a cache mount.",
      references: [hadolintWiki + "DL3009"]
    ) { file in
      let builtOn = Set(file.stages.map { $0.from.image.lowercased() })
      let shipped = file.stages.filter { stage in
        stage.index == file.stages.count - 1 || stage.from.alias.map { builtOn.contains($0.lowercased()) } == true
      }
      return shipped.flatMap { stage in file.instructions(of: stage) }.compactMap { instruction in
        guard case .run = instruction.details else { return nil }
        let run = (instruction: instruction, commands: instruction.commands)
        // Like hadolint: `apt-get update` is what fills the lists.
        let installs = run.commands.contains { command in
          (apt.isUse(command) || command.program == "apt") && apt.subcommand(of: command) == "update"
        }
        guard installs, !hasCacheMount(run.instruction, target: "/var/lib/apt") else { return nil }
        let cleans = run.commands.contains { command in
          command.program == "rm" && command.arguments.contains { $0.hasPrefix("/var/lib/apt/lists") }
        }
        return cleans ? nil : RuleHit(run.instruction)
      }
    },
    DFRule(
      "PLM-DF-008", ["DL3014"], .medium, "apt-get install without -y",
      rationale: "Without -y the build waits for a confirmation that never comes.",
      remediation: "Use `apt-get install -y`.",
      references: [hadolintWiki + "DL3014"]
    ) { file in
      perRun(file) { _, command in
        apt.isInstall(command)
          && !command.hasFlag(["-y", "--yes", "--assume-yes", "-qq", "-q=2", "--quiet=2"], short: "y")
      }
    },
    DFRule(
      "PLM-DF-009", ["DL3015"], .low, "apt-get install without --no-install-recommends",
      rationale: "Recommended packages add size and attack surface nobody asked for.",
      remediation: "Use `apt-get install -y --no-install-recommends`.",
      references: [hadolintWiki + "DL3015"]
    ) { file in
      perRun(file) { _, command in
        apt.isInstall(command)
          && !command.hasFlag(["--no-install-recommends"])
          && !command.arguments.contains("APT::Install-Recommends=false")
      }
    },
    DFRule(
      "PLM-DF-010", ["DL3005"], .medium, "apt-get dist-upgrade in a Dockerfile",
      rationale: "Upgrading the whole distribution inside a build hides what the base image ships and breaks reproducibility. hadolint 2.15 no longer reports DL3005; Plimsoll still does.",
      remediation: "Use a newer base image instead, or install specific fixed packages.",
      references: [hadolintWiki + "DL3005"]
    ) { file in
      perRun(file) { _, command in apt.isUse(command) && apt.subcommand(of: command) == "dist-upgrade" }
    },
    DFRule(
      "PLM-DF-011", [], .low, "apt-get upgrade in a Dockerfile",
      rationale: "A blanket upgrade makes the image depend on build day and masks an outdated base image.",
      remediation: "Rebuild on an updated base image, or pin the packages that need fixes.",
      references: [bestPractices + "#apt-get"]
    ) { file in
      perRun(file) { _, command in
        (apt.isUse(command) || command.program == "apt") && apt.subcommand(of: command) == "upgrade"
      }
    },
    DFRule(
      "PLM-DF-012", ["DL3027"], .low, "apt used instead of apt-get",
      rationale: "`apt` is an interactive front end whose CLI is not stable for scripts.",
      remediation: "Use `apt-get` or `apt-cache`.",
      references: [hadolintWiki + "DL3027"]
    ) { file in
      perRun(file) { _, command in command.program == "apt" }
    },
    DFRule(
      "PLM-DF-013", [], .low, "apt-get update without install in the same RUN",
      rationale: "A cached `apt-get update` layer leaves later installs reading stale package lists.",
      remediation: "Combine `apt-get update && apt-get install …` in one RUN.",
      references: [bestPractices + "#apt-get"]
    ) { file in
      file.runs.compactMap { run in
        let updates = run.commands.contains { apt.isUse($0) && apt.subcommand(of: $0) == "update" }
        let installs = run.commands.contains { apt.isInstall($0) || apt.isUse($0) && ["upgrade", "dist-upgrade"].contains(apt.subcommand(of: $0) ?? "") }
        return updates && !installs ? RuleHit(run.instruction) : nil
      }
    },
    DFRule(
      "PLM-DF-014", ["DL3018"], .medium, "apk add without version pins",
      rationale: "Unpinned packages make the image depend on the day it was built.",
      remediation: "Pin versions: `apk add --no-cache curl=8.5.0-r0`.",
      references: [hadolintWiki + "DL3018"]
    ) { file in
      perRun(file) { _, command in
        apk.isInstall(command) && apk.packages(of: command).contains { package in
          !isEqualsPinned(package) && !package.contains("~") && !package.contains(">")
            && !package.contains("<") && !package.hasSuffix(".apk")
        }
      }
    },
    DFRule(
      "PLM-DF-015", ["DL3019"], .low, "apk add without --no-cache",
      rationale: "The apk index cache stays in the layer.",
      remediation: "Use `apk add --no-cache`.",
      references: [hadolintWiki + "DL3019"]
    ) { file in
      perRun(file) { instruction, command in
        apk.isInstall(command) && !command.hasFlag(["--no-cache"])
          && !hasCacheMount(instruction, target: "/var/cache/apk")
      }
    },
    DFRule(
      "PLM-DF-016", ["DL3030"], .medium, "yum install without -y",
      rationale: "Without -y the build waits for a confirmation that never comes.",
      remediation: "Use `yum install -y`.",
      references: [hadolintWiki + "DL3030"]
    ) { file in
      perRun(file) { _, command in
        yum.isInstall(command) && !command.hasFlag(["-y", "--assumeyes"], short: "y")
      }
    },
    DFRule(
      "PLM-DF-017", ["DL3032"], .low, "yum clean all missing after yum",
      rationale: "The yum cache stays in the layer.",
      remediation: "End the RUN with `&& yum clean all`.",
      references: [hadolintWiki + "DL3032"]
    ) { file in
      file.runs.compactMap { run in
        let installs = run.commands.contains { yum.isInstall($0) }
        let cleans = run.commands.contains {
          (yum.isUse($0) && yum.subcommand(of: $0) == "clean") || removesCache($0, ["/var/cache/yum"])
        }
        guard installs, !cleans, !hasCacheMount(run.instruction, target: "/var/cache/yum")
        else { return nil }
        return RuleHit(run.instruction)
      }
    },
    DFRule(
      "PLM-DF-018", ["DL3033"], .medium, "yum install without version pins",
      rationale: "Unpinned packages make the image depend on the day it was built.",
      remediation: "Pin versions: `yum install -y httpd-2.4.57`.",
      references: [hadolintWiki + "DL3033"]
    ) { file in
      perRun(file) { _, command in
        yum.isInstall(command) && yum.packages(of: command).contains { !isDashPinned($0) }
      }
    },
    DFRule(
      "PLM-DF-019", ["DL3038"], .medium, "dnf install without -y",
      rationale: "Without -y the build waits for a confirmation that never comes.",
      remediation: "Use `dnf install -y`.",
      references: [hadolintWiki + "DL3038"]
    ) { file in
      perRun(file) { _, command in
        dnf.isInstall(command) && !command.hasFlag(["-y", "--assumeyes"], short: "y")
      }
    },
    DFRule(
      "PLM-DF-020", ["DL3040"], .low, "dnf clean all missing after dnf",
      rationale: "The dnf cache stays in the layer.",
      remediation: "End the RUN with `&& dnf clean all`.",
      references: [hadolintWiki + "DL3040"]
    ) { file in
      file.runs.compactMap { run in
        let installs = run.commands.contains { dnf.isInstall($0) }
        let cleans = run.commands.contains {
          (dnf.isUse($0) && dnf.subcommand(of: $0) == "clean")
            || removesCache($0, ["/var/cache/yum", "/var/cache/dnf"])
        }
        guard installs, !cleans, !hasCacheMount(run.instruction, target: "/var/cache/dnf")
        else { return nil }
        return RuleHit(run.instruction)
      }
    },
    DFRule(
      "PLM-DF-021", ["DL3041"], .medium, "dnf install without version pins",
      rationale: "Unpinned packages make the image depend on the day it was built.",
      remediation: "Pin versions: `dnf install -y httpd-2.4.57`.",
      references: [hadolintWiki + "DL3041"]
    ) { file in
      perRun(file) { _, command in
        dnf.isInstall(command) && dnf.packages(of: command).contains { !isDashPinned($0) }
      }
    },
    DFRule(
      "PLM-DF-022", ["DL3034"], .medium, "zypper install without non-interactive switch",
      rationale: "Without -n/-y the build waits for a confirmation that never comes.",
      remediation: "Use `zypper --non-interactive install` or `zypper install -y`.",
      references: [hadolintWiki + "DL3034"]
    ) { file in
      perRun(file) { _, command in
        zypper.isInstall(command)
          && !command.hasFlag(["-n", "--non-interactive", "-y", "--no-confirm"])
      }
    },
    DFRule(
      "PLM-DF-023", ["DL3035"], .medium, "zypper dist-upgrade in a Dockerfile",
      rationale: "Upgrading the whole distribution inside a build breaks reproducibility.",
      remediation: "Use a newer base image instead.",
      references: [hadolintWiki + "DL3035"]
    ) { file in
      perRun(file) { _, command in
        zypper.isUse(command) && ["dist-upgrade", "dup"].contains(zypper.subcommand(of: command) ?? "")
      }
    },
    DFRule(
      "PLM-DF-024", ["DL3036"], .low, "zypper clean missing after zypper",
      rationale: "The zypper cache stays in the layer.",
      remediation: "End the RUN with `&& zypper clean`.",
      references: [hadolintWiki + "DL3036"]
    ) { file in
      file.runs.compactMap { run in
        let installs = run.commands.contains { zypper.isInstall($0) }
        let cleans = run.commands.contains {
          zypper.isUse($0) && ["clean", "cc"].contains(zypper.subcommand(of: $0) ?? "")
        }
        return installs && !cleans ? RuleHit(run.instruction) : nil
      }
    },
    DFRule(
      "PLM-DF-025", ["DL3037"], .medium, "zypper install without version pins",
      rationale: "Unpinned packages make the image depend on the day it was built.",
      remediation: "Pin versions: `zypper install -y httpd=2.4.57`.",
      references: [hadolintWiki + "DL3037"]
    ) { file in
      perRun(file) { _, command in
        zypper.isInstall(command) && zypper.packages(of: command).contains { package in
          !isEqualsPinned(package) && !package.contains(">") && !package.contains("<")
            && !package.hasSuffix(".rpm")
        }
      }
    },
  ]
}
