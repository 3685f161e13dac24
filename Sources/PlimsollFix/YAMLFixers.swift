import Foundation
import PlimsollFindings
public import PlimsollRules

/// The documents of a YAML file (a Compose file or Kubernetes manifests) being fixed.
public struct YAMLFile: Sendable {
  public var documents: [YAMLNode]
  /// The text they were read from (the rules scan it).
  public var text: String
}

/// Compose fixers: hardening keys added to each flagged service, ports bound to loopback,
/// flagged bind mounts made read-only; limits carry a comment asking for review, and what
/// cannot be changed safely (privileged, the Docker socket, literal secrets) gets a comment.
public enum ComposeFixers {
  public static let all: [Fixer<YAMLFile>] = [
    service("PLM-DC-007", "drop all capabilities (cap_drop: [ALL])") { text, service in
      if let drop = service["cap_drop"] { return text.appendItem("ALL", to: drop) }
      return text.addEntry(["cap_drop:", "  - ALL"], to: service)
    },
    service("PLM-DC-015", "set no-new-privileges") { text, service in
      if let options = service["security_opt"] { return text.appendItem("no-new-privileges:true", to: options) }
      return text.addEntry(["security_opt:", "  - no-new-privileges:true"], to: service)
    },
    service("PLM-DC-011", "make the root filesystem read-only") { text, service in
      text.set(["read_only"], to: "true  # plimsoll fix: add `tmpfs: [/tmp]` if the service writes to its filesystem",
               in: service)
    },
    service("PLM-DC-016", "set a memory limit (marked for review)") { text, service in
      text.set(["mem_limit"], to: "512m  # plimsoll fix: a conservative limit; review it", in: service)
    },
    service("PLM-DC-017", "set a CPU limit (marked for review)") { text, service in
      text.set(["cpus"], to: "\"1.0\"  # plimsoll fix: a conservative limit; review it", in: service)
    },
    service("PLM-DC-024", "set a PIDs limit (marked for review)") { text, service in
      text.set(["pids_limit"], to: "200  # plimsoll fix: a conservative limit; review it", in: service)
    },
    Fixer("PLM-DC-012", "bind published ports to 127.0.0.1") { file, text, hits in
      for hit in YAMLFixSupport.bottomUp(hits) {
        guard let line = hit.location?.startLine,
          let port = YAMLFixSupport.service(at: line, in: file, text: text)?["ports"]?.items.first(where: { $0.line == line })
        else { continue }
        if port.isMapping {
          text.addEntry(["host_ip: 127.0.0.1"], to: port)
        } else {
          text.editScalar(port) { value in
            // [IP:][HOST:]CONTAINER[/PROTOCOL]: a lone container port gets a random host port.
            guard !value.hasPrefix("[") else { return value }
            let parts = value.split(separator: ":", omittingEmptySubsequences: false)
            switch parts.count {
            case 1: return "127.0.0.1::" + value
            case 2: return "127.0.0.1:" + value
            case 3 where parts[0] == "0.0.0.0" || parts[0].isEmpty: return "127.0.0.1:" + parts[1...].joined(separator: ":")
            default: return value
            }
          }
        }
      }
    },
    Fixer("PLM-DC-010", "mount flagged host directories read-only") { file, text, hits in
      for hit in YAMLFixSupport.bottomUp(hits) {
        guard let line = hit.location?.startLine,
          let volume = YAMLFixSupport.service(at: line, in: file, text: text)?["volumes"]?.items
            .first(where: { $0.line == line || ($0.isMapping && $0.entries.contains { $0.keyLine == line }) })
        else { continue }
        if volume.isMapping {
          text.set(["read_only"], to: "true", in: volume)
        } else {
          text.editScalar(volume) { value in
            let parts = value.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2 { return value + ":ro" }
            guard parts.count == 3 else { return value }
            let options = parts[2].split(separator: ",").map { $0 == "rw" ? "ro" : String($0) }
            return parts[0] + ":" + parts[1] + ":" + (options.contains("ro") ? options : options + ["ro"]).joined(separator: ",")
          }
        }
      }
    },
    advice("PLM-DC-001", "privileged gives the service every capability and device: drop it and add only the "
      + "capabilities it needs (cap_add)"),
    advice("PLM-DC-008", "the Docker socket gives this service root on the host: remove the mount, or use a "
      + "socket proxy that allows only the API calls it needs"),
    advice("PLM-DC-019", "a literal secret: move it to a `secrets:` entry or an env file kept out of the repository"),
  ]

