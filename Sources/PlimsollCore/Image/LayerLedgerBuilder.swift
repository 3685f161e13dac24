import PlimsollCatalog
import PlimsollFindings

/// Builds an image's layer ledger from what the scan already has: the layer list and history
/// (the inventory's target), every package's runs over the layers (the package merge), and the
/// findings, which carry the layer that holds them.
enum LayerLedgerBuilder {
  /// The rule whose findings are setuid and setgid files.
  static let setuidRule = "PLM-IMG-007"
  /// The rule whose findings are world-writable directories.
  static let worldWritableRule = "PLM-IMG-008"

  /// The ledger, or nil for a target without image layers (a directory, a root filesystem).
  static func build(inventory: Inventory, history: [PackageRun], findings: [Finding]) -> LayerLedger? {
    let target = inventory.target
    guard target.sourceKind != "rootfs", !target.layers.isEmpty,
      target.layers.allSatisfy({ !$0.diffID.isEmpty })
    else { return nil }
    let layerByDigest = Dictionary(
      target.layers.flatMap { [($0.diffID, $0.index), ($0.digest, $0.index)] },
      uniquingKeysWith: { first, _ in first })
    var layers = target.layers.map {
      LedgerLayer(index: $0.index, diffID: $0.diffID, digest: $0.digest, createdBy: $0.createdBy,
                  size: $0.size)
    }
    let positions = Dictionary(layers.enumerated().map { ($1.index, $0) }, uniquingKeysWith: { first, _ in first })

    for (layer, packages) in packageChanges(inventory: inventory, history: history,
                                            findings: findings) {
      guard let position = positions[layer] else { continue }
      layers[position].added += packages.added
      layers[position].changed += packages.changed
      layers[position].removed += packages.removed
    }
    for file in files(findings, layerByDigest: layerByDigest) {
      if let position = positions[file.addedInLayer] { layers[position].files.append(file) }
      if let removedIn = file.removedInLayer, let position = positions[removedIn] {
        layers[position].removedFiles.append(file)
      }
    }
    return LayerLedger(layers: layers)
  }

  /// Packages each layer added, changed (another version in the same place) and removed.
  static func packageChanges(inventory: Inventory, history: [PackageRun], findings: [Finding])
    -> [Int: (added: [LedgerPackage], changed: [LedgerPackage], removed: [LedgerPackage])]
  {
    let finalPackages = Dictionary(inventory.packages.map { ($0.identity, $0) },
                                   uniquingKeysWith: { first, _ in first })
    var findingsByPackage: [String: [LedgerFinding]] = [:]
    for finding in findings where finding.kind == .vulnerability && finding.package != nil {
      let key = LedgerFinding.subject(of: finding) + "\u{1F}" + (finding.location?.path ?? "")
      findingsByPackage[key, default: []].append(LedgerFinding(of: finding))
    }
    func entry(_ run: PackageRun, previousVersion: String? = nil) -> LedgerPackage {
      let package = run.removedInLayer == nil ? finalPackages[run.package.identity] ?? run.package : run.package
      let subject = package.purl.isEmpty ? "\(package.name)@\(package.version)" : package.purl
      let ledgerFindings = run.removedInLayer == nil
        ? (findingsByPackage[subject + "\u{1F}" + package.foundIn] ?? []) : []
      return LedgerPackage(
        type: package.type.rawValue, name: package.name, version: package.version,
        previousVersion: previousVersion, foundIn: package.foundIn,
        purl: package.purl.isEmpty ? nil : package.purl, addedInLayer: run.addedInLayer,
        removedInLayer: run.removedInLayer,
        findings: ledgerFindings.sorted { ($0.severity, $1.id) > ($1.severity, $0.id) })
    }
    func place(_ package: Package) -> String {
      "\(package.type.rawValue)|\(package.type.ecosystem.normalizedName(package.name))|\(package.foundIn)"
    }
    // Only packages: the records some catalogers emit for their finish steps to join (a
    // copyright file's licenses) are not, and the final image lists what survived as packages.
    let history = history.filter { run in
      run.removedInLayer == nil ? finalPackages[run.package.identity] != nil
        : !run.package.version.isEmpty && run.package.metadata["record"] == nil
    }
    var result: [Int: (added: [LedgerPackage], changed: [LedgerPackage], removed: [LedgerPackage])] = [:]
    // A package removed by the layer that installs another version of it in the same place
    // was changed, not removed.
    var replaced: [String: PackageRun] = [:]
    for run in history {
      if let removedIn = run.removedInLayer { replaced["\(removedIn)|" + place(run.package)] = run }
    }
    var changedPlaces = Set<String>()
    for run in history {
      let key = "\(run.addedInLayer)|" + place(run.package)
      if let previous = replaced[key], previous.package.version != run.package.version {
        changedPlaces.insert(key)
        result[run.addedInLayer, default: ([], [], [])].changed.append(
          entry(run, previousVersion: previous.package.version))
      } else {
        result[run.addedInLayer, default: ([], [], [])].added.append(entry(run))
      }
    }
    for run in history {
      guard let removedIn = run.removedInLayer else { continue }
      if changedPlaces.contains("\(removedIn)|" + place(run.package)) { continue }
      result[removedIn, default: ([], [], [])].removed.append(entry(run))
    }
    for layer in result.keys {
      result[layer]?.added.sort(by: packageOrder)
      result[layer]?.changed.sort(by: packageOrder)
      result[layer]?.removed.sort(by: packageOrder)
    }
    return result
  }

  static func packageOrder(_ lhs: LedgerPackage, _ rhs: LedgerPackage) -> Bool {
    (lhs.type, lhs.name, lhs.version, lhs.foundIn) < (rhs.type, rhs.name, rhs.version, rhs.foundIn)
  }

  /// Files with findings in a layer: secrets, configuration files, setuid files and
  /// world-writable directories.
  static func files(_ findings: [Finding], layerByDigest: [String: Int]) -> [LedgerFile] {
    var byFile: [String: LedgerFile] = [:]
    for finding in findings {
      let category: LedgerFileCategory
      if finding.id == setuidRule {
        category = .setuid
      } else if finding.id == worldWritableRule {
        category = .worldWritable
      } else if finding.kind == .secret {
        category = .secret
      } else if finding.kind == .misconfiguration {
        category = .config
      } else {
        continue
      }
      guard let path = finding.location?.path, !path.isEmpty else { continue }
      let layer = finding.properties["layerIndex"].flatMap { Int($0) }
        ?? finding.location?.layerDigest.flatMap { layerByDigest[$0] }
      // A rule about the image's configuration (not a file) has a history line, not a path.
      guard let layer, category != .config || path.hasPrefix("/") else { continue }
      let removedIn = finding.properties["removedInLayer"].flatMap { Int($0) }
      let key = "\(category.rawValue)|\(layer)|\(path)"
      var file = byFile[key] ?? LedgerFile(category: category, path: path, addedInLayer: layer,
                                           removedInLayer: removedIn)
      file.findings.append(LedgerFinding(of: finding))
      byFile[key] = file
    }
    return byFile.values.sorted {
      ($0.addedInLayer, $0.category.rawValue, $0.path) < ($1.addedInLayer, $1.category.rawValue, $1.path)
    }
  }
}
