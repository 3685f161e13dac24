import PlimsollTestSupport
// Secrets benchmark: generates a tree of mixed source, text and binary files, scans it
// with Plimsoll on one core and on all cores, runs detect-secrets on a sample of the same
// tree, and prints throughput. The tree is deleted afterwards.
//
// Usage: SecretsBenchmark [--size-mb 2048] [--sample-mb 16] [--dir PARENT] [--keep]
//                         [--no-detect-secrets] [--engine-only]
import Foundation
import PlimsollSecrets

struct Options {
  var sizeMB = 2048
  var sampleMB = 16
  var parent = NSTemporaryDirectory()
  var keep = false
  var detectSecrets = true
  var engineOnly = false

  init(arguments: [String]) throws {
    var iterator = arguments.dropFirst().makeIterator()
    while let argument = iterator.next() {
      switch argument {
      case "--size-mb": sizeMB = try Self.int(iterator.next(), argument)
      case "--sample-mb": sampleMB = try Self.int(iterator.next(), argument)
      case "--dir": parent = try Self.value(iterator.next(), argument)
      case "--keep": keep = true
      case "--no-detect-secrets": detectSecrets = false
      case "--engine-only": engineOnly = true
      default: throw BenchmarkError.usage("unknown argument \(argument)")
      }
    }
  }

  static func value(_ value: String?, _ name: String) throws -> String {
    guard let value else { throw BenchmarkError.usage("\(name) needs a value") }
    return value
  }

  static func int(_ value: String?, _ name: String) throws -> Int {
    guard let text = value, let number = Int(text), number > 0 else {
      throw BenchmarkError.usage("\(name) needs a positive integer")
    }
    return number
  }
}

enum BenchmarkError: Error, CustomStringConvertible {
  case usage(String)
  case disk(String)
  case io(String)

  var description: String {
    switch self {
    case .usage(let text):
      "usage: \(text)\nSecretsBenchmark [--size-mb N] [--sample-mb N] [--dir PARENT] [--keep] [--no-detect-secrets] [--engine-only]"
    case .disk(let text), .io(let text): text
    }
  }
}

/// Builds a pool of realistic lines: code in a few languages, prose, config, URLs, and now
/// and then a fake secret, so the prefilter and the regular expressions both get work.
func linePool(count: Int, rng: inout SplitMix64) -> [[UInt8]] {
  let words = ["user", "request", "config", "value", "result", "handler", "buffer", "index",
               "count", "name", "path", "data", "item", "list", "map", "error", "status",
               "response", "client", "server", "session", "token", "key", "password",
               "secret", "cache", "query", "http", "url", "account", "access", "auth", "id",
               "layer", "image", "digest", "manifest", "build", "deploy", "service", "port",
               "array", "string", "number", "object", "format", "parse", "render", "update",
               "create", "delete", "insert", "select", "table", "column", "row", "field",
               "record", "event", "queue", "worker", "job", "task", "timer", "clock", "date",
               "time", "zone", "locale", "text", "line", "word", "char", "byte", "stream",
               "reader", "writer", "file", "folder", "node", "tree", "graph", "edge", "vertex",
               "model", "view", "controller", "route", "page", "form", "button", "label",
               "style", "theme", "color", "width", "height", "size", "offset", "limit",
               "filter", "sort", "order", "group", "merge", "split", "join", "match", "scan",
               "test", "spec", "mock", "stub", "log", "trace", "debug", "info", "warn", "metric"]
  let alnum = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
  func word() -> String { words[Int(rng.next() % UInt64(words.count))] }
  func ident() -> String { word() + word().capitalized + String(rng.next() % 100) }
  func random(_ n: Int) -> String { String((0..<n).map { _ in alnum[Int(rng.next() % 62)] }) }
  var lines: [[UInt8]] = []
  for index in 0..<count {
    let line: String
    switch rng.next() % 20 {
    case 0: line = "    // \(word()) the \(word()) before the \(word()) is \(word())ed"
    case 1: line = "    let \(ident()) = try \(ident())(\(word()): \(ident()), \(word()): \"\(word())\")"
    case 2: line = "def \(ident())(self, \(word()), \(word())=None):"
    case 3: line = "        return self.\(ident())[\(word())] + \(rng.next() % 1000)"
    case 4: line = "  \(word())_\(word()): \(word())-\(rng.next() % 100)"
    case 5: line = "const \(ident()) = await fetch(`https://api.\(word()).test/v1/\(word())/${\(word())}`);"
    case 6: line = "The \(word()) \(word()) sends a \(word()) to the \(word()) when the \(word()) changes."
    case 7: line = "    if \(ident()) == nil { throw \(ident())Error.\(word()) }"
    case 8: line = "\(word().uppercased())_\(word().uppercased())=\(word())"
    case 9: line = "  - name: \(word())-\(word())\n    image: registry.test/\(word()):\(rng.next() % 20)"
    case 10: line = "func \(ident())(_ \(word()): \(word().capitalized)) -> \(word().capitalized)? {"
    case 11: line = "    \(ident()).\(word())(\(word()): \(rng.next() % 4096), \(word()): .\(word()))"
    case 12: line = "}"
    case 13: line = ""
    case 14: line = "import \(word().capitalized)\(word().capitalized)"
    case 15: line = "  \"\(word())\": \"\(word())-\(random(8))\","
    case 16: line = "| \(word()) | \(word()) | \(rng.next() % 100) |"
    case 17: line = "\(word())_\(word()) = \(word())_\(word())(\(word()), \(word())=\(rng.next() % 9))"
    case 18: line = "<div class=\"\(word())-\(word())\">\(word()) \(word())</div>"
    default:
      // Roughly one line in 400 carries a fake secret of some format.
      switch index % 80 {
      case 0: line = "GITHUB_TOKEN=ghp_\(random(36))"
      case 1: line = "aws_secret_access_key = \(random(40))"
      case 2: line = "    password = \"\(random(14))9!\""
      case 3: line = "DATABASE_URL=postgres://app:\(random(16))@db:5432/app"
      default: line = "    \(ident()) = \(ident())(\(word()))"
      }
    }
    lines.append(Array((line + "\n").utf8))
  }
  return lines
}

