import PlimsollFindings

extension DockerfileRules {
  static let sensitiveFiles = [
    "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".env", ".npmrc", ".pypirc", ".netrc",
    ".git-credentials", "credentials", ".aws", ".ssh", ".docker/config.json", ".htpasswd",
    ".pgpass", ".kube/config",
  ]
  static let sensitiveExtensions = [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore"]

  static func isSensitiveFile(_ source: String) -> Bool {
    let lower = source.lowercased()
    let name = lower.split(separator: "/").last.map(String.init) ?? lower
    if name == ".env.example" || name == ".env.sample" || name == ".env.template" { return false }
    if sensitiveFiles.contains(where: { name == $0 || lower.hasSuffix("/" + $0) || lower == $0 }) {
      return true
    }
    if name.hasPrefix(".env.") { return true }
    return sensitiveExtensions.contains { name.hasSuffix($0) }
  }

  /// Whether a chmod mode grants write to everyone (777, 666, o+w, a+w).
  static func isWorldWritableMode(_ mode: String) -> Bool {
    if let last = mode.last, mode.count >= 3, mode.allSatisfy({ ("0"..."7").contains($0) }) {
      return ["2", "3", "6", "7"].contains(last)
    }
    return mode.split(separator: ",").contains { clause in
      guard let plus = clause.firstIndex(of: "+") ?? clause.firstIndex(of: "=") else { return false }
      let who = clause[..<plus]
      let what = clause[clause.index(after: plus)...]
      return (who.contains("o") || who.contains("a")) && what.contains("w")
    }
  }

  static let insecureTLSFlags: [String: [String]] = [
    "curl": ["-k", "--insecure"],
    "wget": ["--no-check-certificate"],
    "pip": ["--trusted-host"],
    "apk": ["--allow-untrusted"],
    "apt-get": ["--allow-unauthenticated", "--allow-insecure-repositories"],
    "npm": ["--strict-ssl=false"],
    "git": ["http.sslVerify=false"],
    "yum": ["--nogpgcheck"],
    "dnf": ["--nogpgcheck"],
  ]

  static let securityRules: [DFRule] = [
    DFRule(
      "PLM-DF-052", ["DL3004", "CKV2_DOCKER_1"], .high, "sudo in RUN",
      rationale: "sudo has unpredictable TTY and signal behaviour and signals that the build runs as the wrong user.",
      remediation: "Switch with `USER root` for the steps that need it, or use gosu at run time.",
      references: [hadolintWiki + "DL3004"]
    ) { file in perRun(file) { _, command in command.program == "sudo" } },
    DFRule(
      "PLM-DF-053", ["DL3003"], .low, "cd in RUN instead of WORKDIR",
      rationale: "`cd` affects only that RUN; WORKDIR is explicit and lasts.",
      remediation: "Use `WORKDIR /path`.",
      references: [hadolintWiki + "DL3003"]
    ) { file in perRun(file) { _, command in command.program == "cd" } },
    DFRule(
      "PLM-DF-054", ["DL4006"], .medium, "RUN with a pipe but without pipefail",
      rationale: "Without `set -o pipefail` a failing command before `|` is ignored and the build goes on.",
      remediation: "Add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before the RUN.",
      references: [hadolintWiki + "DL4006"]
    ) { file in
      var hits: [RuleHit] = []
      for stage in file.stages {
        var pipefail = false
        var nonPosix = false
        for instruction in file.instructions(of: stage) {
          if case .shell(let words) = instruction.details {
            pipefail = words.contains("pipefail") || words.contains { $0.hasPrefix("-") && $0.contains("o") && words.contains("pipefail") }
            let shell = words.first.map { $0.split(separator: "/").last.map(String.init) ?? $0 } ?? ""
            nonPosix = !["sh", "bash", "zsh", "ash", "dash", "ksh"].contains(shell)
          }
          guard case .run(.shell) = instruction.details, !pipefail, !nonPosix else { continue }
          let commands = instruction.shellCommands
          // `set -o pipefail` inside the RUN does not count: /bin/sh (dash, busybox) may
          // not support it, and hadolint asks for SHELL too.
          if ShellScript.hasPipe(commands) {
            hits.append(RuleHit(instruction))
          }
        }
      }
      return hits
    },
    DFRule(
      "PLM-DF-055", ["DL3001"], .low, "Command that makes no sense in a container",
      rationale: "Interactive or host-management tools (ssh, vim, service, shutdown, top…) do nothing useful in a build.",
      remediation: "Remove the command; manage processes from outside the container.",
      references: [hadolintWiki + "DL3001"]
    ) { file in
      let pointless: Set<String> = ["ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig"]
      return perRun(file) { _, command in command.program.map(pointless.contains) ?? false }
    },
    DFRule(
      "PLM-DF-056", ["DL4001"], .low, "Both wget and curl are used",
      rationale: "Two download tools in one image add size for no gain.",
      remediation: "Use one of wget or curl throughout.",
      references: [hadolintWiki + "DL4001"]
    ) { file in
      // Reported from the RUN where the second tool first appears onwards.
      var seen: Set<String> = []
      return file.runs.compactMap { run in
        let tools = Set(run.commands.compactMap(\.program).filter { $0 == "curl" || $0 == "wget" })
        seen.formUnion(tools)
        return !tools.isEmpty && seen.count == 2 ? RuleHit(run.instruction) : nil
      }
    },
    DFRule(
      "PLM-DF-057", ["DL4005"], .low, "/bin/sh replaced with ln instead of SHELL",
      rationale: "Relinking /bin/sh changes the shell for everything in the image, not just the build.",
      remediation: "Use `SHELL [\"/bin/bash\", \"-c\"]`.",
      references: [hadolintWiki + "DL4005"]
    ) { file in
      perRun(file) { _, command in command.program == "ln" && command.arguments.contains("/bin/sh") }
    },
    DFRule(
      "PLM-DF-058", ["DL3046"], .low, "useradd with a high UID but without -l",
      rationale: "Without `-l`, useradd writes a lastlog entry sized by the UID, which can bloat the layer by gigabytes.",
      remediation: "Use `useradd -l -u <uid> …`.",
      references: [hadolintWiki + "DL3046"]
    ) { file in
      perRun(file) { _, command in
        guard command.program == "useradd", !command.hasFlag(["-l", "--no-log-init"], short: "l")
        else { return false }
        let args = Array(command.arguments)
        for (position, argument) in args.enumerated() {
          var uid: String?
          if argument == "-u" || argument == "--uid", position + 1 < args.count { uid = args[position + 1] }
          if argument.hasPrefix("--uid=") { uid = String(argument.dropFirst(6)) }
          if argument.hasPrefix("-u"), argument.count > 2, argument.dropFirst(2).allSatisfy(\.isNumber) {
            uid = String(argument.dropFirst(2))
          }
          // A UID from a variable may be high too (hadolint reports it as well).
          if let uid, uid.count > 5, uid.allSatisfy(\.isNumber) || uid.hasPrefix("$") { return true }
        }
        return false
      }
    },
    DFRule(
      "PLM-DF-059", ["DL3047"], .low, "wget without --progress",
      rationale: "wget's default progress output floods build logs.",
      remediation: "Use `wget --progress=dot:giga` or `-q`.",
      references: [hadolintWiki + "DL3047"]
    ) { file in
      perRun(file) { _, command in
        command.program == "wget"
          && !command.hasFlag(["--progress", "-q", "--quiet", "-nv", "--no-verbose", "-o", "--output-file", "-a", "--append-output"], short: "q")
      }
    },
    DFRule(
      "PLM-DF-060", [], .high, "Remote script piped into a shell",
      rationale: "`curl … | sh` runs whatever the server returns, unverified, as the build user.",
      remediation: "Download to a file, verify its checksum or signature, then run it.",
      references: ["https://docs.docker.com/build/building/best-practices/#using-pipes"]
    ) { file in
      let interpreters = ShellScript.shells.union(["python", "python3", "perl", "ruby", "node", "php"])
      return file.runs.compactMap { run in
        let commands = run.commands
        let piped = commands.indices.dropLast().contains { position in
          let command = commands[position]
          guard command.program == "curl" || command.program == "wget",
                command.operatorAfter == .pipe else { return false }
          var next = commands[position + 1]
          if next.program == "sudo" { next.words = Array(next.words.dropFirst()) }
          return next.program.map(interpreters.contains) ?? false
        }
        return piped ? RuleHit(run.instruction) : nil
      }
    },
    DFRule(
      "PLM-DF-061", ["CKV_DOCKER_4"], .medium, "ADD fetches a remote URL",
      rationale: "ADD from a URL is not verified unless `--checksum` is given and re-downloads unpredictably.",
      remediation: "Use `ADD --checksum=sha256:…` or download with curl and verify the checksum.",
      references: [reference + "#add---checksum"]
    ) { file in
      perInstruction(file, "ADD") { instruction in
        guard case .add(let sources, _) = instruction.details,
              instruction.flag("checksum") == nil else { return false }
        return sources.contains { $0.hasPrefix("http://") || $0.hasPrefix("https://") }
      }
    },
    DFRule(
      "PLM-DF-062", ["DL3064"], .critical, "Secret in ENV",
      rationale: "ENV values are stored in the image config and visible to anyone who can pull the image; `ENV TOKEN=$TOKEN` stores the build argument's value there too. Unlike hadolint DL3064, an empty value and names ending in _FILE/_PATH/_URL (pointers to a secret) are not reported, while a password inside a URL value is, whatever the name.",
      remediation: "Pass secrets at run time, or use `RUN --mount=type=secret` during the build.",
      references: [reference + "#env", "https://docs.docker.com/build/building/secrets/"]
    ) { file in
      file.instructions.compactMap { instruction in
        guard case .env(let pairs) = instruction.details else { return nil }
        let secret = pairs.first { pair in
          let value = pair.value ?? ""
          let stored = !value.allSatisfy { $0 == " " || $0 == "\t" }
          return (SensitiveValues.isSensitiveName(pair.key) && stored)
            || SensitiveValues.looksLikeCredential(value) || SensitiveValues.containsURLCredentials(value)
        }
        guard let secret else { return nil }
        return RuleHit(instruction, evidence: "ENV \(secret.key)=\(SensitiveValues.maskSecret(secret.value ?? ""))")
      }
    },
    DFRule(
      "PLM-DF-063", ["DL3064"], .high, "Secret passed as a build argument",
      rationale: "ARG values are recorded in the image history (`docker history`) and build cache. Names ending in _FILE/_PATH/_URL are not reported (hadolint DL3064 reports them).",
      remediation: "Use `RUN --mount=type=secret,id=…` for build-time secrets.",
      references: ["https://docs.docker.com/build/building/secrets/"]
    ) { file in
      file.instructions.compactMap { instruction in
        guard case .arg(let pairs) = instruction.details else { return nil }
        let secret = pairs.first { pair in
          SensitiveValues.isSensitiveName(pair.key) || SensitiveValues.looksLikeCredential(pair.value ?? "")
        }
        guard let secret else { return nil }
        let shown = secret.value.map { "=" + SensitiveValues.mask($0) } ?? ""
        return RuleHit(instruction, evidence: "ARG \(secret.key)\(shown)")
      }
    },
    DFRule(
      "PLM-DF-064", ["CKV_DOCKER_1"], .medium, "SSH port 22 exposed",
      rationale: "Running sshd in a container widens the attack surface; use `docker exec` instead.",
      remediation: "Remove `EXPOSE 22` and the SSH server.",
      references: [reference + "#expose"]
    ) { file in
      perInstruction(file, "EXPOSE") { instruction in
        guard case .expose(let ports) = instruction.details else { return false }
        return ports.contains { $0 == "22" || $0.hasPrefix("22/") }
      }
    },
    DFRule(
      "PLM-DF-065", [], .medium, "World-writable permissions set",
      rationale: "Files writable by every user let any process in the container tamper with them.",
      remediation: "Grant only the owner (and group) write access, e.g. `chmod 755` / `--chmod=755`.",
      references: ["https://docs.docker.com/reference/dockerfile/#copy---chmod"]
    ) { file in
      var hits = perRun(file) { _, command in
        guard command.program == "chmod" else { return false }
        return command.arguments.contains { !$0.hasPrefix("-") && isWorldWritableMode($0) }
      }
      hits += file.instructions.filter { instruction in
        (instruction.keyword == "COPY" || instruction.keyword == "ADD")
          && (instruction.flag("chmod")?.value.map(isWorldWritableMode) ?? false)
      }.map { RuleHit($0) }
      return hits.sorted { ($0.place?.startLine ?? 0) < ($1.place?.startLine ?? 0) }
    },
    DFRule(
      "PLM-DF-066", [], .high, "Private key or credentials file copied into the image",
      rationale: "Files such as id_rsa, .env, .npmrc or *.pem stay readable in the layer even if deleted later.",
      remediation: "Use build secrets (`RUN --mount=type=secret`) and a .dockerignore.",
      references: ["https://docs.docker.com/build/building/secrets/"]
    ) { file in
      file.instructions.compactMap { instruction in
        let sources: [String]
        switch instruction.details {
        case .copy(let list, _), .add(let list, _): sources = list
        default: return nil
        }
        guard instruction.heredocs.isEmpty, let match = sources.first(where: isSensitiveFile) else { return nil }
        return RuleHit(instruction, evidence: "\(instruction.keyword) \(match)")
      }
    },
    DFRule(
      "PLM-DF-067", [], .high, "TLS or signature verification disabled",
      rationale: "`curl -k`, `--no-check-certificate`, `--allow-untrusted`, `--trusted-host` let a network attacker inject content into the build.",
      remediation: "Remove the flag and fix the certificate or key configuration instead.",
      references: []
    ) { file in
      perRun(file) { _, command in
        guard let program = command.pipInvocation != nil ? "pip" : command.program,
              let flags = insecureTLSFlags[program] else { return false }
        if program == "curl" { return command.hasFlag(["--insecure"], short: "k") }
        return command.arguments.contains { argument in
          flags.contains { argument == $0 || argument.hasPrefix($0 + "=") }
        }
      }
    },
    DFRule(
      "PLM-DF-068", [], .critical, "Credentials embedded in a URL",
      rationale: "`https://user:password@host` in a RUN or ADD is stored in the image history.",
      remediation: "Use a build secret (`RUN --mount=type=secret`) or a credential helper.",
      references: ["https://docs.docker.com/build/building/secrets/"]
    ) { file in
      file.instructions.compactMap { instruction in
        guard ["RUN", "ADD", "COPY"].contains(instruction.keyword) else { return nil }
        let text = instruction.arguments + "\n" + instruction.heredocs.map(\.body).joined(separator: "\n")
        return containsURLCredentials(text) ? RuleHit(instruction, evidence: instruction.keyword + " <url with credentials>") : nil
      }
    },
    DFRule(
      "PLM-DF-069", [], .high, "RUN with --security=insecure",
      rationale: "An insecure RUN has full host privileges during the build (like `--privileged`).",
      remediation: "Remove `--security=insecure`; find a way that needs no privileges.",
      references: [reference + "#run---security"]
    ) { file in
      perInstruction(file, "RUN") { $0.flag("security")?.value == "insecure" }
    },
    DFRule(
      "PLM-DF-070", ["DL3066"], .low, "USER names a user instead of a numeric UID",
      rationale: "A user name cannot be checked by Kubernetes `runAsNonRoot`, and resolves differently if /etc/passwd changes. Unlike hadolint, `USER $VAR` is not reported: its value is unknown until build time.",
      remediation: "Use a numeric UID (and GID): `USER 10001:10001`.",
      references: [hadolintWiki + "DL3066", "https://kubernetes.io/docs/concepts/security/pod-security-standards/"]
    ) { file in
      perInstruction(file, "USER") { instruction in
        guard case .user(let user) = instruction.details, !user.contains("$") else { return false }
        let name = user.split(separator: ":", maxSplits: 1).first.map(String.init) ?? user
        return !name.isEmpty && !name.allSatisfy(\.isNumber)
      }
    },
    DFRule(
      "PLM-DF-071", ["CKV2_DOCKER_17"], .high, "Password set with chpasswd in RUN",
      rationale: "A password piped into chpasswd is written into the image history and is the same in every container.",
      remediation: "Lock the account (`passwd -l`) or set the password at run time from a secret.",
      references: []
    ) { file in
      perRun(file) { _, command in command.program == "chpasswd" }
    },
  ]

  /// Whether `text` has `scheme://user:password@host` with a literal password.
  static func containsURLCredentials(_ text: String) -> Bool {
    SensitiveValues.containsURLCredentials(text)
  }
}