  /// A fixer that edits the mapping of each flagged service once.
  static func service(_ rule: String, _ summary: String,
                      _ edit: @escaping @Sendable (inout SourceLines, YAMLNode) -> Bool) -> Fixer<YAMLFile> {
    YAMLFixSupport.eachNode(rule, summary, locate: YAMLFixSupport.service, edit: edit)
  }

  static func advice(_ rule: String, _ text: String) -> Fixer<YAMLFile> {
    Fixer(rule, "say what to do instead", adviceOnly: true) { _, lines, hits in
      YAMLFixSupport.comment(text, above: hits, in: &lines)
    }
  }
}

/// Kubernetes fixers: each flagged container's `securityContext` completed, resources added
/// (marked for review), the pod's service-account token not mounted; what cannot be changed
/// safely gets a comment.
public enum KubernetesFixers {
  public static let all: [Fixer<YAMLFile>] = [
    container("PLM-K8S-013", "set allowPrivilegeEscalation: false") { text, container in
      text.set(["securityContext", "allowPrivilegeEscalation"], to: "false", in: container)
    },
    container("PLM-K8S-014", "set runAsNonRoot: true") { text, container in
      text.set(["securityContext", "runAsNonRoot"], to: "true", in: container)
    },
    container("PLM-K8S-020", "set readOnlyRootFilesystem: true") { text, container in
      text.set(["securityContext", "readOnlyRootFilesystem"], to: "true", in: container)
    },
    container("PLM-K8S-016", "set seccompProfile RuntimeDefault") { text, container in
      text.set(["securityContext", "seccompProfile", "type"], to: "RuntimeDefault", in: container)
    },
    container("PLM-K8S-017", "drop all capabilities") { text, container in
      if let drop = container.at("securityContext", "capabilities", "drop") { return text.appendItem("ALL", to: drop) }
      return text.set(["securityContext", "capabilities", "drop"], to: "[\"ALL\"]", in: container)
    },
    container("PLM-K8S-021", "set resource requests and limits (marked for review)", edit: resources),
    container("PLM-K8S-022", "set resource requests and limits (marked for review)", edit: resources),
    container("PLM-K8S-023", "set resource requests and limits (marked for review)", edit: resources),
    Fixer("PLM-K8S-027", "set automountServiceAccountToken: false") { file, text, hits in
      var specs: [YAMLNode] = []
      for line in Set(hits.compactMap(\.location?.startLine)) {
        guard let document = YAMLFixSupport.document(at: line, in: file, text: text) else { continue }
        specs += document.mappings().map(\.node).filter { $0["containers"] != nil }
      }
      var seen: Set<Int> = []
      for spec in specs.sorted(by: { $0.line > $1.line }) where seen.insert(spec.line).inserted {
        text.set(["automountServiceAccountToken"], to: "false", in: spec)
      }
    },
    advice("PLM-K8S-001", "privileged gives the container every capability and device: drop it and add only the "
      + "capabilities it needs"),
    advice("PLM-K8S-004", "a container runtime socket gives this pod root on the node: remove the mount"),
    advice("PLM-K8S-026", "a literal secret: use `valueFrom: secretKeyRef` with a Secret kept out of the repository"),
  ]

  /// Requests and limits when the container has no `resources` yet.
  @Sendable static func resources(_ text: inout SourceLines, _ container: YAMLNode) -> Bool {
    guard container["resources"] == nil else { return false }
    return text.addEntry([
      "resources:  # plimsoll fix: conservative values; review them",
      "  requests:", "    cpu: 100m", "    memory: 128Mi",
      "  limits:", "    cpu: 500m", "    memory: 256Mi",
    ], to: container)
  }

