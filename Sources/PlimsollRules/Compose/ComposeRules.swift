public import Foundation
public import PlimsollFindings
import PlimsollDiagnostics

/// The Docker Compose rule table (`PLM-DC-nnn`), run per service.
public enum ComposeRules {
  typealias DCRule = Rule<ComposeFile>

  static let composeSpec = "https://docs.docker.com/reference/compose-file/services/"
  static let cis = "CIS Docker Benchmark v1.6.0"

  /// Capabilities that give a container host-level power.
  public static let dangerousCapabilities: Set<String> = [
    "ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "DAC_READ_SEARCH", "SYS_RAWIO",
    "SYS_BOOT", "SYS_TIME", "BPF", "PERFMON", "MAC_ADMIN", "MAC_OVERRIDE", "SYSLOG",
  ]
  /// Host paths whose mount exposes the host.
  public static let sensitiveHostPaths: [String] = [
    "/", "/etc", "/proc", "/sys", "/boot", "/dev", "/root", "/var/run", "/run",
    "/var/lib/docker", "/var/lib/kubelet", "/usr", "/lib",
  ]

  /// One hit per service where `check` returns a line.
  static func perService(_ file: ComposeFile, _ check: (ComposeFile.Service) -> RuleHit?) -> [RuleHit] {
    file.services.compactMap(check)
  }

  static func hit(_ service: ComposeFile.Service, _ node: YAMLNode?, _ evidence: String) -> RuleHit {
    RuleHit(startLine: node?.line ?? service.line, evidence: "services.\(service.name): \(evidence)")
  }

  static func normalizedCapability(_ text: String) -> String {
    let upper = text.uppercased()
    return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
  }

  static func securityOptions(_ service: ComposeFile.Service) -> [YAMLNode] {
    service.node["security_opt"]?.items ?? []
  }

  static func volumes(_ service: ComposeFile.Service) -> [ComposeVolume] {
    (service.node["volumes"]?.items ?? []).compactMap(ComposeVolume.init)
  }

  static func isUnder(_ path: String, _ roots: [String]) -> Bool {
    let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    return roots.contains { root in trimmed == root || (root != "/" && trimmed.hasPrefix(root + "/")) }
  }

