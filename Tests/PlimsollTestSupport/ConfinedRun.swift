import Foundation

/// Runs a program in a private mount namespace where every file system is read-only but a
/// few writable folders, under `strace`, and reports every file it opened, created, renamed,
/// removed or changed: the harness of the hostile-corpus tests (root, `unshare`, `strace`).
public struct ConfinedRun: Sendable {
  /// One traced file system call.
  public struct Access: CustomStringConvertible, Sendable {
    /// The system call (`openat`, `mkdir`, `unlinkat`, ...).
    public var call: String
    /// The path as asked for, made absolute (not resolved through symlinks).
    public var path: String
    /// The file a successful open reached, as the kernel resolved it (symlinks followed).
    public var opened: String?
    /// Whether the call writes: creates, truncates, renames, removes, links or changes modes.
    public var isWrite: Bool
    /// The log line.
    public var line: String

    public var description: String { line }
  }

  /// The exit status, or 128 + the signal that killed the program.
  public var status: Int32
  /// The signal that killed the program, if one did.
  public var signal: String?
  public var output: String
  public var errors: String
  public var accesses: [Access]

  /// Whether this machine can run confined: root, with `unshare` and `strace`.
  public static var available: Bool {
    getuid() == 0 && runsWithTool("unshare") && runsWithTool("strace") && runsWithTool("timeout")
  }

  /// The system calls traced.
  public static let tracedCalls = "open,openat,openat2,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,"
    + "unlinkat,symlink,symlinkat,link,linkat,chmod,fchmodat,truncate"

  /// Runs `executable arguments` in `directory` with only `writable` folders (and `traceDirectory`,
  /// which holds the log) writable; `readOnlyProbe` is a folder the run checks it cannot write to.
  public static func run(_ executable: String, _ arguments: [String], writable: [String],
                         traceDirectory: String, readOnlyProbe: String, directory: String,
                         environment: [String: String] = [:], timeoutSeconds: Int = 300) throws -> ConfinedRun {
    let log = traceDirectory + "/trace-\(UUID().uuidString).log"
    let keep = (writable + [traceDirectory])
    func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    var script = "set -u\n"
    for folder in keep { script += "mount --bind \(quoted(folder)) \(quoted(folder)) || exit 96\n" }
    script += """
      awk '{print $5}' /proc/self/mountinfo | sort -u | while read -r point; do
        case "$point" in
          \(keep.map(quoted).joined(separator: "|"))) continue ;;
          /|/tmp*|/var*|/work*|/root*|/home*|/etc*|/usr*|/opt*|/srv*) mount -o remount,bind,ro "$point" 2>/dev/null ;;
        esac
      done
      probe=\(quoted(readOnlyProbe + "/.confined-probe"))
      if touch "$probe" 2>/dev/null; then rm -f "$probe"; echo "confined run: $probe is writable" >&2; exit 97; fi
      if touch /tmp/.confined-probe 2>/dev/null; then rm -f /tmp/.confined-probe; echo "confined run: /tmp is writable" >&2; exit 97; fi
      cd \(quoted(directory)) || exit 96
      strace -f -q -y -s 65535 -e trace=\(tracedCalls) -o \(quoted(log)) -- \(([executable] + arguments).map(quoted).joined(separator: " "))
      exit $?

      """
    let runner = [
      "timeout", "-s", "KILL", String(timeoutSeconds),
      "unshare", "-m", "-p", "-f", "--kill-child", "--propagation", "private", "--mount-proc", "sh", "-c", script,
    ]
    let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let result = try ProcessOutput.run(runner, in: URL(fileURLWithPath: directory), stdin: Data(), environment: merged)
    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    var signal: String?
    var accesses: [Access] = []
    for line in text.split(separator: "\n") {
      if let range = line.range(of: "+++ killed by ") {
        signal = String(line[range.upperBound...].prefix { $0 != " " })
      }
      accesses += parse(String(line), directory: directory)
    }
    if signal == nil, result.status > 128, result.status < 160 { signal = "signal \(result.status - 128)" }
    return ConfinedRun(status: result.status, signal: signal,
                       output: String(decoding: result.output, as: UTF8.self),
                       errors: String(decoding: result.errors, as: UTF8.self), accesses: accesses)
  }

  // MARK: - strace log

  /// The accesses of one `strace -f -y` line (a pid, the call, its arguments, `= result`).
  static func parse(_ line: String, directory: String) -> [Access] {
    var rest = Substring(line)
    rest = rest.drop { $0.isNumber }.drop { $0 == " " }
    guard let open = rest.firstIndex(of: "("), !rest.hasPrefix("<...") else { return [] }
    let call = String(rest[..<open])
    let body = rest[rest.index(after: open)...]
    let (arguments, result) = split(body)
    func at(_ index: Int) -> String { index < arguments.count ? arguments[index] : "" }
    /// The absolute path of argument `pathIndex`, relative to the descriptor `fdIndex` names.
    func path(_ pathIndex: Int, fd fdIndex: Int?) -> String? {
      guard let raw = unquote(at(pathIndex)) else { return nil }
      if raw.hasPrefix("/") { return normalize(raw) }
      var base = directory
      if let fdIndex, let annotated = annotation(at(fdIndex)) { base = annotated }
      return normalize(base + "/" + raw)
    }
    let opened = annotation(result)
    var found: [(String?, Bool)] = []
    switch call {
    case "open":
      found = [(path(0, fd: nil), writes(flags: at(1)))]
    case "openat", "openat2":
      found = [(path(1, fd: 0), writes(flags: at(2)))]
    case "creat", "mkdir", "unlink", "chmod", "truncate":
      found = [(path(0, fd: nil), true)]
    case "mkdirat", "unlinkat", "fchmodat":
      found = [(path(1, fd: 0), true)]
    case "rename", "link":
      found = [(path(0, fd: nil), true), (path(1, fd: nil), true)]
    case "renameat", "renameat2", "linkat":
      found = [(path(1, fd: 0), true), (path(3, fd: 2), true)]
    case "symlink":
      found = [(path(1, fd: nil), true)]
    case "symlinkat":
      found = [(path(2, fd: 1), true)]
    default:
      return []
    }
    return found.compactMap { path, isWrite in
      path.map {
        Access(call: call, path: $0, opened: call.hasPrefix("open") ? opened : nil, isWrite: isWrite, line: line)
      }
    }
  }

