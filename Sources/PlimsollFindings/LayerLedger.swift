/// Per layer of an image, in order: the instruction that made it and what it added, changed
/// and removed, so a report can answer "which instruction added this, and is it still shipped?".
public struct LayerLedger: Codable, Sendable, Hashable {
  public var layers: [LedgerLayer]

  public init(layers: [LedgerLayer]) {
    self.layers = layers
  }

  /// The same ledger listing only the findings in `findings` (what a policy left in the
  /// report), so no view shows a finding the report itself filtered out.
  public func restricted(to findings: [Finding]) -> LayerLedger {
    let kept = Set(findings.map(LedgerFinding.init(of:)))
    func prune(_ packages: [LedgerPackage]) -> [LedgerPackage] {
      packages.map { var package = $0; package.findings = package.findings.filter(kept.contains); return package }
    }
    func prune(_ files: [LedgerFile]) -> [LedgerFile] {
      files.compactMap { file in
        var file = file
        file.findings = file.findings.filter(kept.contains)
        return file.findings.isEmpty ? nil : file
      }
    }
    return LayerLedger(layers: layers.map { layer in
      var layer = layer
      layer.added = prune(layer.added)
      layer.changed = prune(layer.changed)
      layer.removed = prune(layer.removed)
      layer.files = prune(layer.files)
      layer.removedFiles = prune(layer.removedFiles)
      return layer
    })
  }
}

/// One layer of the ledger.
public struct LedgerLayer: Codable, Sendable, Hashable {
  /// Position in the image, 0 = base layer.
  public var index: Int
  /// sha256 of the uncompressed layer tar.
  public var diffID: String
  /// Digest of the blob as stored.
  public var digest: String
  /// The history `created_by` line (the Dockerfile instruction), where the config has one.
  public var createdBy: String?
  /// Size of the stored blob in bytes.
  public var size: Int64
  /// Packages this layer installed (the version it installed is new to the image).
  public var added: [LedgerPackage]
  /// Packages this layer replaced with another version (`previousVersion` says which).
  public var changed: [LedgerPackage]
  /// Packages of earlier layers this layer uninstalled or hid.
  public var removed: [LedgerPackage]
  /// Files with findings this layer wrote: secrets, configuration files, setuid files.
  public var files: [LedgerFile]
  /// Files with findings of earlier layers that this layer deleted or replaced (they still
  /// ship in the earlier layer's tar).
  public var removedFiles: [LedgerFile]

  public init(index: Int, diffID: String, digest: String, createdBy: String? = nil, size: Int64,
              added: [LedgerPackage] = [], changed: [LedgerPackage] = [],
              removed: [LedgerPackage] = [], files: [LedgerFile] = [],
              removedFiles: [LedgerFile] = []) {
    self.index = index
    self.diffID = diffID
    self.digest = digest
    self.createdBy = createdBy
    self.size = size
    self.added = added
    self.changed = changed
    self.removed = removed
    self.files = files
    self.removedFiles = removedFiles
  }
}

/// A package as the ledger lists it.
public struct LedgerPackage: Codable, Sendable, Hashable {
  /// The package type (`deb`, `python`, `npm`…).
  public var type: String
  public var name: String
  public var version: String
  /// The version an earlier layer had installed, for a changed package.
  public var previousVersion: String?
  /// The database or metadata file the package was read from.
  public var foundIn: String
  public var purl: String?
  /// The layer that installed it (for a removed package, the earlier layer).
  public var addedInLayer: Int
  /// The later layer that removed it; nil while it is still in the image.
  public var removedInLayer: Int?
  /// Its vulnerability findings.
  public var findings: [LedgerFinding]

  /// Whether the final image still has it.
  public var stillShipped: Bool { removedInLayer == nil }

  public init(type: String, name: String, version: String, previousVersion: String? = nil,
              foundIn: String, purl: String? = nil, addedInLayer: Int, removedInLayer: Int? = nil,
              findings: [LedgerFinding] = []) {
    self.type = type
    self.name = name
    self.version = version
    self.previousVersion = previousVersion
    self.foundIn = foundIn
    self.purl = purl
    self.addedInLayer = addedInLayer
    self.removedInLayer = removedInLayer
    self.findings = findings
  }
}

/// What sort of file the ledger lists.
public enum LedgerFileCategory: String, Codable, Sendable, CaseIterable {
  /// A file with a secret in it.
  case secret
  /// A configuration file with a misconfiguration finding.
  case config
  /// A setuid or setgid file (rule PLM-IMG-007).
  case setuid
  /// A world-writable directory without the sticky bit (rule PLM-IMG-008).
  case worldWritable = "world-writable"
}

/// A file with findings, in the layer that wrote it.
public struct LedgerFile: Codable, Sendable, Hashable {
  public var category: LedgerFileCategory
  /// Absolute path inside the image.
  public var path: String
  /// The layer that wrote it.
  public var addedInLayer: Int
  /// The later layer that deleted or replaced it; the file still ships in `addedInLayer`.
  public var removedInLayer: Int?
  public var findings: [LedgerFinding]

  /// Whether the final filesystem still has the file.
  public var stillShipped: Bool { removedInLayer == nil }

  public init(category: LedgerFileCategory, path: String, addedInLayer: Int,
              removedInLayer: Int? = nil, findings: [LedgerFinding] = []) {
    self.category = category
    self.path = path
    self.addedInLayer = addedInLayer
    self.removedInLayer = removedInLayer
    self.findings = findings
  }
}

/// A finding the ledger points at: its id and severity, and what it is about (the package's
/// purl or name, else the file's path), enough to find it in the report.
public struct LedgerFinding: Codable, Sendable, Hashable {
  public var id: String
  public var severity: Severity
  /// The package's purl (else `name@version`) or the file's path.
  public var subject: String

  public init(id: String, severity: Severity, subject: String) {
    self.id = id
    self.severity = severity
    self.subject = subject
  }

  /// The reference to `finding`.
  public init(of finding: Finding) {
    self.init(id: finding.id, severity: finding.severity, subject: Self.subject(of: finding))
  }

  /// What `finding` is about, as `subject` spells it.
  public static func subject(of finding: Finding) -> String {
    if let package = finding.package {
      if let purl = package.purl, !purl.isEmpty { return purl }
      return "\(package.name)@\(package.installedVersion)"
    }
    return finding.location?.path ?? ""
  }
}
