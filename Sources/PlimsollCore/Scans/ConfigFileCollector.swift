import Foundation
import PlimsollFindings
import PlimsollLayers
import PlimsollDiagnostics
import PlimsollRules

/// Gathers the configuration files (Dockerfiles, Compose files, YAML) a source-tree walk
/// passes, so the configuration rules run on them after the same walk, with the
/// cross-file view Kubernetes rules need (a NetworkPolicy in one file covers another's pods).
final class ConfigFileCollector: FileAnalyzer, @unchecked Sendable {
  var name: String { "config-files" }
  var version: String { "1" }
  var maxFileSize: Int64 { 8 << 20 }
  private let files = Locked<[(path: String, contents: Result<Data, ReadFailure>)]>([])

  func wants(_ entry: EntryInfo) -> Bool {
    ConfigScanner.isCandidate(fileNamed: (entry.path as NSString).lastPathComponent)
  }

  func analyze(_ file: LayerFile) -> [Finding] {
    let relative = file.path.hasPrefix("/") ? String(file.path.dropFirst()) : file.path
    files.withLock { $0.append((relative, .success(Data(file.contents)))) }
    return []
  }

  /// The files gathered, in path order.
  var collected: [(path: String, contents: Result<Data, ReadFailure>)] {
    files.withLock { $0 }.sorted { $0.path < $1.path }
  }
}