  /// Whether open flags ask to write (`O_WRONLY`, `O_RDWR`, `O_CREAT`, `O_TRUNC`).
  static func writes(flags: String) -> Bool {
    ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_TMPFILE"].contains { flags.contains($0) }
  }

  /// The top-level arguments of a call and the text after `) = `.
  static func split(_ body: Substring) -> ([String], String) {
    var arguments: [String] = []
    var current = ""
    var depth = 0
    var inString = false
    var escaped = false
    var angle = 0
    var index = body.startIndex
    while index < body.endIndex {
      let character = body[index]
      defer { index = body.index(after: index) }
      if inString {
        current.append(character)
        if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
        continue
      }
      switch character {
      case "\"": inString = true; current.append(character)
      case "<": angle += 1; current.append(character)
      case ">": angle = max(0, angle - 1); current.append(character)
      case "{", "[": depth += 1; current.append(character)
      case "}", "]": depth -= 1; current.append(character)
      case "(" where angle == 0: depth += 1; current.append(character)
      case ")" where angle == 0 && depth == 0:
        arguments.append(current.trimmingCharacters(in: .whitespaces))
        let tail = body[body.index(after: index)...]
        let result = tail.drop { $0 == " " || $0 == "=" }
        return (arguments, String(result))
      case ")" where angle == 0: depth -= 1; current.append(character)
      case "," where depth == 0 && angle == 0:
        arguments.append(current.trimmingCharacters(in: .whitespaces))
        current = ""
      default: current.append(character)
      }
    }
    if !current.isEmpty { arguments.append(current.trimmingCharacters(in: .whitespaces)) }
    return (arguments, "")
  }

  /// The path in a `-y` annotation (`3</etc/passwd>`, `AT_FDCWD</tmp>`), if there is one.
  static func annotation(_ text: String) -> String? {
    guard let start = text.firstIndex(of: "<"), let end = text.lastIndex(of: ">"), start < end else { return nil }
    let inner = String(text[text.index(after: start)..<end])
    guard inner.hasPrefix("/") else { return nil }
    return decode(inner)
  }

  /// A quoted strace string argument, decoded; nil when the argument is not a string.
  static func unquote(_ text: String) -> String? {
    guard text.hasPrefix("\""), let end = text.lastIndex(of: "\""), end > text.startIndex else { return nil }
    return decode(String(text[text.index(after: text.startIndex)..<end]))
  }

  /// Undoes strace's C escapes (`\n`, `\"`, `\\`, octal and `\x` hex bytes).
  static func decode(_ text: String) -> String {
    var bytes: [UInt8] = []
    let input = Array(text.utf8)
    var index = 0
    while index < input.count {
      let byte = input[index]
      guard byte == UInt8(ascii: "\\"), index + 1 < input.count else {
        bytes.append(byte)
        index += 1
        continue
      }
      let next = input[index + 1]
      switch next {
      case UInt8(ascii: "n"): bytes.append(0x0A); index += 2
      case UInt8(ascii: "t"): bytes.append(0x09); index += 2
      case UInt8(ascii: "r"): bytes.append(0x0D); index += 2
      case UInt8(ascii: "v"): bytes.append(0x0B); index += 2
      case UInt8(ascii: "f"): bytes.append(0x0C); index += 2
      case UInt8(ascii: "x"):
        let hex = input[(index + 2)..<min(index + 4, input.count)]
        bytes.append(UInt8(String(decoding: hex, as: UTF8.self), radix: 16) ?? 0x3F)
        index += 2 + hex.count
      case UInt8(ascii: "0")...UInt8(ascii: "7"):
        var end = index + 1
        while end < input.count, end < index + 4, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(input[end]) {
          end += 1
        }
        bytes.append(UInt8(truncatingIfNeeded: Int(String(decoding: input[(index + 1)..<end], as: UTF8.self), radix: 8) ?? 0x3F))
        index = end
      default: bytes.append(next); index += 2
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `/a/./b/../c` as `/a/c`, lexically (symlinks not followed).
  public static func normalize(_ path: String) -> String {
    var parts: [Substring] = []
    for component in path.split(separator: "/", omittingEmptySubsequences: true) {
      if component == "." { continue }
      if component == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
      parts.append(component)
    }
    return "/" + parts.joined(separator: "/")
  }
}