  /// Every Compose rule, in id order.
  public static let all: [Rule<ComposeFile>] = [
    DCRule(
      "PLM-DC-001", ["CIS-5.4"], .critical, "Service runs privileged",
      rationale: "A privileged container has every capability and all host devices: it is root on the host.",
      remediation: "Remove `privileged: true`; add only the capabilities the service needs.",
      references: [composeSpec + "#privileged"]
    ) { file in
      perService(file) { service in
        guard let node = service.node["privileged"], node.bool == true else { return nil }
        return hit(service, node, "privileged: true")
      }
    },
    DCRule(
      "PLM-DC-002", ["CIS-5.9"], .high, "Service shares the host network namespace",
      rationale: "`network_mode: host` lets the container bind and sniff every host interface.",
      remediation: "Use a bridge network and publish only the needed ports.",
      references: [composeSpec + "#network_mode"]
    ) { file in
      perService(file) { service in
        guard let node = service.node["network_mode"], node.string == "host" else { return nil }
        return hit(service, node, "network_mode: host")
      }
    },
    DCRule(
      "PLM-DC-003", ["CIS-5.15"], .high, "Service shares the host PID namespace",
      rationale: "`pid: host` lets the container see and signal every host process.",
      remediation: "Remove `pid: host`.",
      references: [composeSpec + "#pid"]
    ) { file in
      perService(file) { service in
        guard let node = service.node["pid"], node.string == "host" else { return nil }
        return hit(service, node, "pid: host")
      }
    },
    DCRule(
      "PLM-DC-004", ["CIS-5.16"], .high, "Service shares the host IPC namespace",
      rationale: "`ipc: host` exposes host shared memory and semaphores to the container.",
      remediation: "Remove `ipc: host` (use `ipc: shareable` between services if needed).",
      references: [composeSpec + "#ipc"]
    ) { file in
      perService(file) { service in
        guard let node = service.node["ipc"], node.string == "host" else { return nil }
        return hit(service, node, "ipc: host")
      }
    },
    DCRule(
      "PLM-DC-005", ["CIS-5.20", "CIS-5.30"], .medium, "Service shares the host user or UTS namespace",
      rationale: "`userns_mode: host` disables user-namespace remapping; `uts: host` lets the container change the host name.",
      remediation: "Remove `userns_mode: host` and `uts: host`.",
      references: [composeSpec + "#userns_mode"]
    ) { file in
      perService(file) { service in
        for key in ["userns_mode", "uts"] {
          if let node = service.node[key], node.string == "host" { return hit(service, node, "\(key): host") }
        }
        return nil
      }
    },
    DCRule(
      "PLM-DC-006", ["CIS-5.3"], .high, "Service adds a dangerous capability",
      rationale: "Capabilities such as SYS_ADMIN, NET_ADMIN or ALL give near-root power over the host kernel.",
      remediation: "Remove the capability from `cap_add`; grant only narrow ones such as NET_BIND_SERVICE.",
      references: [composeSpec + "#cap_add"]
    ) { file in
      perService(file) { service in
        guard let list = service.node["cap_add"] else { return nil }
        guard let bad = list.items.first(where: { dangerousCapabilities.contains(normalizedCapability($0.string ?? "")) })
        else { return nil }
        return hit(service, bad, "cap_add: \(bad.string ?? "")")
      }
    },
    DCRule(
      "PLM-DC-007", ["CIS-5.3"], .low, "Service does not drop capabilities",
      rationale: "Docker's default capability set is broader than most services need.",
      remediation: "Add `cap_drop: [ALL]` and `cap_add` only what is needed.",
      references: [composeSpec + "#cap_drop"]
    ) { file in
      perService(file) { service in
        let drops = service.node["cap_drop"]?.items.contains { normalizedCapability($0.string ?? "") == "ALL" } ?? false
        return drops ? nil : hit(service, nil, "no cap_drop: [ALL]")
      }
    },
    DCRule(
      "PLM-DC-008", ["CIS-5.31"], .critical, "Docker socket mounted into the service",
      rationale: "Access to /var/run/docker.sock is full root control of the host.",
      remediation: "Do not mount the Docker socket; use a narrowly scoped API proxy if a service must talk to Docker.",
      references: [composeSpec + "#volumes"]
    ) { file in
      perService(file) { service in
        guard let volume = volumes(service).first(where: { ($0.source ?? "").hasSuffix("docker.sock") })
        else { return nil }
        return RuleHit(startLine: volume.line, evidence: "services.\(service.name): \(volume.source ?? "")")
      }
    },
    DCRule(
      "PLM-DC-009", ["CIS-5.5"], .high, "Sensitive host directory mounted",
      rationale: "Mounting /, /etc, /proc, /sys, /var/lib/docker or similar gives the container the host's keys and configuration.",
      remediation: "Mount only the specific application directories needed, read-only.",
      references: [composeSpec + "#volumes"]
    ) { file in
      perService(file) { service in
        guard let volume = volumes(service).first(where: { volume in
          guard volume.isBind, let source = volume.source, !source.hasSuffix("docker.sock") else { return false }
          return isUnder(source, sensitiveHostPaths)
        }) else { return nil }
        return RuleHit(startLine: volume.line, evidence: "services.\(service.name): \(volume.source ?? "")")
      }
    },
    DCRule(
      "PLM-DC-010", [], .medium, "Host bind mount is writable",
      rationale: "A writable bind mount lets a compromised container change files on the host.",
      remediation: "Append `:ro` (short syntax) or set `read_only: true` (long syntax).",
      references: [composeSpec + "#volumes"]
    ) { file in
      file.services.flatMap { service in
        volumes(service).filter { $0.isBind && !$0.readOnly && !($0.source ?? "").hasSuffix("docker.sock") }
          .map { RuleHit(startLine: $0.line, evidence: "services.\(service.name): \($0.source ?? ""):\($0.target ?? "")") }
      }
    },
    DCRule(
      "PLM-DC-011", ["CIS-5.12"], .low, "Root filesystem is not read-only",
      rationale: "A writable root filesystem lets an attacker persist tools and change binaries.",
      remediation: "Set `read_only: true` and mount tmpfs or volumes where writes are needed.",
      references: [composeSpec + "#read_only"]
    ) { file in
      perService(file) { service in
        service.node["read_only"]?.bool == true ? nil : hit(service, nil, "read_only not set")
      }
    },
    DCRule(
      "PLM-DC-012", ["CIS-5.13"], .medium, "Port published on all host interfaces",
      rationale: "A port without a host IP listens on 0.0.0.0, reachable from every network the host is on (and Docker bypasses host firewalls such as ufw).",
      remediation: "Bind to a specific address: `127.0.0.1:8080:80` or `host_ip: 127.0.0.1`.",
      references: [composeSpec + "#ports"]
    ) { file in
      file.services.flatMap { service in
        (service.node["ports"]?.items ?? []).compactMap(ComposePort.init)
          .filter(\.bindsAllInterfaces)
          .map { RuleHit(startLine: $0.line, evidence: "services.\(service.name): port \($0.published ?? "(random)")->\($0.target)") }
      }
    },
    DCRule(
      "PLM-DC-013", ["CIS-5.21"], .high, "Seccomp confinement disabled",
      rationale: "`seccomp:unconfined` re-enables hundreds of rarely needed system calls, the usual kernel exploit path.",
      remediation: "Remove `seccomp:unconfined`; use the default or a custom profile.",
      references: [composeSpec + "#security_opt"]
    ) { file in
      perService(file) { service in
        guard let option = securityOptions(service).first(where: { option in
          let text = (option.string ?? "").replacingOccurrences(of: "=", with: ":")
          return text == "seccomp:unconfined"
        }) else { return nil }
        return hit(service, option, option.string ?? "")
      }
    },
    DCRule(
      "PLM-DC-014", ["CIS-5.1", "CIS-5.2"], .high, "AppArmor or SELinux confinement disabled",
      rationale: "`apparmor:unconfined` or `label:disable` removes the mandatory access control that contains an escaped process.",
      remediation: "Remove the option; use the default profile.",
      references: [composeSpec + "#security_opt"]
    ) { file in
      perService(file) { service in
        guard let option = securityOptions(service).first(where: { option in
          let text = (option.string ?? "").replacingOccurrences(of: "=", with: ":")
          return text == "apparmor:unconfined" || text == "label:disable"
        }) else { return nil }
        return hit(service, option, option.string ?? "")
      }
    },
    DCRule(
      "PLM-DC-015", ["CIS-5.25"], .low, "no-new-privileges not set",
      rationale: "Without no-new-privileges, setuid binaries in the container can raise privileges.",
      remediation: "Add `security_opt: [\"no-new-privileges:true\"]`.",
      references: [composeSpec + "#security_opt"]
    ) { file in
      perService(file) { service in
        let set = securityOptions(service).contains { option in
          let text = (option.string ?? "").replacingOccurrences(of: "=", with: ":")
          return text == "no-new-privileges:true" || text == "no-new-privileges"
        }
        return set ? nil : hit(service, nil, "no-new-privileges not set")
      }
    },
    DCRule(
      "PLM-DC-016", ["CIS-5.10"], .medium, "No memory limit",
      rationale: "Without a memory limit one service can exhaust host memory and take down its neighbours.",
      remediation: "Set `deploy.resources.limits.memory` (or `mem_limit`).",
      references: [composeSpec + "#mem_limit", "https://docs.docker.com/reference/compose-file/deploy/#resources"]
    ) { file in
      perService(file) { service in
        if service.node["mem_limit"] != nil || service.node.at("deploy", "resources", "limits", "memory") != nil {
          return nil
        }
        return hit(service, nil, "no memory limit")
      }
    },
    DCRule(
      "PLM-DC-017", ["CIS-5.11"], .low, "No CPU limit",
      rationale: "Without a CPU limit one service can starve the others.",
      remediation: "Set `deploy.resources.limits.cpus` (or `cpus`).",
      references: ["https://docs.docker.com/reference/compose-file/deploy/#resources"]
    ) { file in
      perService(file) { service in
        let keys = ["cpus", "cpu_quota", "cpu_shares", "cpuset"]
        if keys.contains(where: { service.node[$0] != nil })
          || service.node.at("deploy", "resources", "limits", "cpus") != nil { return nil }
        return hit(service, nil, "no CPU limit")
      }
    },
    DCRule(
      "PLM-DC-018", ["CIS-4.1"], .medium, "Service runs as root",
      rationale: "`user: root` (or 0) makes every process in the container root.",
      remediation: "Set `user:` to an unprivileged UID:GID.",
      references: [composeSpec + "#user"]
    ) { file in
      perService(file) { service in
        guard let node = service.node["user"], let user = node.string, DockerfileRules.isRoot(user)
        else { return nil }
        return hit(service, node, "user: \(user)")
      }
    },
    DCRule(
      "PLM-DC-019", [], .high, "Literal secret in environment",
      rationale: "Secrets written into the Compose file end up in version control and `docker inspect`.",
      remediation: "Use Compose `secrets:`, an env_file kept out of version control, or `${VAR}` interpolation.",
      references: ["https://docs.docker.com/compose/how-tos/use-secrets/"]
    ) { file in
      file.services.flatMap { service in
        environmentEntries(service.node["environment"]).filter { entry in
          guard let value = entry.value, SensitiveValues.isLiteral(value) else { return false }
          if SensitiveValues.containsURLCredentials(value) { return true }
          guard !value.contains("${") else { return false }
          return SensitiveValues.isSensitiveName(entry.name) || SensitiveValues.looksLikeCredential(value)
        }.map { RuleHit(startLine: $0.line, evidence: "services.\(service.name): \($0.name)=\(SensitiveValues.maskSecret($0.value ?? ""))") }
      }
    },
    DCRule(
      "PLM-DC-020", [], .low, "Deprecated links",
      rationale: "`links` is a legacy feature; networks give the same name resolution with isolation.",
      remediation: "Remove `links`; put the services on a shared user-defined network.",
      references: [composeSpec + "#links"]
    ) { file in
      perService(file) { service in
        guard let node = service.node["links"] else { return nil }
        return hit(service, node, "links")
      }
    },
    DCRule(
      "PLM-DC-021", [], .medium, "Image uses the latest tag or no tag",
      rationale: "`latest` changes under you; deployments stop being reproducible.",
      remediation: "Pin a version tag or a digest.",
      references: [composeSpec + "#image"]
    ) { file in
      perService(file) { service in
        guard service.node["build"] == nil, let node = service.node["image"], let image = node.string,
              !image.contains("$") else { return nil }
        let reference = ImageReference(image)
        guard reference.digest == nil, reference.tag == nil || reference.tag == "latest" else { return nil }
        return hit(service, node, "image: \(image)")
      }
    },
    DCRule(
      "PLM-DC-022", ["CIS-5.17"], .medium, "Host device exposed to the service",
      rationale: "A host device inside the container bypasses the kernel's isolation of that hardware.",
      remediation: "Remove `devices:` entries that are not strictly needed.",
      references: [composeSpec + "#devices"]
    ) { file in
      perService(file) { service in
        guard let node = service.node["devices"], let first = node.items.first else { return nil }
        return hit(service, first, "devices: \(first.string ?? first.at("source")?.string ?? "")")
      }
    },
    DCRule(
      "PLM-DC-023", ["CIS-5.26"], .low, "Health check disabled",
      rationale: "`healthcheck: disable: true` or `test: [\"NONE\"]` turns off the image's own health check, so a hung service looks healthy.",
      remediation: "Remove the override or define a `healthcheck.test` for the service.",
      references: [composeSpec + "#healthcheck"]
    ) { file in
      perService(file) { service in
        guard let check = service.node["healthcheck"] else { return nil }
        if check["disable"]?.bool == true { return hit(service, check, "healthcheck disabled") }
        let test = check["test"]
        let first = test?.items.first?.string ?? test?.string
        return first?.uppercased() == "NONE" ? hit(service, check, "healthcheck test NONE") : nil
      }
    },
    DCRule(
      "PLM-DC-024", ["CIS-5.28"], .low, "No PIDs limit",
      rationale: "Without a PIDs limit a fork bomb in one container exhausts the host's process table.",
      remediation: "Set `pids_limit` (or `deploy.resources.limits.pids`).",
      references: [composeSpec + "#pids_limit"]
    ) { file in
      perService(file) { service in
        service.node["pids_limit"] != nil || service.node.at("deploy", "resources", "limits", "pids") != nil
          ? nil : hit(service, nil, "no pids_limit")
      }
    },
    DCRule(
      "PLM-DC-025", ["CIS-5.15"], .low, "Restart policy restarts without limit",
      rationale: "A service that restarts forever hides a crash loop and can be used to exhaust the host; "
        + "on-failure with a few retries stops after a few tries.",
      remediation: "Use `restart: on-failure:5` (or `deploy.restart_policy` with `condition: on-failure` "
        + "and `max_attempts: 5`).",
      references: [composeSpec + "#restart"]
    ) { file in
      perService(file) { service in
        if let node = service.node["restart"], let policy = node.string,
          let problem = unlimitedRestart(policy)
        {
          return hit(service, node, "restart: \(policy) (\(problem))")
        }
        guard let policy = service.node.at("deploy", "restart_policy") else { return nil }
        let condition = policy["condition"]?.string ?? "any"
        guard condition != "none", (policy["max_attempts"]?.int ?? 0) == 0 else { return nil }
        return hit(service, policy, "deploy.restart_policy: condition \(condition) without max_attempts")
      }
    },
  ]

