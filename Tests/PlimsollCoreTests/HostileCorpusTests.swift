import Foundation
import PlimsollTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// One command line run over the hostile corpus, and what it must say.
struct HostileCommand: Sendable, CustomTestStringConvertible {
  var name: String
  var arguments: @Sendable (HostileCorpus) -> [String]
  /// Copies the project into the writable work folder first and lets the command write there.
  var writesWork = false
  /// Text the command's output (report or diagnostics) must contain: the hostile entries named.
  var mentions: [String] = []
  /// Exit statuses that are a clean outcome (0 success, 1-3 findings or an input error).
  var statuses: Set<Int32> = [0, 1, 2, 3]

  var testDescription: String { name }
}

/// Every `plimsoll` command that reads input, run over a corpus of symlinks out of the input
/// (to a canary beside it and the host's `/etc`), loops, hard links, device nodes, FIFOs and
/// tar entries named with `..`, newlines and NUL bytes; each run in a mount namespace where
/// everything but the cache (and, for `fix --write`, a scratch copy) is read-only, under
/// `strace`. Nothing outside the cache is written, nothing outside the input (but the
/// runtime's own files) is opened, the canary and `/etc/shadow` are never opened, no command
/// crashes, and no file of the test root changes.
@Suite(.enabled(if: Requirement.confined && Requirement.executable,
                "needs root, unshare, strace and the built plimsoll executable"))
struct HostileCorpusTests {
  static let commands: [HostileCommand] = [
    HostileCommand(name: "image docker-archive", arguments: { corpus in
      ["image", "docker-archive:" + corpus.dockerArchive, "--scanners", "vuln,config,secret", "--format", "json",
       "--db-repository", corpus.feeds]
    }, mentions: ["escape-dotdot", "hard-passwd"]),
    HostileCommand(name: "image oci", arguments: { corpus in
      ["image", "oci:" + corpus.ociLayout, "--scanners", "vuln,config,secret", "--format", "json",
       "--db-repository", corpus.feeds]
    }, mentions: ["escape-dotdot", "hard-passwd"]),
    HostileCommand(name: "image rootfs", arguments: { corpus in
      ["image", "rootfs:" + corpus.rootfs, "--scanners", "vuln,config,secret", "--format", "json",
       "--db-repository", corpus.feeds]
    }),
    HostileCommand(name: "image bare directory", arguments: { corpus in
      ["image", corpus.rootfs, "--scanners", "vuln,secret", "--format", "json", "--offline"]
    }),
    HostileCommand(name: "image escaping docker-archive", arguments: { corpus in
      ["image", "docker-archive:" + corpus.escapingDockerArchive, "--scanners", "vuln,secret", "--offline"]
    }, statuses: [2]),
    HostileCommand(name: "image escaping oci", arguments: { corpus in
      ["image", "oci:" + corpus.escapingOCILayout, "--scanners", "vuln,secret", "--offline"]
    }, statuses: [2]),
    HostileCommand(name: "sbom docker-archive", arguments: { corpus in
      ["sbom", "docker-archive:" + corpus.dockerArchive, "--format", "json"]
    }),
    HostileCommand(name: "sbom oci cyclonedx", arguments: { corpus in
      ["sbom", "oci:" + corpus.ociLayout, "--format", "cyclonedx"]
    }),
    HostileCommand(name: "sbom rootfs", arguments: { corpus in
      ["sbom", "rootfs:" + corpus.rootfs, "--format", "json"]
    }),
    HostileCommand(name: "sbom fs", arguments: { corpus in
      ["sbom", "fs:" + corpus.project, "--format", "json"]
    }),
    HostileCommand(name: "sbom-scan", arguments: { corpus in
      ["sbom-scan", corpus.sbom, "--format", "json"]
    }),
    HostileCommand(name: "fs", arguments: { corpus in
      ["fs", corpus.project, "--scanners", "vuln,config,secret", "--format", "json", "--db-repository", corpus.feeds]
    }),
    HostileCommand(name: "config directory", arguments: { corpus in
      ["config", corpus.project, "--format", "json"]
    }),
    HostileCommand(name: "config Dockerfile", arguments: { corpus in
      ["config", corpus.project + "/Dockerfile", "--format", "json"]
    }),
    HostileCommand(name: "secrets project", arguments: { corpus in
      ["secrets", corpus.project, "--format", "json"]
    }),
    HostileCommand(name: "secrets rootfs", arguments: { corpus in
      ["secrets", corpus.rootfs, "--format", "json"]
    }),
    HostileCommand(name: "fix", arguments: { corpus in
      ["fix", corpus.project]
    }),
    HostileCommand(name: "fix --write", arguments: { corpus in
      ["fix", corpus.work + "/project", "--write"]
    }, writesWork: true),
    HostileCommand(name: "freshness Dockerfile", arguments: { corpus in
      ["freshness", corpus.freshnessDockerfile, "--insecure", "--format", "json"]
    }),
    HostileCommand(name: "policy check manifests", arguments: { corpus in
      ["policy", "check", corpus.project, "--policy", corpus.policy, "--offline"]
    }),
    HostileCommand(name: "host --root", arguments: { corpus in
      ["host", "--root", corpus.rootfs, "--no-engine", "--format", "json"]
    }),
    HostileCommand(name: "db update from a folder", arguments: { corpus in
      ["db", "update", "--from", corpus.feeds]
    }),
  ]

