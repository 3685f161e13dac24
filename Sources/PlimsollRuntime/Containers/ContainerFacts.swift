import Foundation
import PlimsollEngine

/// A container port published on a host address and port.
struct PublishedPort: Sendable, Hashable {
  /// The container port with protocol (`80/tcp`).
  var containerPort: String
  var hostIP: String
  /// The host port, or `nil` when the Engine has not picked it yet.
  var hostPort: Int?

  /// Whether the binding listens on every host interface.
  var bindsAllInterfaces: Bool {
    hostIP.isEmpty || hostIP == "0.0.0.0" || hostIP == "::" || hostIP == "[::]"
  }

  /// `80/tcp -> 0.0.0.0:80`.
  var evidence: String {
    let address =
      hostIP.isEmpty
      ? "0.0.0.0"
      : hostIP.contains(":") && !hostIP.hasPrefix("[")
        ? "[\(hostIP)]" : hostIP
    return "\(containerPort) -> \(address):\(hostPort.map(String.init) ?? "(engine-assigned)")"
  }
}

extension ContainerInspect {
  /// The Engine's default capability set (moby's `oci/caps/defaults.go`), without `CAP_`.
  static let defaultCapabilities: Set<String> = [
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
    "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
  ]

  /// A capability name as the kernel spells it without the prefix: `cap_sys_admin` → `SYS_ADMIN`.
  static func capability(_ name: String) -> String {
    let upper = name.uppercased()
    return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
  }

  /// Capabilities added beyond the default set (`ALL` included), normalised and sorted.
  var addedCapabilities: [String] {
    Set(hostConfig.capAdd.map(Self.capability)).subtracting(Self.defaultCapabilities).sorted()
  }

  /// Whether `capability` (normalised) is dropped and not added back.
  func drops(_ capability: String) -> Bool {
    let dropped = Set(hostConfig.capDrop.map(Self.capability))
    let added = Set(hostConfig.capAdd.map(Self.capability))
    return (dropped.contains(capability) || dropped.contains("ALL"))
      && !added.contains(capability) && !added.contains("ALL")
  }

  /// The value of security option `key` (`seccomp=unconfined` or the old `seccomp:unconfined`);
  /// `""` for a bare option such as `no-new-privileges`; `nil` when absent.
  func securityOption(_ key: String) -> String? {
    for option in hostConfig.securityOpt {
      if option == key { return "" }
      for separator in ["=", ":"] where option.hasPrefix(key + separator) {
        return String(option.dropFirst(key.count + 1))
      }
    }
    return nil
  }

  /// `Mounts`, plus any `HostConfig.Binds` entry whose destination `Mounts` lacks (a container
  /// that was created but never started may list binds only).
  var allMounts: [Mount] {
    var mounts = self.mounts
    let destinations = Set(mounts.map { RuntimePath.normalise($0.destination) })
    for bind in hostConfig.binds {
      let parts = bind.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      guard parts.count >= 2, let source = parts.first else { continue }
      let destination = parts[1]
      guard !destinations.contains(RuntimePath.normalise(destination)) else { continue }
      let options = parts.count > 2 ? parts[2].split(separator: ",").map(String.init) : []
      let propagation =
        options.first {
          ["shared", "rshared", "slave", "rslave", "private", "rprivate"].contains($0)
        }
      mounts.append(
        Mount(
          type: source.hasPrefix("/") ? "bind" : "volume", source: source,
          destination: destination, rw: !options.contains("ro"), propagation: propagation ?? ""))
    }
    return mounts
  }

  /// Ports published on the host: the live `NetworkSettings.Ports` of a running container,
  /// else the configured `HostConfig.PortBindings`.
  var publishedPorts: [PublishedPort] {
    let live = networkSettings?.ports ?? [:]
    let source = live.values.contains(where: { !$0.isEmpty }) ? live : hostConfig.portBindings
    var ports: [PublishedPort] = []
    for key in source.keys.sorted() {
      for binding in source[key] ?? [] {
        ports.append(
          PublishedPort(containerPort: key, hostIP: binding.hostIP, hostPort: Int(binding.hostPort))
        )
      }
    }
    return ports
  }

  /// The field the published ports were read from, for evidence.
  var publishedPortsField: String {
    (networkSettings?.ports ?? [:]).values.contains(where: { !$0.isEmpty })
      ? "NetworkSettings.Ports" : "HostConfig.PortBindings"
  }
}

/// Path helpers for mount sources.
enum RuntimePath {
  /// `/var//run/` → `/var/run`; `.` segments dropped.
  static func normalise(_ path: String) -> String {
    let parts = path.split(separator: "/").filter { $0 != "." }
    return "/" + parts.joined(separator: "/")
  }

  /// Whether `path` is `directory` or lies below it.
  static func path(_ path: String, isWithin directory: String) -> Bool {
    let path = normalise(path)
    let directory = normalise(directory)
    if directory == "/" { return true }
    return path == directory || path.hasPrefix(directory + "/")
  }
}
