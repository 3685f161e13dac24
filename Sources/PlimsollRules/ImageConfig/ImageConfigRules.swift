import Foundation
public import PlimsollFindings

/// What the image-config rules need to know about a built image: its OCI config and history,
/// plus facts the layer walk found (setuid files, world-writable directories).
///
/// Kept independent of the image sources so any source (docker-archive, OCI, registry) can
/// fill it.
public struct ImageConfigModel: Sendable, Hashable {
  /// One history entry of the image config.
  public struct HistoryEntry: Sendable, Hashable {
    public var createdBy: String
    public var emptyLayer: Bool
    /// The diffID of the layer this entry created, when it created one.
    public var layerDigest: String?

    public init(createdBy: String, emptyLayer: Bool = false, layerDigest: String? = nil) {
      self.createdBy = createdBy
      self.emptyLayer = emptyLayer
      self.layerDigest = layerDigest
    }
  }

  /// A file or directory the image ships, with its mode and the layer that wrote it last.
  public struct FileFact: Sendable, Hashable {
    public var path: String
    /// Unix permission bits (`0o4755`), when known.
    public var mode: UInt32?
    public var layerDigest: String?

    public init(path: String, mode: UInt32? = nil, layerDigest: String? = nil) {
      self.path = path
      self.mode = mode
      self.layerDigest = layerDigest
    }
  }

  /// The image name for locations, e.g. `app:1.2` or a file name.
  public var reference: String
  /// `config.User` (empty means root).
  public var user: String
  /// `config.Env` as `NAME=value` strings.
  public var env: [String]
  /// `config.ExposedPorts` keys, e.g. `22/tcp`.
  public var exposedPorts: [String]
  /// Whether `config.Healthcheck` is present with a test other than `NONE`.
  public var hasHealthcheck: Bool
  public var labels: [String: String]
  public var entrypoint: [String]
  public var cmd: [String]
  public var history: [HistoryEntry]
  /// setuid/setgid files the image ships (a file a later layer deleted is not shipped).
  public var setuidFiles: [FileFact]
  /// World-writable directories without the sticky bit the image ships.
  public var worldWritableDirectories: [FileFact]

  public init(reference: String, user: String = "", env: [String] = [], exposedPorts: [String] = [],
              hasHealthcheck: Bool = false, labels: [String: String] = [:], entrypoint: [String] = [],
              cmd: [String] = [], history: [HistoryEntry] = [], setuidFiles: [FileFact] = [],
              worldWritableDirectories: [FileFact] = []) {
    self.reference = reference
    self.user = user
    self.env = env
    self.exposedPorts = exposedPorts
    self.hasHealthcheck = hasHealthcheck
    self.labels = labels
    self.entrypoint = entrypoint
    self.cmd = cmd
    self.history = history
    self.setuidFiles = setuidFiles
    self.worldWritableDirectories = worldWritableDirectories
  }
}

/// The image-config rule table (`PLM-IMG-nnn`), Dockle-like checks on a built image.
public enum ImageConfigRules {
  typealias ImageRule = Rule<ImageConfigModel>

  static let dockle = "https://github.com/goodwithtech/dockle"

  /// The evidence of a file-mode finding: the path and, when known, its octal mode.
  static func fileEvidence(_ fact: ImageConfigModel.FileFact) -> String {
    guard let mode = fact.mode else { return fact.path }
    return "\(fact.path) (mode \(String(mode, radix: 8)))"
  }

  static func historyHits(_ model: ImageConfigModel, _ matches: (String) -> Bool) -> [RuleHit] {
    model.history.enumerated().compactMap { position, entry in
      guard matches(entry.createdBy) else { return nil }
      let redacted = SensitiveValues.redact(entry.createdBy)
      let text = redacted.count > 200 ? String(redacted.prefix(200)) + "…" : redacted
      return RuleHit(startLine: nil, evidence: "history[\(position)]: \(text)")
    }
  }

