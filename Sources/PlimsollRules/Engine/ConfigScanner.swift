public import Foundation
public import PlimsollFindings
public import PlimsollDiagnostics
import PlimsollIO

/// The kind of configuration file a path holds.
public enum ConfigFileKind: String, Sendable, Hashable, CaseIterable {
  case dockerfile
  case compose
  case kubernetes
}

/// Errors that stop a configuration scan before it starts.
public enum ConfigScanError: Error, LocalizedError, Sendable, Equatable {
  /// The path does not exist.
  case pathNotFound(String)
  /// The path is neither a regular file nor a directory.
  case unsupportedPath(String)
  /// The file could not be read.
  case unreadable(String, String)

  public var errorDescription: String? {
    switch self {
    case .pathNotFound(let path): "\(path): no such file or directory"
    case .unsupportedPath(let path): "\(path): not a regular file or directory"
    case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
    }
  }
}

/// A file that could not be read, as the warning to report.
public struct ReadFailure: Error, Sendable {
  public var warning: ScanWarning

  public init(input: String, message: String) {
    warning = ScanWarning(input: input, message: message)
  }
}

/// Scans a file or a directory tree for Dockerfiles, Compose files and Kubernetes manifests
/// and runs the matching rules.
public struct ConfigScanner: Sendable {
  /// Rule ids (or aliases) not to run.
  public var ignoredRules: Set<String>
  /// Files larger than this are skipped with a warning.
  public var maxFileSize: Int
  /// Directory names never descended into.
  public var skippedDirectories: Set<String>
  /// Judges Kubernetes Secret values (the secret rules, when the caller plugs them in).
  public var credentialDetector: any CredentialDetector

  public init(ignoredRules: Set<String> = [], maxFileSize: Int = 8 << 20,
              skippedDirectories: Set<String> = [".git", "node_modules", ".build", "vendor", ".venv"],
              credentialDetector: any CredentialDetector = BuiltInCredentialDetector()) {
    self.ignoredRules = Set(ignoredRules.map { $0.uppercased() })
    self.maxFileSize = maxFileSize
    self.skippedDirectories = skippedDirectories
    self.credentialDetector = credentialDetector
  }

  /// What kind of config `name` (a file name) is by name alone; `nil` for YAML that needs its
  /// content inspected (possible Kubernetes) or files of no interest.
  public static func kind(ofFileNamed name: String) -> ConfigFileKind? {
    let lower = name.lowercased()
    if lower.hasSuffix(".dockerfile") || lower.hasSuffix(".containerfile") { return .dockerfile }
    for base in ["dockerfile", "containerfile"] where lower == base
      || ["." , "-", "_"].contains(where: { lower.hasPrefix(base + $0) }) {
      // `Dockerfile.prod` is a Dockerfile; `Dockerfile.md` or `DockerfileRules.swift` is not.
      let notDockerfile = [".md", ".swift", ".go", ".py", ".js", ".ts", ".json", ".yaml", ".yml",
                           ".txt", ".sh", ".rs", ".java", ".rb", ".html", ".orig", ".rej", ".bak"]
      return notDockerfile.contains(where: lower.hasSuffix) ? nil : .dockerfile
    }
    if isYAML(lower), lower.contains("compose") { return .compose }
    return nil
  }

  static func isYAML(_ lowerName: String) -> Bool {
    lowerName.hasSuffix(".yaml") || lowerName.hasSuffix(".yml")
  }

