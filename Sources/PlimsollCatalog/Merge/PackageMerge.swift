public import PlimsollDiagnostics
public import PlimsollLayers

/// Applies catalogued layers in order — whiteouts, opaque directories, files replaced by upper
/// layers — and attributes every surviving package to the layer that introduced it.
///
/// It knows no ecosystem: names are compared through the ecosystem table, and what needs the
/// whole image (joins across files, purls that need the OS) is each cataloger's `finish` step.
public struct PackageMerge {
  /// The catalogers whose results are merged, for their finish steps.
  let catalogers: [any Cataloger]
  /// The visible catalogued files by path (one entry per cataloger that read the file), with
  /// the index of the layer that wrote them.
  private var visible = MergedPaths<[(facts: FileFacts, layer: Int)]>()
  /// The image's symbolic links so far: a file counts only where its catalogued path leads.
  private var symlinks = ImageSymlinks()
  /// For each package identity, the first layer of its latest unbroken run of visibility.
  private var introducedAt: [String: Int] = [:]
  private var warnings: [ScanWarning] = []
  /// Every run of visibility of every package, in the order the layers made them.
  public private(set) var history: [PackageRun] = []
  /// The position in `history` of each visible package's open run.
  private var openRuns: [String: Int] = [:]

  public init(catalogers: [any Cataloger]) {
    self.catalogers = catalogers
  }

  /// Applies one layer on top of the ones before.
  public mutating func apply(_ layer: WalkedLayer<CatalogFacts>, index: Int) {
    let written = Dictionary(grouping: layer.files, by: \.path).mapValues { files in
      files.map { (facts: $0, layer: index) }
    }
    visible.apply(layer.deletions, writes: written)
    symlinks.apply(layer.deletions, links: layer.symlinks, files: written.keys)
    warnings += layer.warnings
    var packages: [String: Package] = [:]
    for entry in visible.visible.values.joined() where isReachable(entry.facts) {
      for package in entry.facts.result.packages where packages[package.identity] == nil {
        packages[package.identity] = package
      }
    }
    introducedAt = introducedAt.filter { packages[$0.key] != nil }
    for identity in packages.keys.sorted() where introducedAt[identity] == nil {
      introducedAt[identity] = index
    }
    for (identity, position) in openRuns.sorted(by: { $0.key < $1.key }) where packages[identity] == nil {
      history[position].removedInLayer = index
      openRuns[identity] = nil
    }
    for (identity, package) in packages.sorted(by: { $0.key < $1.key }) where openRuns[identity] == nil {
      openRuns[identity] = history.count
      history.append(PackageRun(package: package, addedInLayer: index))
    }
  }

  /// The merged result: packages with their layers and owned files, the image's OS, and the
  /// warnings of every layer and file.
  public func result(layers: [LayerRef]) -> (packages: [Package], os: OSRelease?, warnings: [ScanWarning]) {
    var packages: [Package] = []
    var owned: [OwnedFiles] = []
    var osCandidates: [OSReleaseCandidate] = []
    var fileWarnings: [ScanWarning] = []
    for (_, entries) in visible.visible.sorted(by: { $0.key < $1.key }) {
      // A file one cataloger read under several linked paths counts once.
      var counted = Set<String>()
      for entry in entries where isReachable(entry.facts) && counted.insert(entry.facts.cataloger).inserted {
        let result = entry.facts.result
        owned += result.ownedFiles
        if let os = result.osRelease {
          osCandidates.append(OSReleaseCandidate(path: releaseFilePath(entry.facts), release: os))
        }
        fileWarnings += result.warnings
        for var package in result.packages {
          let index = introducedAt[package.identity] ?? entry.layer
          package.layer = index < layers.count ? layers[index] : LayerRef(index: index, diffID: "")
          packages.append(package)
        }
      }
    }
    Self.attach(owned, to: &packages)
    packages.sort {
      ($0.type.rawValue, $0.name, $0.version, $0.foundIn) < (
        $1.type.rawValue, $1.name, $1.version, $1.foundIn
      )
    }
    let decision = OSDetection.decide(osCandidates, packages: packages)
    let os = decision.release
    if let warning = decision.warning { fileWarnings.append(warning) }
    for cataloger in catalogers.sorted(by: { $0.finishOrder < $1.finishOrder }) {
      packages = cataloger.finish(packages, os: os)
    }
    return (packages, os, warnings + fileWarnings)
  }

  /// The release file a file stands for: the path of the release file the image's links lead
  /// to it (`/etc/dpkg/origins/default -> ubuntu`), else its own.
  func releaseFilePath(_ facts: FileFacts) -> String {
    if !symlinks.isEmpty {
      for source in OSReleaseSource.allCases where source.path != facts.path {
        if symlinks.resolve(source.path) == facts.path { return source.path }
      }
    }
    return facts.catalogedPath
  }

  /// Whether the file's catalogued path leads to it through the image's symbolic links: a
  /// database read under a linked path (`/lib/apk/db/installed` for `/usr/lib/apk/…`) counts
  /// only when `/lib` is a link to `usr/lib`, and a file below a directory that a later layer
  /// replaced with a link is gone.
  func isReachable(_ facts: FileFacts) -> Bool {
    if symlinks.isEmpty { return facts.linkedPath == nil }
    return symlinks.resolve(facts.catalogedPath) == facts.path
  }

  /// Gives each package without files the file list its database keeps apart (dpkg's
  /// `info/NAME.list`, a Python `RECORD`), joined on type, normalised name and the nearest
  /// database directory above the package's own file.
  static func attach(_ owned: [OwnedFiles], to packages: inout [Package]) {
    guard !owned.isEmpty else { return }
    var byKey: [String: [String]] = [:]
    for list in owned {
      let name = list.type.ecosystem.normalizedName(list.packageName)
      byKey["\(list.type.rawValue)|\(name)|\(list.databaseDirectory)", default: []] += list.files
    }
    for index in packages.indices where packages[index].files.isEmpty {
      let package = packages[index]
      let name = package.type.ecosystem.normalizedName(package.name)
      for directory in ancestors(of: package.foundIn) {
        if let files = byKey["\(package.type.rawValue)|\(name)|\(directory)"] {
          packages[index].files = files
          break
        }
      }
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

/// One stretch of layers in which a package was in the image: the layer that installed it and
/// the layer that removed it (nil while the final image still has it).
public struct PackageRun: Sendable, Hashable {
  /// The package as its layer's database recorded it (before the finish steps: OS packages
  /// have no purl yet).
  public var package: Package
  public var addedInLayer: Int
  public var removedInLayer: Int?

  public init(package: Package, addedInLayer: Int, removedInLayer: Int? = nil) {
    self.package = package
    self.addedInLayer = addedInLayer
    self.removedInLayer = removedInLayer
  }
}
