import PlimsollFindings
public import PlimsollDiagnostics
public import PlimsollLayers

/// Finds Maven packages in zip-based Java archives (`.jar`, `.war`, `.ear`, `.par`, `.sar`,
/// `.nar`, Jenkins' `.jpi` and `.hpi`, `.kar`, `.lpkg`).
///
/// One package per `pom.properties` anywhere in the archive (usually
/// `META-INF/maven/<g>/<a>/pom.properties`); without any, one package from an embedded
/// `pom.xml` (its own coordinates), `META-INF/MANIFEST.MF` and the file name, in that order.
/// A package whose version none of them gives is listed with a warning saying so. Nested archives (`BOOT-INF/lib/x.jar`,
/// `WEB-INF/lib/x.jar`, …) are read recursively up to `maxNestingDepth`, and everything
/// extracted from one outer archive counts against `maxExtractedBytes` (a zip-bomb guard).
/// Archives are read from memory with the bounds-checked `ZipReader`.
public struct JavaArchiveCataloger: Cataloger {
  public var name: String { "java-archive" }
  /// 2: pom.properties anywhere, embedded pom.xml, more archive kinds, versionless warnings.
  public var version: Int { 2 }
  public let maxFileSize: Int64
  /// Archives nested deeper than this (the outer archive is depth 0) are skipped with a warning.
  public let maxNestingDepth: Int
  /// Bytes that may be decompressed from one outer archive, nested archives included.
  public let maxExtractedBytes: Int

  /// Creates the cataloger with its limits.
  public init(maxFileSize: Int64 = 128 << 20, maxNestingDepth: Int = ResourceLimits.archiveDepth,
              maxExtractedBytes: Int = 256 << 20) {
    self.maxFileSize = maxFileSize
    self.maxNestingDepth = maxNestingDepth
    self.maxExtractedBytes = maxExtractedBytes
  }

  /// Files whose name ends in a Java archive extension.
  public func wants(_ entry: EntryInfo) -> Bool {
    JavaArchiveFileName.isArchive(entry.path)
  }

  /// Reads one archive and the archives nested in it.
  public func catalog(_ file: LayerFile) -> CatalogResult {
    var walk = Walk(maxNestingDepth: maxNestingDepth, maxExtractedBytes: maxExtractedBytes)
    walk.scan(file.contents, location: file.path, fileName: file.entry.fileName, depth: 0)
    return CatalogResult(packages: walk.packages, warnings: walk.warnings)
  }

  /// The state of reading one outer archive.
  struct Walk {
    let maxNestingDepth: Int
    let maxExtractedBytes: Int
    /// Bytes that may still be extracted.
    var budget: Int
    var packages: [Package] = []
    var warnings: [ScanWarning] = []
    /// Set once the budget ran out, so the walk stops and warns once.
    var exhausted = false

    init(maxNestingDepth: Int, maxExtractedBytes: Int) {
      self.maxNestingDepth = maxNestingDepth
      self.maxExtractedBytes = maxExtractedBytes
      self.budget = maxExtractedBytes
    }

    static let metadataLimit = 1 << 20

    mutating func scan(_ bytes: [UInt8], location: String, fileName: Substring, depth: Int) {
      let archive: ZipReader
      do {
        archive = try ZipReader(bytes: bytes)
      } catch {
        warnings.append(ScanWarning(input: location, message: "not a readable zip archive (\(error.message)); skipped"))
        return
      }
      var poms: [ZipReader.Entry] = []
      var pomXMLs: [ZipReader.Entry] = []
      var manifestEntry: ZipReader.Entry?
      var nested: [ZipReader.Entry] = []
      for entry in archive.entries where !entry.isDirectory {
        let path = entry.path
        if path == "META-INF/MANIFEST.MF" {
          manifestEntry = entry
        } else if path == "pom.properties" || path.hasSuffix("/pom.properties") {
          poms.append(entry)
        } else if path == "pom.xml" || path.hasSuffix("/pom.xml") {
          pomXMLs.append(entry)
        } else if JavaArchiveFileName.isArchive(path) {
          nested.append(entry)
        }
      }
      let manifest = manifestEntry.flatMap { entry in
        extract(entry, from: archive, location: location, limit: Self.metadataLimit)
          .map { JavaManifest(text: String(decoding: $0, as: UTF8.self)) }
      }
      var found = 0
      for entry in poms.sorted(by: { $0.path < $1.path }) {
        guard let bytes = extract(entry, from: archive, location: location, limit: Self.metadataLimit) else { continue }
        guard let pom = PomProperties.parse(String(decoding: bytes, as: UTF8.self), pathInArchive: entry.path) else {
          warnings.append(ScanWarning(input: location + ":" + entry.path,
                                      message: "pom.properties lacks groupId, artifactId or version; skipped"))
          continue
        }
        packages.append(JavaPackage.fromPom(pom, pathInArchive: entry.path, location: location, manifest: manifest))
        found += 1
      }
      if found == 0 && poms.isEmpty {
        // The archive's own POM: the shortest path (a fat jar also carries its libraries' POMs).
        let pom = pomXMLs.sorted { ($0.path.count, $0.path) < ($1.path.count, $1.path) }.first.flatMap { entry in
          extract(entry, from: archive, location: location, limit: Self.metadataLimit)
            .map { MavenPOMCataloger.projectCoordinates(String(decoding: $0, as: UTF8.self)) }
        }
        let package = JavaPackage.fromManifest(manifest, pom: pom, fileName: fileName, location: location)
        if package.version.isEmpty {
          warnings.append(ScanWarning(
            input: location,
            message: "no version in pom.properties, pom.xml, the manifest or the file name; \(package.name) listed without a version"))
        }
        packages.append(package)
      }
      for entry in nested.sorted(by: { $0.path < $1.path }) {
        guard !exhausted else { return }
        let nestedLocation = location + ":" + entry.path
        guard depth + 1 <= maxNestingDepth else {
          warnings.append(ResourceLimitExceeded(.archiveDepth, input: nestedLocation,
                                                maximum: "\(maxNestingDepth) levels").warning("skipped"))
          continue
        }
        guard let bytes = extract(entry, from: archive, location: location, limit: Int.max) else { continue }
        let name = entry.path.split(separator: "/").last ?? Substring(entry.path)
        scan(bytes, location: nestedLocation, fileName: name, depth: depth + 1)
      }
    }

    /// Extracts one entry, counting its bytes against the budget; nil (with a warning) when
    /// it is corrupt, larger than `limit`, or would exhaust the budget.
    mutating func extract(_ entry: ZipReader.Entry, from archive: ZipReader, location: String,
                          limit: Int) -> [UInt8]? {
      let input = location + ":" + entry.path
      guard entry.uncompressedSize <= UInt64(limit) else {
        warnings.append(ScanWarning(input: input, message: "entry declares \(entry.uncompressedSize) bytes, more than the \(limit) read for it; skipped"))
        return nil
      }
      guard entry.uncompressedSize <= UInt64(budget) else {
        exhaust(location: location, entry: input)
        return nil
      }
      do {
        let out = try archive.extract(entry, limit: budget)
        budget -= out.count
        return out
      } catch {
        warnings.append(ScanWarning(input: input, message: "cannot extract archive entry (\(error.message)); skipped"))
        return nil
      }
    }

    mutating func exhaust(location: String, entry: String) {
      exhausted = true
      warnings.append(ScanWarning(
        input: entry,
        message: "extraction stopped: more than \(maxExtractedBytes) bytes would be decompressed from \(location.split(separator: ":").first ?? Substring(location)) (zip bomb guard); remaining entries skipped"))
    }
  }

}