let extensions = ["swift", "py", "js", "ts", "go", "yaml", "json", "md", "txt", "conf", "sh",
                  "html"]

/// Writes the tree; returns (text bytes, binary bytes, file count).
func generate(root: String, bytes total: Int) throws -> (text: Int, binary: Int, files: Int) {
  var rng = SplitMix64(seed: 42)
  let pool = linePool(count: 50_000, rng: &rng)
  var written = 0
  var text = 0
  var binary = 0
  var files = 0
  var buffer: [UInt8] = []
  buffer.reserveCapacity(4 << 20)
  while written < total {
    let directory = root + "/d\(files / 100)"
    if files % 100 == 0 {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    buffer.removeAll(keepingCapacity: true)
    let isBinary = rng.next() % 10 < 2
    let path: String
    if isBinary {
      let size = 16 * 1024 + Int(rng.next() % UInt64(512 * 1024))
      for _ in 0..<(size / 8) { withUnsafeBytes(of: rng.next()) { buffer.append(contentsOf: $0) } }
      buffer[0] = 0x7F
      buffer[1] = 0
      path = directory + "/blob\(files).bin"
      binary += buffer.count
    } else {
      // Log-uniform sizes between 1 KiB and 512 KiB.
      let size = Int(1024 * pow(2.0, Double(rng.next() % 1000) / 1000.0 * 9.0))
      while buffer.count < size {
        buffer.append(contentsOf: pool[Int(rng.next() % UInt64(pool.count))])
      }
      path = directory + "/file\(files).\(extensions[files % extensions.count])"
      text += buffer.count
    }
    guard FileManager.default.createFile(atPath: path, contents: Data(buffer)) else {
      throw BenchmarkError.io("cannot write \(path)")
    }
    written += buffer.count
    files += 1
  }
  return (text, binary, files)
}

/// Prints a line at once (unbuffered), so progress shows when output is a file.
func say(_ line: String) {
  FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func freeBytes(at path: String) -> Int {
  var info = statvfs()
  guard statvfs(path, &info) == 0 else { return 0 }
  return Int(info.f_bavail) * Int(info.f_frsize)
}

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try await body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// User + system CPU seconds used so far by this process (`self`) or its waited-for children.
func cpuSeconds(children: Bool = false) -> Double {
  var usage = rusage()
  #if os(Linux)
    getrusage(__rusage_who_t(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue), &usage)
  #else
    getrusage(children ? RUSAGE_CHILDREN : RUSAGE_SELF, &usage)
  #endif
  func value(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
  return value(usage.ru_utime) + value(usage.ru_stime)
}

func mb(_ bytes: Int) -> Double { Double(bytes) / 1_048_576 }

func format(_ value: Double) -> String { String(format: "%.1f", value) }

/// Hard-links a sample of the tree's files (every k-th; only text files when `textOnly`)
/// into `sample` until `bytes`.
func makeSample(from root: String, into sample: String, bytes: Int, treeBytes: Int,
                textOnly: Bool) throws -> (files: Int, bytes: Int)
{
  try FileManager.default.createDirectory(atPath: sample, withIntermediateDirectories: true)
  let stride = max(1, treeBytes / max(1, bytes))
  var index = 0
  var taken = 0
  var count = 0
  guard let enumerator = FileManager.default.enumerator(atPath: root) else { return (0, 0) }
  while let relative = enumerator.nextObject() as? String {
    let source = root + "/" + relative
    var info = stat()
    guard lstat(source, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
    if textOnly && relative.hasSuffix(".bin") { continue }
    index += 1
    if index % stride != 0 { continue }
    let target = sample + "/" + relative.replacingOccurrences(of: "/", with: "_")
    guard link(source, target) == 0 else { throw BenchmarkError.io("cannot link \(target)") }
    taken += Int(info.st_size)
    count += 1
    if taken >= bytes { break }
  }
  return (count, taken)
}

/// Runs `detect-secrets scan --all-files .` in DIR with posix_spawn and waits for it; returns
/// the wall-clock seconds, or nil when it is not installed or fails.
///
/// Foundation's Process is avoided: its children inherit a blocked signal mask, which
/// deadlocks detect-secrets' multiprocessing pool.
func runDetectSecrets(on directory: String) -> Double? {
  // detect-secrets reports nothing for files outside its working directory, so it runs
  // from inside the sample.
  let arguments = ["sh", "-c", "cd \"$1\" && exec detect-secrets scan --all-files .", "sh",
                   directory]
  var fileActions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&fileActions)
  defer { posix_spawn_file_actions_destroy(&fileActions) }
  posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&fileActions, 2, "/dev/null", O_WRONLY, 0)
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  var noSignals = sigset_t()
  sigemptyset(&noSignals)
  var allSignals = sigset_t()
  sigfillset(&allSignals)
  posix_spawnattr_setsigmask(&attributes, &noSignals)
  posix_spawnattr_setsigdefault(&attributes, &allSignals)
  posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
  var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
  defer { for pointer in argv { free(pointer) } }
  var pid: pid_t = 0
  let start = DispatchTime.now().uptimeNanoseconds
  guard posix_spawnp(&pid, "sh", &fileActions, &attributes, &argv, environ) == 0
  else { return nil }
  var status: Int32 = 0
  while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
  let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  // Exited normally with status 0.
  return (status & 0x7F) == 0 && ((status >> 8) & 0xFF) == 0 ? elapsed : nil
}

func main() async throws {
  let options = try Options(arguments: CommandLine.arguments)
  let total = options.sizeMB * 1_048_576
  let free = freeBytes(at: options.parent)
  guard free > total + total / 4 + 512 * 1_048_576 else {
    throw BenchmarkError.disk(
      "need \(options.sizeMB + options.sizeMB / 4 + 512) MB free in \(options.parent), have \(free / 1_048_576) MB")
  }
  let scanner = try SecretScanner()

  // In-memory engine throughput on text alone (no file system).
  var rng = SplitMix64(seed: 7)
  let pool = linePool(count: 50_000, rng: &rng)
  var text: [UInt8] = []
  text.reserveCapacity(256 << 20)
  while text.count < 256 << 20 { text.append(contentsOf: pool[Int(rng.next() % UInt64(pool.count))]) }
  var inMemoryMatches = 0
  let engineCPU = cpuSeconds()
  let engine = await seconds {
    text.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let end = min(raw.count, offset + 256 * 1024)
        inMemoryMatches += scanner.scan(bytes: UnsafeRawBufferPointer(rebasing: raw[offset..<end]),
                                        path: "mem").count
        offset = end
      }
    }
  }
  let engineCPUUsed = cpuSeconds() - engineCPU
  say("Engine, in memory, 1 core: \(format(mb(text.count) / engine)) MB/s of text wall-clock, \(format(mb(text.count) / engineCPUUsed)) MB per CPU-second (\(inMemoryMatches) matches in \(format(mb(text.count))) MB)")

  // The prefilter alone: the same automaton and hits, but every gate closed.
  let closed = try SecretScanner(rules: SecretRules.all.map { rule in
    var copy = rule
    copy.gate = .tail(1 << 30)
    return copy
  })
  let prefilterCPU = cpuSeconds()
  text.withUnsafeBytes { raw in
    var offset = 0
    while offset < raw.count {
      let end = min(raw.count, offset + 256 * 1024)
      _ = closed.scan(bytes: UnsafeRawBufferPointer(rebasing: raw[offset..<end]), path: "mem")
      offset = end
    }
  }
  say("Prefilter only (keyword automaton, no regular expressions), 1 core: \(format(mb(text.count) / (cpuSeconds() - prefilterCPU))) MB per CPU-second")
  if options.engineOnly { return }
  let root = options.parent + "/plimsoll-secrets-bench-\(getpid())"
  defer {
    if !options.keep { try? FileManager.default.removeItem(atPath: root) }
  }
  let cores = ProcessInfo.processInfo.activeProcessorCount
  say("Generating \(options.sizeMB) MB tree in \(root) ...")
  var shape = (text: 0, binary: 0, files: 0)
  let generation = try await seconds { shape = try generate(root: root + "/tree", bytes: total) }
  say("  \(shape.files) files: \(format(mb(shape.text))) MB text, \(format(mb(shape.binary))) MB binary (\(format(generation)) s)")

  var results: [(String, Double, SecretTreeResult)] = []
  for (label, concurrency) in [("1 core", 1), ("\(cores) cores", cores)] {
    let directory = SecretDirectoryScanner(scanner: scanner, concurrency: concurrency)
    var result: SecretTreeResult?
    let cpuBefore = cpuSeconds()
    let elapsed = try await seconds { result = try await directory.scan(path: root + "/tree") }
    let cpu = cpuSeconds() - cpuBefore
    guard let result else { continue }
    results.append((label, elapsed, result))
    let stats = result.statistics
    say("Plimsoll tree scan, \(label): \(format(elapsed)) s, \(format(mb(stats.bytesScanned) / elapsed)) MB/s of text, \(format(mb(shape.text + shape.binary) / elapsed)) MB/s of tree; \(stats.filesScanned) text files, \(stats.skippedBinary) binary skipped, \(result.report.findings.count) findings; CPU \(format(cpu)) s = \(format(mb(stats.bytesScanned) / cpu)) MB of text per CPU-second")
  }

  guard options.detectSecrets else { return }
  // detect-secrets is far slower, so it runs on samples of the same tree: every k-th file
  // (text and binary, as the tree mixes them) and every k-th text file.
  for (label, textOnly) in [("mixed", false), ("text-only", true)] {
    let sampleDirectory = root + "/sample-\(label)"
    let sample = try makeSample(from: root + "/tree", into: sampleDirectory,
                                bytes: options.sampleMB * 1_048_576,
                                treeBytes: textOnly ? shape.text : total, textOnly: textOnly)
    let plimsollSample = SecretDirectoryScanner(scanner: scanner, concurrency: cores)
    let ourCPUBefore = cpuSeconds()
    let oursOnSample = try await seconds { _ = try await plimsollSample.scan(path: sampleDirectory) }
    let ourCPU = cpuSeconds() - ourCPUBefore
    let theirCPUBefore = cpuSeconds(children: true)
    guard let theirs = runDetectSecrets(on: sampleDirectory) else {
      say("detect-secrets: not run (pip install detect-secrets)")
      return
    }
    let theirCPU = cpuSeconds(children: true) - theirCPUBefore
    let sampleMB = mb(sample.bytes)
    say("Sample (\(label)) of \(sample.files) files, \(format(sampleMB)) MB, every k-th file of the tree:")
    say("  detect-secrets (scan --all-files, its own process pool): \(format(theirs)) s, \(format(sampleMB / theirs)) MB/s; CPU \(format(theirCPU)) s = \(format(sampleMB / theirCPU)) MB per CPU-second")
    say("  Plimsoll (\(cores) cores): \(format(oursOnSample)) s, \(format(sampleMB / oursOnSample)) MB/s; CPU \(format(ourCPU)) s; \(format(theirs / oursOnSample))x faster, \(format(theirCPU / ourCPU))x less CPU")
    if !textOnly, let all = results.last {
      let extrapolated = theirs * Double(total) / Double(max(1, sample.bytes))
      say("  detect-secrets on the whole tree, extrapolated from this sample: \(format(extrapolated)) s vs Plimsoll \(format(all.1)) s measured (\(format(extrapolated / all.1))x)")
    }
  }
}

do {
  try await main()
} catch {
  FileHandle.standardError.write(Data("SecretsBenchmark: \(error)\n".utf8))
  exit(1)
}