  /// Scans `path` (a file or directory). Paths in findings are relative to a directory root,
  /// or as given for a single file.
  public func scan(path: String) throws -> FindingReport {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ConfigScanError.pathNotFound(path)
    }
    var report = FindingReport(target: path)
    if isDirectory.boolValue {
      let files = discover(root: path)
      let contents = ParallelMap.map(files) { relative in
        read((path as NSString).appendingPathComponent(relative), displayPath: relative)
      }
      report = scan(files: zip(files, contents).map { ($0, $1) }, target: path)
    } else {
      guard FileStatus(path, followingSymlinks: false)?.isRegularFile == true else {
        throw ConfigScanError.unsupportedPath(path)
      }
      if case .failure(let failure) = read(path, displayPath: path),
         !failure.warning.message.hasPrefix("skipped") {
        throw ConfigScanError.unreadable(path, failure.warning.message)
      }
      merge(scanFile(path, displayPath: path, explicit: true), into: &report)
    }
    return report
  }

  /// Scans files already read (a tree's walk collected them), named relative to `target`:
  /// Dockerfiles and Compose files by name, other YAML as Kubernetes manifests. Kubernetes
  /// files are loaded first so a NetworkPolicy in one file covers workloads of its namespace
  /// in another.
  public func scan(files: [(path: String, contents: Result<Data, ReadFailure>)], target: String) -> FindingReport {
    var report = FindingReport(target: target)
    let results = ParallelMap.map(files.indices.map { $0 }) { index -> (FindingReport?, KubernetesScanner.Loaded?) in
      let (relative, contents) = files[index]
      let data: Data
      switch contents {
      case .success(let bytes): data = bytes
      case .failure(let failure): return (FindingReport(target: relative, warnings: [failure.warning]), nil)
      }
      if Self.kind(ofFileNamed: (relative as NSString).lastPathComponent) != nil {
        return (scanData(data, displayPath: relative, explicit: false), nil)
      }
      return (nil, KubernetesScanner.load(data: data, path: relative, requireManifests: true))
    }
    var yaml: [(String, KubernetesScanner.Loaded)] = []
    for (file, result) in zip(files, results) {
      if let part = result.0 { merge(part, into: &report) }
      if let loaded = result.1 { yaml.append((file.path, loaded)) }
    }
    var policies: Set<String> = []
    for case (_, .kubernetes(let documents, _)) in yaml {
      policies.formUnion(KubernetesManifests(documents: documents).networkPolicyNamespaces)
    }
    for (relative, loaded) in yaml {
      merge(KubernetesScanner.findings(for: loaded, path: relative, ignoring: ignoredRules,
                                       networkPolicyNamespaces: policies,
                                       detector: credentialDetector), into: &report)
    }
    report.findings.sort { lhs, rhs in
      (lhs.location?.path ?? "", lhs.location?.startLine ?? 0, lhs.id)
        < (rhs.location?.path ?? "", rhs.location?.startLine ?? 0, rhs.id)
    }
    return report
  }

  /// Whether a file of this name is read by the configuration rules (a Dockerfile, Compose
  /// file, or any YAML, which may hold Kubernetes manifests).
  public static func isCandidate(fileNamed name: String) -> Bool {
    kind(ofFileNamed: name) != nil || isYAML(name.lowercased())
  }

  private func merge(_ part: FindingReport, into report: inout FindingReport) {
    report.findings += part.findings
    report.warnings += part.warnings
  }

  /// Files under `root` worth scanning, relative and sorted.
  public func discover(root: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
    var result: [String] = []
    while let relative = enumerator.nextObject() as? String {
      let name = (relative as NSString).lastPathComponent
      // The link itself, not the enumerator's attributes (which look owners up in the host's
      // /etc/passwd): only regular files, never a symlink (it may lead out of the folder),
      // a FIFO (it would block) or a device.
      guard let status = FileStatus((root as NSString).appendingPathComponent(relative), followingSymlinks: false)
      else { continue }
      if status.isDirectory {
        if skippedDirectories.contains(name) { enumerator.skipDescendants() }
        continue
      }
      if !status.isRegularFile { continue }
      if Self.kind(ofFileNamed: name) != nil || Self.isYAML(name.lowercased()) {
        result.append(relative)
      }
    }
    return result.sorted()
  }

  /// Reads a file within the size limit, or says why not.
  func read(_ fullPath: String, displayPath: String) -> Result<Data, ReadFailure> {
    if let size = FileStatus(fullPath).map({ Int($0.size) }), size > maxFileSize {
      return .failure(ReadFailure(
        input: displayPath, message: "skipped: \(size) bytes is over the \(maxFileSize)-byte limit"))
    }
    guard let handle = FileHandle(forReadingAtPath: fullPath) else {
      return .failure(ReadFailure(input: displayPath, message: "cannot open file"))
    }
    defer { try? handle.close() }
    do {
      return .success(try handle.read(upToCount: maxFileSize + 1) ?? Data())
    } catch {
      return .failure(ReadFailure(input: displayPath, message: "cannot read: \(error.localizedDescription)"))
    }
  }

  /// Scans one file; `explicit` means the user named it, so an unrecognised name is tried as
  /// a Dockerfile rather than skipped.
  public func scanFile(_ fullPath: String, displayPath: String, explicit: Bool) -> FindingReport {
    switch read(fullPath, displayPath: displayPath) {
    case .success(let data):
      return scanData(data, displayPath: displayPath, name: (fullPath as NSString).lastPathComponent, explicit: explicit)
    case .failure(let failure):
      return FindingReport(target: displayPath, warnings: [failure.warning])
    }
  }

  /// Scans one file's contents by its name's kind (`explicit`: see `scanFile`).
  func scanData(_ data: Data, displayPath: String, name: String? = nil, explicit: Bool) -> FindingReport {
    let name = name ?? (displayPath as NSString).lastPathComponent
    var kind = Self.kind(ofFileNamed: name)
    if kind == nil, explicit, !Self.isYAML(name.lowercased()) { kind = .dockerfile }
    switch kind {
    case .dockerfile:
      return DockerfileScanner.scan(data: data, path: displayPath, ignoring: ignoredRules)
    case .compose:
      return ComposeScanner.scan(data: data, path: displayPath, ignoring: ignoredRules)
    case .kubernetes, nil:
      return KubernetesScanner.scan(data: data, path: displayPath, ignoring: ignoredRules,
                                    requireManifests: !explicit, detector: credentialDetector)
    }
  }
}

/// Maps over an array on all cores (files are independent), keeping the input order.
enum ParallelMap {
  /// `transform` applied to every element, computed concurrently.
  static func map<Element: Sendable, Result: Sendable>(
    _ elements: [Element], _ transform: @Sendable (Element) -> Result
  ) -> [Result] {
    let buffer = ResultBuffer<Result>(count: elements.count)
    DispatchQueue.concurrentPerform(iterations: elements.count) { index in
      buffer.set(index, transform(elements[index]))
    }
    return buffer.values()
  }

  /// Slots written from several threads, each index exactly once.
  final class ResultBuffer<Result: Sendable>: @unchecked Sendable {
    private var slots: [Result?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result) {
      lock.lock()
      slots[index] = value
      lock.unlock()
    }

    func values() -> [Result] {
      lock.lock()
      defer { lock.unlock() }
      return slots.compactMap { $0 }
    }
  }
}

extension ConfigScanError: UnusableInput {}
