public import Foundation

/// What `plimsoll freshness` found out about an image and the base it was built on.
public struct FreshnessFacts: Sendable {
  /// The image checked.
  public var image: ImageMetadata
  /// The base as its tag points now.
  public var base: ImageMetadata
  /// How many of the image's bottom layers are the current base's layers.
  public var sharedLayers: Int
  /// The base digest the image says it was built on (`org.opencontainers.image.base.digest`).
  public var builtOnDigest: String?
  /// Newer tags of the base in the same series, newest first.
  public var newerTags: [String]
  /// Days a moved base may be tolerated before the check fails (`--max-age`); nil: none.
  public var maxAgeDays: Double?
  /// When the verdict is made.
  public var now: Date
  /// The vulnerabilities a rebuild on the current base removes; nil when they were not looked for.
  public var fixedByRebuild: [Finding]? = nil
  /// How `fixedByRebuild` was counted: between the old base (by its digest) and the current
  /// one, or, when the old base is not to be had, from the image's own packages that the
  /// current base also has.
  public var rebuildComparison: RebuildComparison? = nil

  /// What a rebuild's gain was measured against.
  public enum RebuildComparison: Sendable, Equatable {
    /// The base the image was built on (this digest) and the current base were both scanned.
    case bases(oldDigest: String)
    /// The image and the current base were scanned, limited to the base's packages.
    case imageAgainstCurrentBase
  }

  /// Whether every layer of the current base is under the image's own layers.
  public var builtOnCurrentBase: Bool {
    !base.diffIDs.isEmpty && sharedLayers == base.diffIDs.count
  }

  /// Days since the base's current image was built, when its config says.
  public var baseAgeDays: Double? {
    base.createdDate.map { now.timeIntervalSince($0) / 86_400 }
  }
}

/// `plimsoll freshness`: whether an image is built on the current image of its base tag, and
/// which newer tags of the base exist in the same series.
public enum Freshness {
  /// The checks over the facts, for the report and `plimsoll rules`.
  public static let checks: [Check<FreshnessFacts>] = [
    Check(
      info: RuleInfo(
        id: "PLM-FRESH-001", aliases: ["CIS-4.4"], kind: .container, severity: .medium,
        title: "Image is not built on the current image of its base tag",
        rationale: "Base images are rebuilt for security fixes; an image built on an older base "
          + "keeps every vulnerability fixed since, until it is rebuilt.",
        remediation: "Rebuild the image (docker build --pull) so it starts from the base tag's "
          + "current image, and pin the base by digest to make the next move visible.",
        references: ["https://docs.docker.com/build/building/best-practices/#rebuild-your-images-often"])
    ) { facts in
      let base = facts.base.reference.description
      if facts.builtOnCurrentBase {
        return [Observation(.pass, "built on the current \(base) (\(facts.base.manifestDigest)): "
          + "\(facts.sharedLayers) of its \(facts.image.diffIDs.count) layers are the base's")]
      }
      var evidence = "\(base) now points to \(facts.base.manifestDigest)"
      if let age = facts.baseAgeDays { evidence += String(format: ", built %.0f days ago", age) }
      evidence += "; the image shares \(facts.sharedLayers) of its \(facts.image.diffIDs.count) layers with it"
      if let digest = facts.builtOnDigest { evidence += "; it was built on \(digest)" }
      let withinGrace = facts.maxAgeDays.flatMap { limit in facts.baseAgeDays.map { $0 <= limit } } ?? false
      return [Observation(withinGrace ? .warn : .fail, evidence)]
    },
    Check(
      info: RuleInfo(
        id: "PLM-FRESH-002", kind: .container, severity: .low,
        title: "Newer tags of the base image exist in the same series",
        rationale: "A newer patch or build of the same series usually carries security fixes "
          + "without breaking changes.",
        remediation: "Move the FROM line to the newest tag of the series and rebuild.")
    ) { facts in
      let tag = facts.base.reference.tag ?? "latest"
      guard !facts.newerTags.isEmpty else {
        return [Observation(.pass, "no tag newer than \(tag) in its series")]
      }
      return [Observation(.fail, "newer than \(tag): " + facts.newerTags.prefix(10).joined(separator: ", "))]
    },
    Check(
      info: RuleInfo(
        id: "PLM-FRESH-006", kind: .container, severity: .high,
        title: "A rebuild on the current base removes known vulnerabilities",
        rationale: "The base tag's current image no longer has vulnerabilities that the image "
          + "still carries in the base's packages: rebuilding is the fix.",
        remediation: "Rebuild the image on the base tag's current image (docker build --pull).")
    ) { facts in
      guard let fixed = facts.fixedByRebuild else { return [] }
      guard !fixed.isEmpty else {
        return [Observation(.pass, "the current base has every vulnerability of the image's base packages too")]
      }
      let counts = Severity.allCases.reversed().map { severity in
        "\(severity.rawValue) \(fixed.filter { $0.severity == severity }.count)"
      }
      let ids = Array(Set(fixed.map(\.id))).sorted().prefix(10).joined(separator: ", ")
      var basis = ""
      if case .bases(let old)? = facts.rebuildComparison {
        basis = "; the base it was built on (\(old)) and the current base were both scanned"
      }
      return [Observation(.fail, "\(fixed.count) vulnerabilities (\(counts.joined(separator: ", "))): \(ids)\(basis)")]
    },
  ]

