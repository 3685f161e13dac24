import Foundation
public import PlimsollDiagnostics
import PlimsollIO

/// Walks a root filesystem directory as if it were one layer, never following symlinks (so a
/// symlink loop cannot trap it; their targets are recorded) and never leaving the directory.
public struct RootFSWalker<Analysis: LayerAnalysis>: Sendable {
  public var analysis: Analysis
  /// What the walk leaves out (a source tree's `.git`, `node_modules`, skip globs).
  public var filter: PathFilter?
  /// The entry-count bound (`ResourceLimits.layerEntries`).
  public var limits: ResourceLimits
  /// Top-level pseudo filesystems skipped when scanning a live root.
  static var skippedTopLevel: Set<String> { ["/proc", "/sys", "/dev"] }

  public init(analysis: Analysis, filter: PathFilter? = nil, limits: ResourceLimits = .configured) {
    self.analysis = analysis
    self.filter = filter
    self.limits = limits
  }

  /// The facts of every regular file under `root`; unreadable files and directories are
  /// warnings, never errors. More entries than `limits.layerEntries` is an error.
  public func walk(root: String) throws -> WalkedLayer<Analysis.Facts> {
    var layer = WalkedLayer(diffID: "", facts: analysis.emptyFacts())
    var pending = [""]
    while let relative = pending.popLast() {
      let directory = root + relative
      guard let handle = opendir(directory) else {
        layer.warnings.append(ScanWarning(
          input: directory, message: "cannot read directory: \(String(cString: strerror(errno)))"))
        continue
      }
      defer { closedir(handle) }
      while let item = readdir(handle) {
        let name = withUnsafePointer(to: item.pointee.d_name) {
          $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name == "." || name == ".." { continue }
        let path = relative + "/" + name
        if Self.skippedTopLevel.contains(path) { continue }
        guard let status = FileStatus(root + path, followingSymlinks: false) else { continue }
        layer.entryCount += 1
        guard layer.entryCount <= limits.layerEntries else {
          throw ResourceLimitExceeded(.layerEntries, input: root, maximum: "\(limits.layerEntries) entries")
        }
        let mode = status.permissions
        switch status.kind {
        case .directory:
          if filter?.skipsDirectory(path) == true { continue }
          layer.permissions.record(path: path, isRegularFile: false, isDirectory: true, mode: mode,
                                   rememberPath: false)
          pending.append(path)
        case .regular:
          if filter?.skipsFile(path) == true { continue }
          layer.permissions.record(path: path, isRegularFile: true, isDirectory: false, mode: mode,
                                   rememberPath: false)
          let entry = EntryInfo(path: path, size: status.size, mode: mode)
          do {
            try analysis.analyze(entry, into: &layer.facts, warnings: &layer.warnings) { limit in
              let reader = BufferedReader(try FileByteStream(path: root + path), name: root + path,
                                          capacity: 1 << 16)
              return try reader.readAll(limit: Int(limit), expectedSize: Int(entry.size))
            }
          } catch {
            layer.warnings.append(ScanWarning(input: root + path, message: "\(error.localizedDescription)"))
          }
        case .symbolicLink:
          var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
          let length = readlink(root + path, &buffer, buffer.count - 1)
          if length > 0 {
            layer.symlinks[path] = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
          }
        case .socket, .other:
          continue
        }
      }
    }
    return layer
  }
}
