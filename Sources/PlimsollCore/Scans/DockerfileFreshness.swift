import Foundation

/// One `FROM` of a Dockerfile and what its registry says about it now.
public struct FromFacts: Sendable {
  /// The Dockerfile and the line of the `FROM`.
  public var path: String
  public var line: Int
  /// The image as written after ARG expansion (`debian:12.5`).
  public var image: String
  public var reference: PlimsollRegistry.ImageReference
  /// The digest the tag points to now (an index's digest for a multi-platform image).
  public var currentDigest: String?

  /// The `FROM` to write: the tag with the digest it points to now.
  public var pinnedLine: String? {
    guard let currentDigest else { return nil }
    let withoutDigest = image.split(separator: "@", maxSplits: 1).first.map(String.init) ?? image
    return "FROM \(withoutDigest)@\(currentDigest)"
  }
}

/// `plimsoll freshness Dockerfile`: every `FROM` with the digest its tag points to now;
/// unpinned, floating and stale pins flagged with the exact line to write.
public enum DockerfileFreshness {
  static let pinning = "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions"

  /// The checks over each `FROM`.
  public static let checks: [Check<FromFacts>] = [
    Check(freshness: "PLM-FRESH-003", .medium, "FROM uses a floating tag (latest or none)",
          rationale: "`latest` or no tag names whatever was pushed last: the build changes under you.",
          remediation: "Name a version tag and pin its digest.", references: [pinning]) { from in
      guard from.reference.digest == nil, from.reference.tag == "latest" else { return [] }
      return [Observation(.fail, "\(from.image): floating" + (from.pinnedLine.map { "; pin it: \($0)" } ?? ""),
                          startLine: from.line)]
    },
    Check(freshness: "PLM-FRESH-004", .low, "FROM is not pinned by digest",
          rationale: "A tag can be moved to other content; only a digest names exact bytes, and a "
            + "pinned digest makes every base update a visible change.",
          remediation: "Append the digest the tag points to now.", references: [pinning]) { from in
      guard from.reference.digest == nil else { return [] }
      return [Observation(.fail, "\(from.image)" + (from.pinnedLine.map { ": pin it: \($0)" } ?? ""),
                          startLine: from.line)]
    },
    Check(freshness: "PLM-FRESH-005", .medium, "Pinned FROM digest is stale: its tag has moved",
          rationale: "The tag now points to a rebuilt base, usually with security fixes the pinned "
            + "one lacks.",
          remediation: "Update the digest to the tag's current one and rebuild.", references: [pinning]) { from in
      guard let pinned = from.reference.digest, from.reference.tag != nil, let current = from.currentDigest else {
        return []
      }
      if pinned == current { return [Observation(.pass, "\(from.image): the tag still points to it", startLine: from.line)] }
      return [Observation(.fail, "\(from.image): the tag now points to \(current); write: \(from.pinnedLine ?? "")",
                          startLine: from.line)]
    },
  ]

  /// The documentation of the Dockerfile freshness checks.
  /// (They report as container checks, like the image freshness checks: failures first, each
  /// with its evidence, the FROM line to write, under the table.)
  public static var infos: [RuleInfo] { checks.map(\.info) }

  /// Checks every `FROM` of the Dockerfile at `path`; `FROM` lines that name an earlier stage,
  /// `scratch` or an unresolved variable are skipped (the last with a warning).
  public static func run(_ path: String, registry: RegistryImageSource.Options) async throws -> FindingReport {
    var report = FindingReport(target: path)
    for from in try imageFroms(path) {
      let (image, line) = (from.image, from.line)
      guard let reference = from.reference else {
        report.warnings.append(ScanWarning(
          input: "\(path):\(line)", message: "FROM \(image): not an image reference after ARG expansion; skipped"))
        continue
      }
      var facts = FromFacts(path: path, line: line, image: image, reference: reference)
      do {
        // The digest the tag points to now (a FROM with a digest only is looked up by it).
        var tagged = reference
        if reference.tag != nil { tagged.digest = nil }
        facts.currentDigest = try await RegistryImageSource.withClient(
          for: tagged, options: registry, warnings: &report.warnings
        ) {
          try await $0.manifest(tagged.repository, reference: tagged.manifestReference, name: tagged.description).digest
        }
      } catch let error as RegistryError {
        report.warnings.append(ScanWarning(
          input: "\(path):\(line)", message: "\(image): \(error.errorDescription ?? "\(error)")"))
      }
      report.findings += checks.flatMap { $0.findings(facts, at: path) }
    }
    return report
  }
}

extension DockerfileFreshness {
  /// `text` with each image `FROM` pinned to the digest its tag points to now
  /// (`plimsoll fix --pin-base`): `image:tag` → `image:tag@sha256:…`, a stale pin replaced.
  /// A `FROM` written with build arguments, or whose registry cannot be asked, is left as it is
  /// and named in a warning.
  public static func pin(_ text: String, path: String, registry: RegistryImageSource.Options) async
    -> (text: String, pinned: [String], warnings: [ScanWarning])
  {
    var lines = text.components(separatedBy: "\n")
    var pinned: [String] = []
    var warnings: [ScanWarning] = []
    for from in imageFroms(DockerfileParser.parse(text)) {
      let input = "\(path):\(from.line)"
      guard var reference = from.reference, lines.indices.contains(from.line - 1),
        let range = lines[from.line - 1].range(of: from.image)
      else {
        warnings.append(ScanWarning(input: input, message: "FROM \(from.image): written with build arguments; pin it by hand"))
        continue
      }
      if reference.tag != nil { reference.digest = nil }
      let digest: String
      do {
        digest = try await RegistryImageSource.withClient(for: reference, options: registry, warnings: &warnings) {
          try await $0.manifest(reference.repository, reference: reference.manifestReference, name: reference.description).digest
        }
      } catch {
        warnings.append(ScanWarning(input: input, message: "\(from.image): not pinned: \((error as? RegistryError)?.errorDescription ?? "\(error)")"))
        continue
      }
      let withoutDigest = from.image.split(separator: "@", maxSplits: 1).first.map(String.init) ?? from.image
      let written = withoutDigest + "@" + digest
      guard written != from.image else { continue }
      lines[from.line - 1].replaceSubrange(range, with: written)
      pinned.append(written)
    }
    return (lines.joined(separator: "\n"), pinned, warnings)
  }