  /// Every image-config rule, in id order.
  public static let all: [Rule<ImageConfigModel>] = [
    ImageRule(
      "PLM-IMG-001", ["CIS-DI-0001", "CIS-4.1"], .medium, "Image runs as root",
      rationale: "With no `User` (or root/0) every container of this image runs as UID 0.",
      remediation: "Set `USER` to an unprivileged user in the Dockerfile.",
      references: [dockle]
    ) { model in
      ImageUser.isRoot(model.user)
        ? [RuleHit(evidence: "User: \(model.user.isEmpty ? "(empty)" : model.user)")] : []
    },
    ImageRule(
      "PLM-IMG-002", ["CIS-DI-0010"], .critical, "Secret in image environment",
      rationale: "Env values ship in the image config; anyone who can pull the image can read them.",
      remediation: "Remove the value from ENV; inject it at run time.",
      references: [dockle]
    ) { model in
      model.env.compactMap { entry in
        let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
        guard let name = parts.first else { return nil }
        let value = parts.count > 1 ? parts[1] : ""
        guard SensitiveValues.isLiteral(value),
              SensitiveValues.isSensitiveName(name) || SensitiveValues.looksLikeCredential(value)
                || SensitiveValues.containsURLCredentials(value) else { return nil }
        return RuleHit(evidence: "Env \(name)=\(SensitiveValues.maskSecret(value))")
      }
    },
    ImageRule(
      "PLM-IMG-003", ["CIS-DI-0010"], .high, "Secret in image history",
      rationale: "History `created_by` lines keep build arguments and commands, including credentials in them.",
      remediation: "Use build secrets (`RUN --mount=type=secret`) instead of ARG or inline credentials.",
      references: [dockle]
    ) { model in
      historyHits(model) { line in
        if DockerfileRules.containsURLCredentials(line) { return true }
        // Build args recorded as `|1 TOKEN=abc /bin/sh -c …`.
        let words = line.split(separator: " ")
        return words.contains { word in
          guard let equals = word.firstIndex(of: "=") else { return false }
          let name = String(word[..<equals])
          let value = String(word[word.index(after: equals)...])
          return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            && SensitiveValues.isSensitiveName(name) && SensitiveValues.isLiteral(value)
        } || words.contains { SensitiveValues.looksLikeCredential(String($0)) }
      }
    },
    ImageRule(
      "PLM-IMG-004", [], .medium, "SSH port 22 exposed",
      rationale: "An image exposing 22 usually runs sshd, a second way in that bypasses `docker exec` auditing.",
      remediation: "Remove `EXPOSE 22` and the SSH server.",
      references: [dockle]
    ) { model in
      model.exposedPorts.contains { $0 == "22" || $0.hasPrefix("22/") } ? [RuleHit(evidence: "ExposedPorts: 22")] : []
    },
    ImageRule(
      "PLM-IMG-005", ["CIS-DI-0006", "CIS-4.6"], .low, "No HEALTHCHECK",
      rationale: "Without a health check the engine and orchestrators cannot tell a hung container from a working one.",
      remediation: "Add `HEALTHCHECK CMD …` to the Dockerfile.",
      references: [dockle]
    ) { model in
      model.hasHealthcheck ? [] : [RuleHit(evidence: "Healthcheck: none")]
    },
    ImageRule(
      "PLM-IMG-006", ["CIS-DI-0009", "CIS-4.9"], .medium, "ADD of a remote URL in history",
      rationale: "ADD from a URL fetches unverified content at build time.",
      remediation: "Download with a checksum check (or `ADD --checksum=`).",
      references: [dockle]
    ) { model in
      historyHits(model) { line in
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("ADD ") || trimmed.contains("#(nop) ADD ") else { return false }
        return trimmed.contains("http://") || trimmed.contains("https://")
      }
    },
    ImageRule(
      "PLM-IMG-007", ["CIS-DI-0008", "CIS-4.8"], .medium, "setuid or setgid file added",
      rationale: "setuid/setgid binaries are the classic way from a compromised user to root.",
      remediation: "Remove the bits (`chmod u-s,g-s`) on files that do not need them.",
      references: [dockle]
    ) { model in
      model.setuidFiles.map { RuleHit(evidence: fileEvidence($0)) }
    },
    ImageRule(
      "PLM-IMG-008", [], .medium, "World-writable directory without sticky bit",
      rationale: "Any process can replace files in a world-writable directory that lacks the sticky bit.",
      remediation: "Tighten permissions (`chmod o-w`) or set the sticky bit (`chmod +t`).",
      references: [dockle]
    ) { model in
      model.worldWritableDirectories.map { RuleHit(evidence: fileEvidence($0)) }
    },
    ImageRule(
      "PLM-IMG-009", ["DKL-DI-0001"], .low, "sudo used in image history",
      rationale: "sudo in a build step means the image was built as the wrong user, and sudo in the image is an escalation path.",
      remediation: "Switch with `USER root` for the build steps that need it.",
      references: [dockle]
    ) { model in
      historyHits(model) { line in
        ImageHistory.commands(line).contains { $0.program == "sudo" }
      }
    },
    ImageRule(
      "PLM-IMG-010", [], .high, "Remote script piped into a shell in history",
      rationale: "A `curl … | sh` build step ran unverified code that is now baked into the image.",
      remediation: "Download, verify a checksum or signature, then run.",
      references: [dockle]
    ) { model in
      historyHits(model) { line in
        let commands = ImageHistory.commands(line)
        for (position, command) in commands.enumerated()
        where (command.program == "curl" || command.program == "wget") && command.operatorAfter == .pipe {
          if position + 1 < commands.count, let next = commands[position + 1].program,
             ShellScript.shells.contains(next) { return true }
        }
        return false
      }
    },
  ]
}

/// Runs the image-config rules.
public enum ImageConfigScanner {
  /// The findings for one image config; locations carry the layer digest and `created_by`
  /// line for history-based rules.
  public static func scan(_ model: ImageConfigModel, ignoring ignored: Set<String> = []) -> [Finding] {
    ImageConfigRules.all.filter { rule in
      !rule.info.isIgnored(by: ignored)
    }.flatMap { rule -> [Finding] in
      rule.findings(model, path: model.reference).map { finding in
        var finding = finding
        finding.location?.startLine = nil
        finding.location?.endLine = nil
        if let evidence = finding.evidence, evidence.hasPrefix("history["),
           let close = evidence.firstIndex(of: "]"),
           let index = Int(evidence[evidence.index(evidence.startIndex, offsetBy: 8)..<close]),
           model.history.indices.contains(index) {
          finding.location?.createdBy = SensitiveValues.redact(model.history[index].createdBy)
          finding.location?.layerDigest = model.history[index].layerDigest
        }
        if rule.info.id == "PLM-IMG-007" || rule.info.id == "PLM-IMG-008",
           let fact = (model.setuidFiles + model.worldWritableDirectories).first(where: {
             ImageConfigRules.fileEvidence($0) == finding.evidence
           }) {
          finding.location = Location(path: fact.path, layerDigest: fact.layerDigest)
        }
        return finding
      }
    }
  }
}
