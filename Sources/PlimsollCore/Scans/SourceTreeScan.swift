import Foundation
import PlimsollFindings
public import PlimsollLayers
import PlimsollRules

/// The kinds of scan `plimsoll fs` runs over a source tree.
public enum SourceTreeScannerKind: String, Sendable, CaseIterable {
  /// Known vulnerabilities of the dependencies lock files and manifests pin.
  case vuln
  /// Misconfiguration of the Dockerfiles, Compose files and Kubernetes manifests in the tree.
  case config
  /// Secrets in the tree's files.
  case secret
}

/// `plimsoll fs`: a source tree's dependencies (lock files, manifests, installed packages),
/// their vulnerabilities, its configuration files' misconfigurations and its secrets.
public enum SourceTreeScan {
  /// Scans the directory at `path` in one walk that leaves out what `filter` says: its
  /// inventory, secrets, and the configuration files the rules then read together.
  public static func run(_ path: String, scanners: Set<SourceTreeScannerKind>, filter: PathFilter,
                         cache: CacheLocation, data: AdvisoryDataPolicy = AdvisoryDataPolicy()) async throws
    -> ImageScanResult
  {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw InputError(path, "not a directory")
    }
    let filter = filter.addingGitignore(of: path)
    var kinds: Set<ImageScannerKind> = []
    if scanners.contains(.vuln) { kinds.insert(.vuln) }
    if scanners.contains(.secret) { kinds.insert(.secret) }
    // Source trees are not cached by layer: their files change between runs.
    let target = ImageTarget("rootfs:" + path, cache: CacheLocation(root: cache.root.path, usesLayerCache: false))
    let collector = ConfigFileCollector()
    var result = try await ImageScan.run(target, scanners: kinds, data: data, sourceTree: filter,
                                         walkAnalyzers: scanners.contains(.config) ? [collector] : [])
    result.report.target = path
    result.inventory.target.name = path
    if scanners.contains(.config) {
      let config = ConfigScanner.withSecretRules().scan(files: collector.collected, target: path)
      result.report.findings += config.findings
      result.report.warnings += config.warnings
      result.rules += RuleCatalog.all
    }
    // Files are named relative to the tree, as the configuration rules name them.
    for index in result.report.findings.indices {
      if let place = result.report.findings[index].location?.path, place.hasPrefix("/") {
        result.report.findings[index].location?.path = String(place.dropFirst())
      }
    }
    return result
  }
}