  /// The image's vulnerabilities in packages that `base` also has, which `base` no longer
  /// has: what rebuilding on `base` removes.
  public static func fixedByRebuild(
    image: (inventory: Inventory, report: FindingReport),
    base: (inventory: Inventory, report: FindingReport)
  ) -> [Finding] {
    let basePackages = Set(base.inventory.packages.map { "\($0.type.purlType)|\($0.name)" })
    let baseVulnerabilities = Set(base.report.findings.compactMap { finding in
      finding.package.map { "\(finding.id)|\($0.name)" }
    })
    return image.report.findings.filter { finding in
      guard finding.kind == .vulnerability, let package = finding.package else { return false }
      return basePackages.contains("\(package.type ?? "")|\(package.name)")
        && !baseVulnerabilities.contains("\(finding.id)|\(package.name)")
    }
  }

  /// The old base's vulnerabilities that the current base no longer has (by advisory and
  /// package): what rebuilding on the current base removes from the base's part of the image.
  public static func fixedBetweenBases(
    old: (inventory: Inventory, report: FindingReport),
    current: (inventory: Inventory, report: FindingReport)
  ) -> [Finding] {
    let remaining = Set(current.report.findings.compactMap { finding in
      finding.package.map { "\(finding.id)|\($0.type ?? "")|\($0.name)" }
    })
    return old.report.findings.filter { finding in
      guard finding.kind == .vulnerability, let package = finding.package else { return false }
      return !remaining.contains("\(finding.id)|\(package.type ?? "")|\(package.name)")
    }
  }

  /// The documentation of the freshness checks.
  public static var infos: [RuleInfo] { checks.map(\.info) }

  /// Checks `image` against `base` (else the base its `org.opencontainers.image.base.name`
  /// annotation names). `allowMajor` lets newer tags jump a major version. With `cache` whose
  /// advisory database exists, a stale image and the current base are both scanned for
  /// vulnerabilities, to count what a rebuild removes.
  public static func run(
    image: String, base: String?, platform: Platform, registry: RegistryImageSource.Options,
    maxAgeDays: Double?, allowMajor: Bool, cache: CacheLocation? = nil, now: Date = Date()
  ) async throws -> FindingReport {
    let imageReference = try PlimsollRegistry.ImageReference(parsing: image)
    var warnings: [ScanWarning] = []
    let imageMetadata = try await RegistryImageSource.withClient(
      for: imageReference, options: registry, warnings: &warnings
    ) {
      try await RegistryPull(imageReference, platform: platform).inspect(with: $0)
    }
    let baseReference: PlimsollRegistry.ImageReference
    var inspectedBase: ImageMetadata?
    if let base, FileManager.default.fileExists(atPath: base) {
      (baseReference, inspectedBase) = try await baseFromDockerfile(
        base, image: imageMetadata, platform: platform, registry: registry, warnings: &warnings)
    } else if let named = base ?? imageMetadata.annotations["org.opencontainers.image.base.name"] {
      baseReference = try PlimsollRegistry.ImageReference(parsing: named)
    } else {
      throw InputError(image, "no base image named: pass --base REF or a Dockerfile (the image has no "
        + "org.opencontainers.image.base.name annotation)")
    }
    let (baseMetadata, tags) = try await RegistryImageSource.withClient(
      for: baseReference, options: registry, warnings: &warnings
    ) {
      client in
      let metadata = if let inspectedBase { inspectedBase } else {
        try await RegistryPull(baseReference, platform: platform).inspect(with: client)
      }
      let tags = try await client.tags(baseReference.repository, name: baseReference.description)
      return (metadata, tags)
    }
    let shared = sharedBottomLayers(imageMetadata, baseMetadata)
    var facts = FreshnessFacts(
      image: imageMetadata, base: baseMetadata, sharedLayers: shared,
      builtOnDigest: imageMetadata.annotations["org.opencontainers.image.base.digest"],
      newerTags: TagSeries.newer(than: baseReference.tag ?? "latest", among: tags, allowMajor: allowMajor),
      maxAgeDays: maxAgeDays, now: now)
    if let cache, !facts.builtOnCurrentBase {
      if FileManager.default.fileExists(atPath: cache.databasePath) {
        func scan(_ reference: PlimsollRegistry.ImageReference) async throws -> (Inventory, FindingReport) {
          let target = ImageTarget(reference.description, platform: platform, cache: cache, registry: registry)
          let result = try await ImageScan.run(target, scanners: [.vuln])
          return (result.inventory, result.report)
        }
        let scannedBase = try await scan(baseReference)
        // The base the image was built on, by the digest its annotation gives, when the
        // registry still has it: what a rebuild removes is the difference of the two bases.
        var scannedOld: (Inventory, FindingReport)?
        if let old = facts.builtOnDigest, Digest(old) != nil {
          var reference = baseReference
          reference.tag = nil
          reference.digest = old
          do {
            scannedOld = try await scan(reference)
          } catch let error as RegistryError {
            warnings.append(ScanWarning(
              input: reference.description,
              message: "the base the image was built on cannot be scanned (\(error.errorDescription ?? "\(error)")); "
                + "what a rebuild removes is counted from the image's own packages that the current base has"))
          }
        }
        if let scannedOld, let old = facts.builtOnDigest {
          facts.fixedByRebuild = fixedBetweenBases(old: scannedOld, current: scannedBase)
          facts.rebuildComparison = .bases(oldDigest: old)
        } else {
          let scannedImage = try await scan(imageReference)
          facts.fixedByRebuild = fixedByRebuild(image: scannedImage, base: scannedBase)
          facts.rebuildComparison = .imageAgainstCurrentBase
        }
      } else {
        warnings.append(ScanWarning(
          input: cache.databasePath,
          message: "no advisory database: the vulnerabilities a rebuild removes were not counted"))
      }
    }
    return FindingReport(
      target: imageReference.description,
      findings: checks.flatMap { $0.findings(facts, at: imageReference.description) }, warnings: warnings)
  }
}