  /// Why a `restart` value restarts without limit, or nil when it does not (`no`, or
  /// `on-failure:N` with a retry count).
  static func unlimitedRestart(_ policy: String) -> String? {
    let parts = policy.split(separator: ":", maxSplits: 1).map(String.init)
    switch parts.first ?? "" {
    case "always", "unless-stopped": return "restarts without limit"
    case "on-failure":
      guard parts.count == 2, let retries = Int(parts[1]), retries > 0 else {
        return "no retry count"
      }
      return nil
    default: return nil
    }
  }
}

/// Runs the Compose rules over one file.
public enum ComposeScanner {
  /// Parses `data` as a Compose file and returns the findings and warnings.
  public static func scan(data: Data, path: String, ignoring ignored: Set<String> = []) -> FindingReport {
    var report = FindingReport(target: path)
    do {
      let file = try YAMLLoader.load(data)
      report.warnings += file.warnings(path: path)
      for document in file.documents {
        report.findings += run(ComposeFile(document: document), path: path, ignoring: ignored)
      }
    } catch {
      report.warnings.append(ScanWarning(input: path, message: error.localizedDescription))
    }
    return report
  }

  /// Runs every Compose rule over a parsed file.
  public static func run(_ file: ComposeFile, path: String, ignoring ignored: Set<String> = []) -> [Finding] {
    ComposeRules.all.filter { rule in
      !rule.info.isIgnored(by: ignored)
    }.flatMap { $0.findings(file, path: path) }
      .sorted { ($0.location?.startLine ?? 0, $0.id) < ($1.location?.startLine ?? 0, $1.id) }
  }
}
