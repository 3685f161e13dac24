public import Foundation
public import PlimsollFindings
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
  /// Scans the directory at `path`. Inventory, vulnerabilities and secrets come from one
  /// walk that leaves out what `filter` says; the configuration rules read the Dockerfiles,
  /// Compose files and manifests the same filter keeps.
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
    var result = try await ImageScan.run(target, scanners: kinds, data: data, sourceTree: filter)
    result.report.target = path
    result.inventory.target.name = path
    if scanners.contains(.config) {
      let scanner = ConfigScanner(skippedDirectories: filter.skippedDirectoryNames)
      let config = try scanner.scan(path: path)
      // The configuration scanner walks the tree itself; what the filter leaves out is
      // dropped from its results (the file, or any directory above it).
      result.report.findings += config.findings.filter { finding in
        let place = "/" + (finding.location?.path ?? "")
        var directory = (place as NSString).deletingLastPathComponent
        while directory != "/" && !directory.isEmpty {
          if filter.skipsDirectory(directory) { return false }
          directory = (directory as NSString).deletingLastPathComponent
        }
        return !filter.skipsFile(place)
      }
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