  @Test(arguments: commands)
  func commandStaysInsideItsInput(_ command: HostileCommand) async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built (swift build)")
    #expect(ConfinedRun.available, "needs root, unshare, strace and timeout")
    let scratch = try Scratch()
    let corpus = try HostileCorpus(scratch: scratch)
    let traces = scratch.path + "/traces"
    try FileManager.default.createDirectory(atPath: traces, withIntermediateDirectories: true)
    if command.writesWork {
      try scratch.run(["cp", "-a", corpus.project, corpus.work + "/project"])
    }
    let writable = [corpus.cache] + (command.writesWork ? [corpus.work] : [])
    let before = FileSnapshot(root: corpus.root, excluding: writable)
    let arguments = command.arguments(corpus) + (usesCache(command) ? ["--cache-dir", corpus.cache] : [])
    let environment = ["HOME": corpus.cache, "XDG_CACHE_HOME": corpus.cache, "TMPDIR": corpus.cache,
                       "PLIMSOLL_DB_REPOSITORY": corpus.feeds,
                       "DOCKER_HOST": "unix://" + corpus.cache + "/no-engine.sock"]
    // The run blocks a thread of its own, not one of the test runner's cooperative pool.
    let run = try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(with: Result {
          try ConfinedRun.run(plimsoll, arguments, writable: writable, traceDirectory: traces,
                              readOnlyProbe: corpus.input, directory: corpus.input, environment: environment)
        })
      }
    }
    let after = FileSnapshot(root: corpus.root, excluding: writable)
    let said = run.output + run.errors

    // (d) A clean exit or a clean error, never a crash, and the hostile entries named.
    #expect(run.status != 96 && run.status != 97, "the confinement failed: \(run.errors)")
    #expect(run.signal == nil, "\(command.name) was killed by \(run.signal ?? ""): \(run.errors.suffix(2000))")
    #expect(command.statuses.contains(run.status), "\(command.name) exited \(run.status): \(run.errors.suffix(2000))")
    if run.status == 2 { #expect(run.errors.contains("plimsoll: error: "), "\(run.errors.suffix(2000))") }
    for mention in command.mentions {
      #expect(said.contains(mention), "\(command.name) does not name \(mention) in its warnings")
    }
    #expect(!run.accesses.isEmpty, "strace recorded nothing")

    // (a) Writes only in the cache (and the work copy).
    let writes = run.accesses.filter(\.isWrite).filter { access in
      !writable.contains { inside(access.path, $0) }
    }
    #expect(writes.isEmpty, "\(command.name) wrote outside the cache:\n\(writes.map(\.line).joined(separator: "\n"))")

    // (b) Reads only in the input, the cache and the runtime's own files; (c) never the canary.
    let readable = [corpus.input, corpus.cache] + (command.writesWork ? [corpus.work] : [])
    var unexpected: [String] = []
    var forbidden: [String] = []
    for access in run.accesses {
      let reached = reachedPaths(access)
      if reached.contains(where: { path in inside(path, corpus.outside) || path == "/etc/shadow" }) {
        forbidden.append(access.line)
      }
      if !reached.allSatisfy({ path in readable.contains { inside(path, $0) } || Self.runtimeAllows(path) }) {
        unexpected.append(access.line + "  -> " + reached.joined(separator: ", "))
      }
    }
    #expect(forbidden.isEmpty, "\(command.name) opened the canary or /etc/shadow:\n\(forbidden.joined(separator: "\n"))")
    #expect(unexpected.isEmpty, "\(command.name) opened paths outside its input:\n\(unexpected.joined(separator: "\n"))")
    #expect(!said.contains(HostileCorpus.canarySecret), "\(command.name) reports the canary's secret")
    #expect(!said.contains("canary-package") && !said.contains("canary/outside"),
            "\(command.name) reports what only files outside its input hold")

    // (e) No file of the test root (but the writable folders) changed.
    let changed = before.differences(from: after)
    #expect(changed.isEmpty, "\(command.name) changed files outside the cache: \(changed)")
  }

  /// Every command but `config`, `secrets` and `host` takes `--cache-dir`.
  func usesCache(_ command: HostileCommand) -> Bool {
    !["config", "secrets", "host"].contains { command.name.hasPrefix($0) }
  }

  /// The paths an access reached: as asked, and as the kernel resolved it (the descriptor's
  /// path for a successful open, the symlinks resolved now for a failed one).
  func reachedPaths(_ access: ConfinedRun.Access) -> [String] {
    var paths = [access.path]
    if let opened = access.opened {
      paths.append(opened)
    } else if !access.line.contains("O_NOFOLLOW"), let resolved = realpath(access.path, nil) {
      paths.append(String(cString: resolved))
      free(resolved)
    }
    return paths
  }

  func inside(_ path: String, _ folder: String) -> Bool {
    path == folder || path.hasPrefix(folder + "/")
  }

  /// What the Swift runtime, the C library and the dynamic loader open in every process.
  static func runtimeAllows(_ path: String) -> Bool {
    let exact: Set<String> = ["/etc/ld.so.cache", "/etc/ld.so.preload", "/dev/null", "/dev/urandom", "/dev/random",
                              "/dev/tty", "/etc/localtime", "/etc/timezone"]
    if exact.contains(path) { return true }
    var prefixes = ["/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/", "/proc/", "/sys/devices/system/cpu/",
                    "/sys/fs/cgroup/", "/etc/ssl/", "/usr/share/ca-certificates/", "/usr/share/zoneinfo/"]
    if let executable = plimsollExecutable() {
      // The build folder (the executable and the libraries beside it).
      prefixes.append(URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().path + "/")
    }
    prefixes += toolchainPrefixes
    return prefixes.contains { path.hasPrefix($0) || path + "/" == $0 }
  }

  /// The Swift toolchain's `usr` folder (its runtime libraries and swift-backtrace).
  static let toolchainPrefixes: [String] = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/swift") {
      let swift = URL(fileURLWithPath: "\(folder)/swift").resolvingSymlinksInPath()
      return [swift.deletingLastPathComponent().deletingLastPathComponent().path + "/"]
    }
    return []
  }()
}

