import Foundation
import PlimsollFindings

/// A Compose file reduced to what the rules read: its services, each with its YAML node.
public struct ComposeFile: Sendable, Hashable {
  /// One service under `services:`.
  public struct Service: Sendable, Hashable {
    public var name: String
    /// Line of the service's key.
    public var line: Int
    public var node: YAMLNode
  }

  public var services: [Service]

  /// Reads the services of a Compose document (top-level `services:`, or the version 1
  /// layout where services sit at the top level).
  public init(document: YAMLNode) {
    if let services = document["services"] {
      self.services = services.entries.filter(\.value.isMapping).map {
        Service(name: $0.key, line: $0.keyLine, node: $0.value)
      }
    } else {
      self.services = document.entries.filter {
        $0.value.isMapping && ($0.value["image"] != nil || $0.value["build"] != nil)
      }.map { Service(name: $0.key, line: $0.keyLine, node: $0.value) }
    }
  }
}

/// A volume of a Compose service, from short (`/host:/ctr:ro`) or long syntax.
struct ComposeVolume {
  var source: String?
  var target: String?
  var readOnly: Bool
  var isBind: Bool
  var line: Int

  init?(_ node: YAMLNode) {
    line = node.line
    if let text = node.string {
      let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      guard parts.count >= 2 else {
        source = nil
        target = parts.first
        readOnly = false
        isBind = false
        return
      }
      source = parts[0]
      target = parts[1]
      let options = parts.count > 2 ? parts[2].split(separator: ",").map(String.init) : []
      readOnly = options.contains("ro")
      let first = parts[0].first
      isBind = first == "/" || first == "." || first == "~" || first == "$"
    } else if node.isMapping {
      source = node["source"]?.string
      target = node["target"]?.string
      readOnly = node["read_only"]?.bool ?? false
      isBind = node["type"]?.string == "bind"
    } else {
      return nil
    }
  }
}

/// A published port of a Compose service, from short or long syntax.
struct ComposePort {
  var hostIP: String?
  var published: String?
  var target: String
  var line: Int

  init?(_ node: YAMLNode) {
    line = node.line
    if let text = node.string {
      var body = text
      if let slash = body.firstIndex(of: "/") { body = String(body[..<slash]) }
      // IPv6 host addresses come in brackets: [::1]:8080:80
      if body.hasPrefix("["), let close = body.firstIndex(of: "]") {
        hostIP = String(body[body.index(after: body.startIndex)..<close])
        let rest = body[body.index(after: close)...].drop { $0 == ":" }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        published = parts.count >= 2 ? parts[0] : nil
        target = parts.last ?? ""
        return
      }
      let parts = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      switch parts.count {
      case 1:
        hostIP = nil
        published = nil
        target = parts[0]
      case 2:
        hostIP = nil
        published = parts[0]
        target = parts[1]
      default:
        hostIP = parts[0]
        published = parts[1]
        target = parts[parts.count - 1]
      }
    } else if node.isMapping {
      hostIP = node["host_ip"]?.string
      published = node["published"]?.string
      target = node["target"]?.string ?? ""
    } else {
      return nil
    }
  }

  /// Whether the port is reachable on every host interface.
  var bindsAllInterfaces: Bool {
    guard let hostIP, !hostIP.isEmpty else { return true }
    return hostIP == "0.0.0.0" || hostIP == "::" || hostIP == "[::]"
  }
}

/// The environment of a service or container as (name, value, line).
func environmentEntries(_ node: YAMLNode?) -> [(name: String, value: String?, line: Int)] {
  guard let node else { return [] }
  if node.isMapping {
    return node.entries.map { ($0.key, $0.value.string, $0.keyLine) }
  }
  return node.items.compactMap { item in
    guard let text = item.string else { return nil }
    if let equals = text.firstIndex(of: "=") {
      return (String(text[..<equals]), String(text[text.index(after: equals)...]), item.line)
    }
    return (text, nil, item.line)
  }
}