  /// A fixer that edits the mapping of each flagged container once.
  static func container(_ rule: String, _ summary: String,
                        edit: @escaping @Sendable (inout SourceLines, YAMLNode) -> Bool) -> Fixer<YAMLFile> {
    YAMLFixSupport.eachNode(rule, summary, locate: YAMLFixSupport.container, edit: edit)
  }

  static func advice(_ rule: String, _ text: String) -> Fixer<YAMLFile> {
    ComposeFixers.advice(rule, text)
  }
}

/// Finding the node a finding's line belongs to.
enum YAMLFixSupport {
  /// A fixer that edits, once each, the nodes `locate` finds for its findings' lines, from the
  /// last one up so that lines above stay where the model says they are.
  static func eachNode(_ rule: String, _ summary: String,
                       locate: @escaping @Sendable (Int, YAMLFile, SourceLines) -> YAMLNode?,
                       edit: @escaping @Sendable (inout SourceLines, YAMLNode) -> Bool) -> Fixer<YAMLFile> {
    Fixer(rule, summary) { file, text, hits in
      let nodes = Set(hits.compactMap(\.location?.startLine)).compactMap { locate($0, file, text) }
      var seen: Set<Int> = []
      for node in nodes.sorted(by: { $0.line > $1.line }) where seen.insert(node.line).inserted {
        _ = edit(&text, node)
      }
    }
  }

  /// Findings from the last line up, so an edit never moves a line a later edit needs.
  static func bottomUp(_ hits: [Finding]) -> [Finding] {
    hits.sorted { ($0.location?.startLine ?? 0) > ($1.location?.startLine ?? 0) }
  }

  /// The Compose service whose block holds `line`.
  @Sendable static func service(at line: Int, in file: YAMLFile, text: SourceLines) -> YAMLNode? {
    for document in file.documents {
      let services = document["services"]?.entries ?? []
      for entry in services where entry.value.isMapping {
        let end = text.blockEnd(from: entry.value.line, column: entry.value.column)
        if entry.keyLine <= line, line <= end { return entry.value }
      }
    }
    return nil
  }

  /// The container (an item of `containers`, `initContainers` or `ephemeralContainers`) whose
  /// block holds `line`.
  @Sendable static func container(at line: Int, in file: YAMLFile, text: SourceLines) -> YAMLNode? {
    for document in file.documents {
      for (path, node) in document.mappings() where path.count >= 2 && path.last == "-"
        && ["containers", "initContainers", "ephemeralContainers"].contains(path[path.count - 2]) {
        if node.line <= line, line <= text.blockEnd(from: node.line, column: node.column) { return node }
      }
    }
    return nil
  }

  /// The document whose lines hold `line`.
  static func document(at line: Int, in file: YAMLFile, text: SourceLines) -> YAMLNode? {
    file.documents.last { $0.line <= line }
  }

  /// A `# plimsoll fix:` comment above each finding's line (once per line).
  static func comment(_ advice: String, above hits: [Finding], in text: inout SourceLines) {
    for line in Set(hits.compactMap(\.location?.startLine)).sorted(by: >) {
      guard !text[line - 1].trimmingCharacters(in: .whitespaces).hasPrefix("# plimsoll fix:") else { continue }
      text.insert([text.indentation(of: line) + "# plimsoll fix: " + advice], before: line)
    }
  }
}

extension SourceLines {
  /// Rewrites a one-line scalar's text in place (inside its quotes when quoted); false when
  /// the line does not hold the value as parsed (escapes, multi-line scalars).
  @discardableResult
  mutating func editScalar(_ node: YAMLNode, _ transform: (String) -> String) -> Bool {
    guard let value = node.string else { return false }
    let line = self[node.line]
    guard node.column >= 1, node.column <= line.count else { return false }
    var start = line.index(line.startIndex, offsetBy: node.column - 1)
    if line[start] == "\"" || line[start] == "'" { start = line.index(after: start) }
    guard line[start...].hasPrefix(value) else { return false }
    let end = line.index(start, offsetBy: value.count)
    let replacement = transform(value)
    guard replacement != value else { return false }
    self[node.line] = String(line[..<start]) + replacement + String(line[end...])
    return true
  }
}
