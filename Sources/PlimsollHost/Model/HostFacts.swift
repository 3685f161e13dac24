/// One file-watch or path rule of the audit daemon (`-w PATH` or `-F path=`/`-F dir=`).
public struct AuditRule: Sendable, Hashable {
  /// The watched path.
  public var path: String
  /// Whether the rule covers everything below `path` (`-w` on a directory, `-F dir=`).
  public var coversSubtree: Bool
  /// The rules file and line it came from.
  public var file: String
  public var line: Int

  /// Whether this rule audits `target` (a host path).
  public func covers(_ target: String) -> Bool {
    let watched = AuditRule.normalise(path)
    let wanted = AuditRule.normalise(target)
    if watched == wanted { return true }
    return coversSubtree && (watched == "/" || wanted.hasPrefix(watched + "/"))
  }

  static func normalise(_ path: String) -> String {
    var text = path
    while text.count > 1, text.hasSuffix("/") { text.removeLast() }
    return text
  }

  /// The path rules of one rules file (`auditctl` syntax); comments and `-W` removals skipped.
  public static func parse(_ text: String, file: String) -> [AuditRule] {
    var rules: [AuditRule] = []
    for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(
        String.init)
      guard let first = words.first, !first.hasPrefix("#") else { continue }
      var index = 0
      while index < words.count {
        let word = words[index]
        if word == "-w", index + 1 < words.count {
          rules.append(
            AuditRule(path: words[index + 1], coversSubtree: true, file: file, line: offset + 1))
          index += 2
          continue
        }
        if word == "-F", index + 1 < words.count {
          let field = words[index + 1]
          if field.hasPrefix("path=") {
            rules.append(
              AuditRule(
                path: String(field.dropFirst(5)), coversSubtree: false,
                file: file, line: offset + 1))
          } else if field.hasPrefix("dir=") {
            rules.append(
              AuditRule(
                path: String(field.dropFirst(4)), coversSubtree: true,
                file: file, line: offset + 1))
          }
          index += 2
          continue
        }
        index += 1
      }
    }
    return rules
  }
}

/// A group from `/etc/group`.
public struct HostGroup: Sendable, Hashable {
  public var name: String
  public var gid: UInt32
  public var members: [String]

  /// The groups of an `/etc/group` text; malformed lines are skipped.
  public static func parse(_ text: String) -> [HostGroup] {
    text.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: ":", omittingEmptySubsequences: false)
      guard fields.count >= 4, !line.hasPrefix("#"), let gid = UInt32(fields[2]) else { return nil }
      let members = fields[3].split(separator: ",").map {
        String($0).trimmingCharacters(in: .whitespacesAndNewlines)
      }
      .filter { !$0.isEmpty }
      return HostGroup(name: String(fields[0]), gid: gid, members: members)
    }
  }
}

/// A user from `/etc/passwd`: the name and primary group.
public struct HostUser: Sendable, Hashable {
  public var name: String
  public var gid: UInt32

  /// The users of an `/etc/passwd` text; malformed lines are skipped.
  public static func parse(_ text: String) -> [HostUser] {
    text.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: ":", omittingEmptySubsequences: false)
      guard fields.count >= 4, !line.hasPrefix("#"), let gid = UInt32(fields[3]) else { return nil }
      return HostUser(name: String(fields[0]), gid: gid)
    }
  }
}

/// A mount point listed in `/etc/fstab` or `/proc/mounts`.
public struct HostMount: Sendable, Hashable {
  public var mountPoint: String
  public var device: String
  /// The file that lists it.
  public var file: String

  /// The mount points of an fstab-format text (`\040`-style octal escapes decoded).
  public static func parse(_ text: String, file: String) -> [HostMount] {
    text.split(separator: "\n").compactMap { line in
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard fields.count >= 2, !fields[0].hasPrefix("#") else { return nil }
      return HostMount(
        mountPoint: unescape(String(fields[1])), device: String(fields[0]), file: file)
    }
  }

  static func unescape(_ field: String) -> String {
    var bytes: [UInt8] = []
    let source = Array(field.utf8)
    var index = 0
    while index < source.count {
      if source[index] == UInt8(ascii: "\\"), index + 3 < source.count,
        let value = UInt8(
          String(decoding: source[(index + 1)...(index + 3)], as: UTF8.self), radix: 8)
      {
        bytes.append(value)
        index += 4
      } else {
        bytes.append(source[index])
        index += 1
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
