import PlimsollCatalog
import PlimsollFindings

/// Applies layers in order — whiteouts, opaque directories, files replaced by upper layers —
/// and attributes every surviving package to the layer that introduced it.
struct LayerMerge {
  /// The visible catalogued files by path (one entry per cataloger that read the file), with
  /// the index of the layer that wrote them.
  private var visible: [String: [(facts: FileFacts, layer: Int)]] = [:]
  /// For each package identity, the first layer of its latest unbroken run of visibility.
  private var introducedAt: [String: Int] = [:]
  private(set) var warnings: [ScanWarning] = []
  /// File-analyzer findings of every layer, with the layer that removed or replaced the file.
  private var findings: [(finding: Finding, layer: Int, removedBy: Int?)] = []

  /// Applies one layer on top of the ones before.
  mutating func apply(_ facts: LayerFacts, index: Int) {
    if !findings.isEmpty {
      let rewritten = Set(facts.regularFiles)
      for position in findings.indices where findings[position].removedBy == nil {
        let path = findings[position].finding.location?.path ?? ""
        let removed = rewritten.contains(path)
          || facts.whiteouts.contains { path == $0 || path.hasPrefix($0 + "/") }
          || facts.opaqueDirectories.contains { path.hasPrefix($0 == "/" ? "/" : $0 + "/") }
        if removed { findings[position].removedBy = index }
      }
    }
    findings += facts.findings.map { ($0, index, nil) }
    for directory in facts.opaqueDirectories {
      let prefix = directory == "/" ? "/" : directory + "/"
      visible = visible.filter { !$0.key.hasPrefix(prefix) }
    }
    for deleted in facts.whiteouts {
      let prefix = deleted + "/"
      visible = visible.filter { $0.key != deleted && !$0.key.hasPrefix(prefix) }
    }
    let written = Dictionary(grouping: facts.files, by: \.path)
    for (path, files) in written {
      visible[path] = files.map { ($0, index) }
    }
    warnings += facts.warnings
    let identities = Set(
      visible.values.joined().flatMap { $0.facts.result.packages.map(\.identity) })
    introducedAt = introducedAt.filter { identities.contains($0.key) }
    for identity in identities where introducedAt[identity] == nil {
      introducedAt[identity] = index
    }
  }

  /// The merged result: packages with their layers and owned files, and the image's OS.
  func result(layers: [LayerRef]) -> (packages: [Package], os: OSRelease?, warnings: [ScanWarning])
  {
    var packages: [Package] = []
    var owned: [OwnedFiles] = []
    var osCandidates: [OSReleaseCandidate] = []
    var fileWarnings: [ScanWarning] = []
    for (_, entries) in visible.sorted(by: { $0.key < $1.key }) {
      for entry in entries {
        let result = entry.facts.result
        owned += result.ownedFiles
        if let os = result.osRelease {
          osCandidates.append(OSReleaseCandidate(path: entry.facts.path, release: os))
        }
        fileWarnings += result.warnings
        for var package in result.packages {
          let index = introducedAt[package.identity] ?? entry.layer
          package.layer = index < layers.count ? layers[index] : LayerRef(index: index, diffID: "")
          packages.append(package)
        }
      }
    }
    if !owned.isEmpty {
      // Python folders spell names their own way (`markupsafe-3.0.3.dist-info` for MarkupSafe).
      func ownerName(_ type: PackageType, _ name: String) -> String {
        type == .python ? PythonPackageName.normalize(name) : name
      }
      var byKey: [String: [String]] = [:]
      for list in owned {
        let name = ownerName(list.type, list.packageName)
        byKey["\(list.type.rawValue)|\(name)|\(list.databaseDirectory)", default: []] += list.files
      }
      for index in packages.indices where packages[index].files.isEmpty {
        let package = packages[index]
        for directory in Self.ancestors(of: package.foundIn) {
          let name = ownerName(package.type, package.name)
          if let files = byKey["\(package.type.rawValue)|\(name)|\(directory)"] {
            packages[index].files = files
            break
          }
        }
      }
    }
    packages.sort {
      ($0.type.rawValue, $0.name, $0.version, $0.foundIn) < (
        $1.type.rawValue, $1.name, $1.version, $1.foundIn
      )
    }
    let os = OSDetection.pick(osCandidates)
    // Licenses from dpkg copyright files join their packages; OS purls need the OS.
    packages = OSPackageURLs.assign(DpkgCopyrightCataloger.join(packages), os: os)
    return (packages, os, warnings + fileWarnings)
  }

  /// File-analyzer findings with their layer; a file that a later layer deleted or replaced is
  /// reported as still shipped in the lower layer.
  func layeredFindings(layers: [LayerRef]) -> [Finding] {
    findings.map { entry in
      var finding = entry.finding
      let layer = entry.layer < layers.count ? layers[entry.layer] : nil
      var location = finding.location ?? Location(path: "")
      location.layerDigest = layer?.diffID
      location.createdBy = layer?.createdBy
      finding.location = location
      finding.properties["layerIndex"] = String(entry.layer)
      if let removedBy = entry.removedBy {
        finding.properties["removedInLayer"] = String(removedBy)
        finding.description = "Deleted or replaced in layer \(removedBy), but still in the image "
          + "in layer \(entry.layer)." + (finding.description.map { " " + $0 } ?? "")
      }
      return finding
    }
  }

  /// `/var/lib/dpkg/status` → `/var/lib/dpkg/status`, `/var/lib/dpkg`, `/var/lib`, `/var`.
  static func ancestors(of path: String) -> [String] {
    var out: [String] = []
    var current = Substring(path)
    while !current.isEmpty && current != "/" {
      out.append(String(current))
      guard let slash = current.lastIndex(of: "/") else { break }
      current = current[..<slash]
    }
    return out
  }
}
