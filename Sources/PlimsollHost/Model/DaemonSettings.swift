/// One daemon setting and where it was set.
public struct DaemonSetting: Sendable, Hashable {
  public var value: DaemonJSONValue
  /// The file it came from, with `ExecStart` when it is a command-line flag.
  public var source: String
  /// The file path alone, for finding locations.
  public var path: String

  /// `source: key=value`, for evidence.
  public func evidence(_ key: String) -> String { "\(source): \(key)=\(value)" }
}

/// The daemon's configuration as the files say: `daemon.json` plus flags on the `dockerd`
/// command line of the systemd unit, by `daemon.json` key.
///
/// dockerd refuses to start when a flag and `daemon.json` both set one option, so the two
/// sources never disagree on a running daemon; a flag is looked at first.
public struct DaemonSettings: Sendable, Hashable {
  /// The state of `daemon.json`.
  public enum FileState: Sendable, Hashable {
    case absent
    case parsed
    /// Not valid JSON, not an object, or unreadable: the message says which.
    case invalid(String)
  }

  /// The host path of `daemon.json` (default, or `--config-file`).
  public var configPath: String
  public var fileState: FileState
  public var file: [String: DaemonJSONValue]
  /// Settings from `dockerd` flags, by `daemon.json` key; list options accumulate.
  public var flags: [String: DaemonJSONValue]
  /// The unit file that holds the flags.
  public var flagSource: String?

  public init(
    configPath: String = "/etc/docker/daemon.json", fileState: FileState = .absent,
    file: [String: DaemonJSONValue] = [:], flags: [String: DaemonJSONValue] = [:],
    flagSource: String? = nil
  ) {
    self.configPath = configPath
    self.fileState = fileState
    self.file = file
    self.flags = flags
    self.flagSource = flagSource
  }

  /// The setting for a `daemon.json` key, from a flag or the file.
  public func setting(_ key: String) -> DaemonSetting? {
    if let value = flags[key], let flagSource {
      return DaemonSetting(value: value, source: "\(flagSource) ExecStart", path: flagSource)
    }
    if let value = file[key] {
      return DaemonSetting(value: value, source: configPath, path: configPath)
    }
    return nil
  }

  /// A boolean setting; `nil` when unset or not a boolean.
  public func bool(_ key: String) -> Bool? {
    if case .bool(let value)? = setting(key)?.value { return value }
    return nil
  }

  /// A string setting; `nil` when unset or not a string.
  public func string(_ key: String) -> String? {
    if case .string(let value)? = setting(key)?.value { return value }
    return nil
  }

  /// The strings of a list setting from both sources (a single string counts as one).
  public func strings(_ key: String) -> [String] {
    var out: [String] = []
    for value in [flags[key], file[key]] {
      switch value {
      case .string(let text)?: out.append(text)
      case .array(let items)?:
        for case .string(let text) in items { out.append(text) }
      default: break
      }
    }
    return out
  }

  /// Whether `daemon.json` could not be used, so unset keys cannot be trusted as defaults.
  public var fileIsInvalid: Bool {
    if case .invalid = fileState { return true }
    return false
  }

  // MARK: Flags

  enum FlagKind { case bool, string, list }

  /// dockerd flags the checks read, by flag name, with their `daemon.json` key.
  static let flagTable: [String: (key: String, kind: FlagKind)] = [
    "icc": ("icc", .bool), "log-level": ("log-level", .string), "l": ("log-level", .string),
    "iptables": ("iptables", .bool), "insecure-registry": ("insecure-registries", .list),
    "storage-driver": ("storage-driver", .string), "s": ("storage-driver", .string),
    "tls": ("tls", .bool), "tlsverify": ("tlsverify", .bool), "tlscacert": ("tlscacert", .string),
    "tlscert": ("tlscert", .string), "tlskey": ("tlskey", .string), "host": ("hosts", .list),
    "H": ("hosts", .list), "default-ulimit": ("default-ulimits", .list),
    "userns-remap": ("userns-remap", .string), "cgroup-parent": ("cgroup-parent", .string),
    "storage-opt": ("storage-opts", .list),
    "authorization-plugin": ("authorization-plugins", .list),
    "debug": ("debug", .bool), "D": ("debug", .bool), "log-driver": ("log-driver", .string),
    "no-new-privileges": ("no-new-privileges", .bool),
    "live-restore": ("live-restore", .bool), "userland-proxy": ("userland-proxy", .bool),
    "seccomp-profile": ("seccomp-profile", .string), "experimental": ("experimental", .bool),
    "config-file": ("config-file", .string), "data-root": ("data-root", .string),
  ]

  /// The settings named by `dockerd` flags in `arguments` (the words after the program).
  public static func parseFlags(_ arguments: [String]) -> [String: DaemonJSONValue] {
    var flags: [String: DaemonJSONValue] = [:]
    var index = 0
    while index < arguments.count {
      let word = arguments[index]
      index += 1
      guard word.hasPrefix("-"), word != "-", word != "--" else { continue }
      let body = word.drop { $0 == "-" }
      let name: String
      var inline: String?
      if let equals = body.firstIndex(of: "=") {
        name = String(body[..<equals])
        inline = String(body[body.index(after: equals)...])
      } else {
        name = String(body)
      }
      guard let (key, kind) = flagTable[name] else { continue }
      switch kind {
      case .bool:
        let text = (inline ?? "true").lowercased()
        flags[key] = .bool(text == "true" || text == "1" || text == "t")
      case .string, .list:
        var value = inline
        if value == nil, index < arguments.count {
          value = arguments[index]
          index += 1
        }
        guard let value else { continue }
        if kind == .string {
          flags[key] = .string(value)
        } else if case .array(let items)? = flags[key] {
          flags[key] = .array(items + [.string(value)])
        } else {
          flags[key] = .array([.string(value)])
        }
      }
    }
    return flags
  }
}