  /// One `FROM` moved to a newer tag by `bump`.
  public struct Bump: Sendable, Hashable {
    public var line: Int
    public var from: String
    public var to: String
    /// Vulnerabilities of the old and the new image.
    public var before: Int
    public var after: Int
  }

  /// `text` with each image `FROM` moved to the newer tag of its series (`1.2.0` → `1.2.4`,
  /// `-alpine` stays `-alpine`, no major jump) whose image has the fewest vulnerabilities,
  /// when it has fewer than the current one (`plimsoll fix --bump-base`); ties go to the newest.
  /// Every candidate is pulled and scanned with the database in `cache`.
  public static func bump(_ text: String, path: String, registry: RegistryImageSource.Options, platform: Platform,
                          cache: CacheLocation) async -> (text: String, bumps: [Bump], warnings: [ScanWarning])
  {
    guard FileManager.default.fileExists(atPath: cache.databasePath) else {
      return (text, [], [ScanWarning(input: cache.databasePath,
                                     message: "no advisory database: --bump-base needs one (plimsoll db update)")])
    }
    var lines = text.components(separatedBy: "\n")
    var bumps: [Bump] = []
    var warnings: [ScanWarning] = []
    for from in imageFroms(DockerfileParser.parse(text)) {
      let input = "\(path):\(from.line)"
      guard let reference = from.reference, let tag = reference.tag, lines.indices.contains(from.line - 1),
        let range = lines[from.line - 1].range(of: from.image)
      else { continue }
      do {
        let tags = try await RegistryImageSource.withClient(for: reference, options: registry, warnings: &warnings) {
          try await $0.tags(reference.repository, name: reference.description)
        }
        let candidates = TagSeries.newer(than: tag, among: tags, allowMajor: false)
        guard !candidates.isEmpty else { continue }
        func vulnerabilities(_ tag: String) async throws -> Int {
          var tagged = reference
          tagged.tag = tag
          tagged.digest = nil
          let target = ImageTarget(tagged.description, platform: platform, cache: cache, registry: registry)
          return try await ImageScan.run(target, scanners: [.vuln]).report.findings
            .filter { $0.kind == .vulnerability && $0.isFailing }.count
        }
        let current = try await vulnerabilities(tag)
        var best: (tag: String, count: Int)?
        for candidate in candidates {  // newest first: a later one must be strictly better
          let count = try await vulnerabilities(candidate)
          if count < (best?.count ?? current) { best = (candidate, count) }
        }
        guard let best else {
          warnings.append(ScanWarning(input: input, message: "\(from.image): no newer tag of its series has fewer "
            + "vulnerabilities (\(current)); kept"))
          continue
        }
        var moved = reference
        moved.tag = best.tag
        moved.digest = nil
        let written = from.image.replacingOccurrences(of: ":" + tag, with: ":" + best.tag)
          .split(separator: "@", maxSplits: 1).first.map(String.init) ?? moved.description
        lines[from.line - 1].replaceSubrange(range, with: written)
        bumps.append(Bump(line: from.line, from: from.image, to: written, before: current, after: best.count))
      } catch {
        warnings.append(ScanWarning(input: input, message: "\(from.image): not bumped: "
          + ((error as? RegistryError)?.errorDescription ?? "\(error)")))
      }
    }
    return (lines.joined(separator: "\n"), bumps, warnings)
  }

  /// A `FROM` that names an image (not an earlier stage, not `scratch`), after ARG expansion;
  /// `reference` is nil when the expanded text is not an image reference (`$UNSET/x`).
  struct ImageFrom {
    var line: Int
    var image: String
    var reference: PlimsollRegistry.ImageReference?
  }

  /// The image `FROM`s of the Dockerfile at `path`, in file order.
  static func imageFroms(_ path: String) throws -> [ImageFrom] {
    let bytes = try BufferedReader(FileByteStream(path: path), name: path).readAll(limit: 4 << 20)
    return imageFroms(DockerfileParser.parse(Data(bytes)))
  }

  /// The image `FROM`s of a parsed Dockerfile, in file order.
  static func imageFroms(_ dockerfile: Dockerfile) -> [ImageFrom] {
    dockerfile.stages.compactMap { stage in
      guard !stage.from.reference.isScratch, !dockerfile.isStageReference(stage) else { return nil }
      let image = stage.from.expandedImage
      let reference = image.contains("$") ? nil : try? PlimsollRegistry.ImageReference(parsing: image)
      return ImageFrom(line: stage.fromLine, image: image, reference: reference)
    }
  }
}

extension Check where Subject == FromFacts {
  /// A Dockerfile freshness check from its table columns.
  init(
    freshness id: String, _ severity: Severity, _ title: String, rationale: String, remediation: String,
    references: [String], check: @escaping @Sendable (FromFacts) -> [Observation]
  ) {
    self.init(
      info: RuleInfo(id: id, kind: .container, severity: severity, title: title, rationale: rationale,
                     remediation: remediation, references: references),
      observe: check)
  }
}