/// The `lstat` facts (type, mode, size, modification time, inode) of every entry under a
/// folder, and of the host files the corpus points at, to compare before and after a run.
struct FileSnapshot {
  var entries: [String: String] = [:]

  init(root: String, excluding: [String]) {
    var pending = [root]
    while let folder = pending.popLast() {
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
      for name in names {
        let path = folder + "/" + name
        if excluding.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) { continue }
        var info = stat()
        guard lstat(path, &info) == 0 else { continue }
        entries[path] = Self.describe(info)
        if info.st_mode & S_IFMT == S_IFDIR { pending.append(path) }
      }
    }
    for host in ["/etc/passwd", "/etc/shadow", "/etc"] {
      var info = stat()
      if lstat(host, &info) == 0 { entries[host] = Self.describe(info) }
    }
  }

  static func describe(_ info: stat) -> String {
    "mode \(String(info.st_mode, radix: 8)) size \(info.st_size) mtime \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) "
      + "inode \(info.st_ino) links \(info.st_nlink)"
  }

  /// Paths added, removed or changed, with their facts.
  func differences(from other: FileSnapshot) -> [String] {
    var changes: [String] = []
    for (path, facts) in entries where other.entries[path] != facts {
      changes.append("\(path): \(facts) -> \(other.entries[path] ?? "gone")")
    }
    for path in other.entries.keys where entries[path] == nil {
      changes.append("\(path): new")
    }
    return changes.sorted()
  }
}