extension Freshness {
  /// How many bottom layers (by diffID) two images have in common.
  static func sharedBottomLayers(_ image: ImageMetadata, _ base: ImageMetadata) -> Int {
    zip(image.diffIDs, base.diffIDs).prefix { $0 == $1 }.count
  }

  /// The FROM of the Dockerfile at `path` that `image` is built on: of every FROM (the final
  /// stage's base first), the one whose current layers are most of the image's bottom layers;
  /// the final stage's base when none shares a layer. With it, its metadata when it was read.
  static func baseFromDockerfile(
    _ path: String, image: ImageMetadata, platform: Platform, registry: RegistryImageSource.Options,
    warnings: inout [ScanWarning]
  ) async throws -> (PlimsollRegistry.ImageReference, ImageMetadata?) {
    var candidates: [PlimsollRegistry.ImageReference] = []
    for from in try DockerfileFreshness.imageFroms(path).reversed() {
      guard let reference = from.reference, !candidates.contains(reference) else { continue }
      candidates.append(reference)
    }
    guard let finalBase = candidates.first else {
      throw InputError(path, "no FROM names a registry image")
    }
    var best = (reference: finalBase, shared: 0)
    var inspected: [PlimsollRegistry.ImageReference: ImageMetadata] = [:]
    for reference in candidates {
      let metadata: ImageMetadata
      do {
        metadata = try await RegistryImageSource.withClient(for: reference, options: registry, warnings: &warnings) {
          try await RegistryPull(reference, platform: platform).inspect(with: $0)
        }
      } catch {
        warnings.append(ScanWarning(input: path, message: "FROM \(reference): not compared with the image: "
          + ((error as? RegistryError)?.errorDescription ?? "\(error)")))
        continue
      }
      inspected[reference] = metadata
      let shared = sharedBottomLayers(image, metadata)
      if shared > best.shared { best = (reference, shared) }
    }
    return (best.reference, inspected[best.reference])
  }
}

/// Orders tags the way their own scheme does: `3.19.1` < `3.19.4`, `1.27-alpine` only among
/// `-alpine` tags, `bookworm-20240101` < `bookworm-20240212`.
public struct TagSeries: Sendable, Hashable {
  /// Text before the first number (`bookworm-`, `v`).
  public var prefix: String
  /// The dot-separated numbers (`[3, 19, 1]`).
  public var numbers: [Int]
  /// Text after them (`-alpine`, `-slim`).
  public var suffix: String

  /// The tag's parts, or nil for a tag with no number (`latest`, `stable`).
  public init?(_ tag: String) {
    guard let match = tag.wholeMatch(of: /(\D*?)(\d+(?:\.\d+)*)(.*)/) else { return nil }
    let numbers = match.2.split(separator: ".").compactMap { Int($0) }
    guard !numbers.isEmpty else { return nil }
    prefix = String(match.1)
    self.numbers = numbers
    suffix = String(match.3)
  }

  /// Whether `other` is in this tag's series: the same prefix, suffix and number of parts,
  /// and (unless `allowMajor`) the same major version; a date-like single number has none.
  public func sameSeries(_ other: TagSeries, allowMajor: Bool) -> Bool {
    guard prefix == other.prefix, suffix == other.suffix, numbers.count == other.numbers.count else {
      return false
    }
    let dateLike = numbers.count == 1 && numbers[0] >= 19_000_000
    return allowMajor || dateLike || numbers[0] == other.numbers[0]
  }

  /// The tags among `tags` newer than `tag` in its series, newest first.
  public static func newer(than tag: String, among tags: [String], allowMajor: Bool) -> [String] {
    guard let current = TagSeries(tag) else { return [] }
    return tags.compactMap { candidate in TagSeries(candidate).map { (candidate, $0) } }
      .filter { current.sameSeries($0.1, allowMajor: allowMajor)
        && current.numbers.lexicographicallyPrecedes($0.1.numbers) }
      .sorted { $1.1.numbers.lexicographicallyPrecedes($0.1.numbers) }
      .map(\.0)
  }
}
