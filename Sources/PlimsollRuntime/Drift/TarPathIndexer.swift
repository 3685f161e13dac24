import Crypto
import PlimsollFindings
import PlimsollIO
import PlimsollLayers
import PlimsollDiagnostics

/// What one tar stream (an image layer or a container export) holds for a set of wanted paths.
struct TarPathIndex: Sendable {
  /// The state of each wanted path the tar holds.
  var states: [String: DriftFileState] = [:]
  /// What a layer deletes below it, as far as wanted paths are concerned: whiteouts of wanted
  /// paths or their directories, opaque directories above them, and directories above them
  /// that this tar replaces by a file or link.
  var deletions = LayerDeletions()
  var warnings: [ScanWarning] = []
}

/// A tar stream opened for one pass, with what must run after the pass (reading to the end so
/// digests are checked over every byte).
struct OpenedTar {
  var reader: TarReader
  var finish: () throws -> Void
}

/// Streams a tar once and records type, mode, size, link target and sha256 of exactly the
/// wanted paths; nothing else is hashed and no content is kept.
struct TarPathIndexer {
  /// The paths to record.
  var wanted: Set<String>
  /// Every directory above a wanted path (with `/`), to see whiteouts and replacements.
  var ancestors: Set<String>
  /// Whether `.wh.` files are overlay whiteouts (image layers) or plain names (an export).
  var layerSemantics: Bool

  init(wanted: Set<String>, layerSemantics: Bool) {
    self.wanted = wanted
    self.layerSemantics = layerSemantics
    var ancestors: Set<String> = []
    for path in wanted {
      var current = Substring(path)
      while let slash = current.lastIndex(of: "/") {
        current = current[..<slash]
        ancestors.insert(current.isEmpty ? "/" : String(current))
      }
    }
    self.ancestors = ancestors
  }

  /// Indexes the tar `open` yields; a hard link to a file that was not wanted costs a second
  /// pass that hashes only the link targets.
  func index(_ open: () throws -> OpenedTar) throws -> TarPathIndex {
    var result = TarPathIndex()
    var pendingLinks: [(path: String, target: String, mode: UInt32)] = []
    let first = try open()
    try scan(first.reader, wanted: wanted, into: &result, pendingLinks: &pendingLinks,
             recordStructure: true)
    try first.finish()
    guard !pendingLinks.isEmpty else { return result }

    var targets = TarPathIndex()
    var unused: [(path: String, target: String, mode: UInt32)] = []
    let second = try open()
    try scan(second.reader, wanted: Set(pendingLinks.map(\.target)), into: &targets,
             pendingLinks: &unused, recordStructure: false)
    try second.finish()
    for link in pendingLinks {
      if var state = targets.states[link.target], state.type == .file {
        state.mode = link.mode
        result.states[link.path] = state
      } else {
        result.warnings.append(ScanWarning(
          input: "\(first.reader.name):\(link.path)",
          message: "hard link to '\(link.target)', which is not a regular file of this "
            + "archive; ignored"))
      }
    }
    return result
  }

  private func scan(_ tar: TarReader, wanted: Set<String>, into result: inout TarPathIndex,
                    pendingLinks: inout [(path: String, target: String, mode: UInt32)],
                    recordStructure: Bool) throws {
    while let entry = try tar.next() {
      guard let path = ArchivePath.normalize(entry.rawPath) else {
        if recordStructure {
          result.warnings.append(ScanWarning(
            input: "\(tar.name):\(entry.rawPath)",
            message: "entry path leaves the archive root; ignored"))
        }
        continue
      }
      if recordStructure {
        if layerSemantics, let whiteout = LayerWhiteout(path: path) {
          switch whiteout {
          case .opaque(let directory):
            if ancestors.contains(directory) { result.deletions.opaqueDirectories.append(directory) }
          case .deletes(let deleted):
            if wanted.contains(deleted) || ancestors.contains(deleted) {
              result.deletions.whiteouts.append(deleted)
            }
          }
          continue
        }
        if entry.type != .directory, ancestors.contains(path) {
          result.deletions.replacedDirectories.append(path)
        }
      }
      guard wanted.contains(path) else { continue }
      defer {
        result.states[path]?.uid = entry.uid
        result.states[path]?.gid = entry.gid
      }
      switch entry.type {
      case .file:
        result.states[path] = try hash(tar, entry: entry)
      case .hardlink:
        guard let target = ArchivePath.normalize(entry.linkTarget) else {
          result.warnings.append(ScanWarning(
            input: "\(tar.name):\(path)",
            message: "hard link target '\(entry.linkTarget)' leaves the archive root; ignored"))
          continue
        }
        if var state = result.states[target], state.type == .file {
          state.mode = entry.mode
          result.states[path] = state
        } else {
          pendingLinks.append((path, target, entry.mode))
        }
      case .directory:
        result.states[path] = DriftFileState(type: .directory, mode: entry.mode)
      case .symlink:
        result.states[path] = DriftFileState(
          type: .symlink, mode: entry.mode, linkTarget: entry.linkTarget)
      case .characterDevice:
        result.states[path] = DriftFileState(type: .characterDevice, mode: entry.mode)
      case .blockDevice:
        result.states[path] = DriftFileState(type: .blockDevice, mode: entry.mode)
      case .fifo:
        result.states[path] = DriftFileState(type: .fifo, mode: entry.mode)
      case .other:
        result.states[path] = DriftFileState(type: .other, mode: entry.mode)
      }
    }
  }

  /// Streams one regular file's content through sha256, keeping only its first bytes.
  private func hash(_ tar: TarReader, entry: TarEntry) throws -> DriftFileState {
    var hasher = SHA256()
    var head: [UInt8] = []
    try tar.forEachContentChunk { chunk in
      if head.count < 4 { head.append(contentsOf: chunk.prefix(4 - head.count)) }
      hasher.update(bufferPointer: chunk)
    }
    let kind: DriftFileState.ContentKind
    if head == [0x7F, 0x45, 0x4C, 0x46] {
      kind = .elf
    } else if head.starts(with: [0x23, 0x21]) {
      kind = .script
    } else {
      kind = .data
    }
    return DriftFileState(
      type: .file, mode: entry.mode, size: entry.size,
      sha256: Digest(hasher.finalize()).description, contentKind: kind)
  }
}
