import Foundation
public import PlimsollAdvisories
public import PlimsollDiagnostics

/// Fetches the advisory feeds into a download folder and rebuilds the database from them.
///
/// Feeds come from the public URLs (`FeedCatalog`) or a mirror: a web server holding the
/// production layout that `plimsoll db mirror` writes, or any tree of feed files listed by a
/// `SHA256SUMS` manifest (as the advisory snapshot has). Unchanged files cost a conditional
/// request (or nothing, when the manifest's digest matches); nothing changed means no rebuild.
public struct FeedUpdate: Sendable {
  /// Where the feeds come from.
  public enum Origin: Sendable, Equatable {
    /// The public feeds.
    case upstream
    /// A mirror at this base URL (`http://host:port/prefix/`).
    case mirror(String)

    /// `upstream` for nil, else a mirror (a trailing `/` added).
    public init(_ url: String?) {
      guard let url else {
        self = .upstream
        return
      }
      self = .mirror(url.hasSuffix("/") ? url : url + "/")
    }

    /// A folder name for its downloads, so that two origins never mix their files.
    var folderName: String {
      switch self {
      case .upstream: return "upstream"
      case .mirror(let base):
        let kept = base.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "_" }
        return "mirror-" + String(kept).trimmingCharacters(in: CharacterSet(charactersIn: "_"))
      }
    }
  }

  /// What happened to one feed file.
  public struct FileResult: Sendable {
    public var name: String
    public var path: String
    /// `downloaded`, `resumed`, `unchanged`, `not found`, or `failed: …`.
    public var outcome: String
    public var bytes: Int64
  }

  /// What an update did.
  public struct Report: Sendable {
    public var files: [FileResult]
    /// The rebuild, or nil when nothing had changed.
    public var build: DatabaseBuilder.UpdateReport?
    public var warnings: [ScanWarning]
    /// Bytes of feed bodies transferred.
    public var transferred: Int64 { files.reduce(0) { $0 + $1.bytes } }
  }

  public var origin: Origin
  public var caCertificate: String?
  /// Called as each file finishes (a terminal shows progress with it).
  public var progress: (@Sendable (FileResult) -> Void)?

  public init(origin: Origin, caCertificate: String? = nil,
              progress: (@Sendable (FileResult) -> Void)? = nil) {
    self.origin = origin
    self.caCertificate = caCertificate
    self.progress = progress
  }

  /// The download folder of this origin under a cache root.
  public func downloads(in cacheRoot: String) -> String {
    cacheRoot + "/feeds/" + origin.folderName
  }

  /// Downloads every feed into `cacheRoot/feeds/<origin>` and rebuilds `database` if any
  /// file changed (or the database is missing). An error leaves the old database in place.
  public func update(cacheRoot: String, database: String) async throws -> Report {
    let folder = downloads(in: cacheRoot)
    var (report, state, present) = try await download(into: folder)
    let fingerprint = state.fingerprint(of: present)
    if state.builtFrom == fingerprint, (try? AdvisoryDatabase(path: database)) != nil {
      return report
    }
    do {
      report.build = try DatabaseBuilder().build(from: folder, to: database)
    } catch {
      // A feed that cannot be read is fetched afresh next time rather than trusted again.
      if let error = error as? InputError, let broken = present.first(where: { error.input.hasSuffix($0) }) {
        state.files[broken] = nil
        try? FileManager.default.removeItem(atPath: folder + "/" + broken)
      }
      state.builtFrom = nil
      try? state.save(to: folder)
      throw error
    }
    state.builtFrom = fingerprint
    try state.save(to: folder)
    return report
  }

  /// Downloads every feed into `folder` (the production layout, plus a `SHA256SUMS`
  /// manifest), without building a database: `plimsoll db mirror`.
  public func mirror(into folder: String) async throws -> Report {
    let (report, state, present) = try await download(into: folder)
    let manifest = present.sorted().compactMap { path in
      state.files[path].map { "\($0.sha256)  \(path)" }
    }.joined(separator: "\n") + "\n"
    try Data(manifest.utf8).write(to: URL(fileURLWithPath: folder + "/SHA256SUMS"), options: .atomic)
    return report
  }

  /// Fetches the feed list and every file in it; returns the report, the state, and the
  /// paths of the files now present.
  func download(into folder: String) async throws -> (Report, FeedState, [String]) {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var state = FeedState.load(from: folder)
    let downloader = try FeedDownloader(caCertificate: caCertificate)
    do {
      var warnings: [ScanWarning] = []
      var files = try await feedList(downloader, folder: folder, state: &state, warnings: &warnings)
      var results: [FileResult] = []
      var present: [String] = []
      // Hosts that do not resolve are not tried: their files keep an older copy, if any.
      var unresolved: [String] = []
      for host in Set(files.compactMap { URLComponents(string: $0.url)?.host }).sorted()
      where await !FeedDownloader.resolves(host) {
        unresolved.append(host)
      }
      if !unresolved.isEmpty {
        let skipped = files.filter { unresolved.contains(URLComponents(string: $0.url)?.host ?? "") }
        files.removeAll { unresolved.contains(URLComponents(string: $0.url)?.host ?? "") }
        for file in skipped {
          if state.files[file.path] != nil, FileManager.default.fileExists(atPath: folder + "/" + file.path) {
            present.append(file.path)
          }
          results.append(FileResult(name: file.name, path: file.path, outcome: "failed", bytes: 0))
        }
        warnings.append(ScanWarning(input: originName, message: "cannot resolve "
          + unresolved.joined(separator: ", ") + " (no network?); \(skipped.count) feed files not fetched"))
      }
      try await withThrowingTaskGroup(of: (FeedFile, Result<(FeedDownloader.Outcome, FeedState.Entry?), any Error>).self) { group in
        var pending = files.makeIterator()
        func startNext() {
          guard let file = pending.next() else { return }
          let known = state.files[file.path]
          group.addTask {
            let destination = folder + "/" + file.path
            do {
              try FileManager.default.createDirectory(
                atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
              return (file, .success(try await downloader.fetch(
                file.url, name: file.name, to: destination, known: known, expectedSHA256: file.sha256)))
            } catch {
              return (file, .failure(error))
            }
          }
        }
        for _ in 0..<4 { startNext() }
        while let (file, result) = try await group.next() {
          startNext()
          let haveCopy = state.files[file.path] != nil
            && FileManager.default.fileExists(atPath: folder + "/" + file.path)
          var outcome: FileResult
          let now = ISO8601DateFormatter().string(from: Date())
          switch result {
          case .success((.unchanged, _)):
            state.files[file.path]?.checkedAt = now
            outcome = FileResult(name: file.name, path: file.path, outcome: "unchanged", bytes: 0)
            present.append(file.path)
          case .success((.downloaded(let bytes, let resumed), var entry)):
            entry?.fetchedAt = now
            entry?.checkedAt = now
            state.files[file.path] = entry
            outcome = FileResult(name: file.name, path: file.path, outcome: resumed ? "resumed" : "downloaded",
                                 bytes: bytes)
            present.append(file.path)
          case .success((.notFound, _)):
            outcome = FileResult(name: file.name, path: file.path, outcome: "not found", bytes: 0)
          case .failure(let error):
            if case .unreachable(_, _, _, let partialETag)? = error as? FeedError, let partialETag {
              state.files[file.path, default: FeedState.Entry(size: 0, sha256: "")].partialETag = partialETag
            }
            if haveCopy {
              present.append(file.path)
              warnings.append(ScanWarning(input: file.url, message: "\(error); the copy fetched before is used"))
            } else {
              warnings.append(ScanWarning(input: file.url, message: "\(error)"))
            }
            outcome = FileResult(name: file.name, path: file.path, outcome: "failed", bytes: 0)
          }
          results.append(outcome)
          progress?(outcome)
        }
      }
      try? state.save(to: folder)
      await downloader.shutdown()
      guard !present.isEmpty else {
        let reason = warnings.first?.message ?? "none of the feeds exists there"
        throw InputError(originName, "no advisory feed could be fetched: \(reason)")
      }
      let order = Dictionary(files.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
      let missing = results.filter { $0.outcome == "not found" }.sorted { order[$0.path] ?? 0 < order[$1.path] ?? 0 }
      if !missing.isEmpty, missing.count < results.count {
        warnings.append(ScanWarning(input: originName, message: "not published there: "
          + missing.map(\.name).joined(separator: ", ")))
      }
      return (Report(files: results.sorted { $0.path < $1.path }, build: nil, warnings: warnings), state, present)
    } catch {
      await downloader.shutdown()
      throw error
    }
  }

  var originName: String {
    switch origin {
    case .upstream: "the public advisory feeds"
    case .mirror(let base): base
    }
  }

  /// The files to fetch: a mirror's `SHA256SUMS` when it has one, else the catalog (with
  /// Alpine's branches read from the secdb index where it can be listed; a warning says when
  /// it could not be, and the known branches are read instead).
  func feedList(_ downloader: FeedDownloader, folder: String, state: inout FeedState,
                warnings: inout [ScanWarning]) async throws -> [FeedFile] {
    let base: String
    switch origin {
    case .upstream:
      base = ""
    case .mirror(let mirror):
      base = mirror
      let manifest = folder + "/SHA256SUMS"
      let (outcome, entry) = try await fetchListing(downloader, url: mirror + "SHA256SUMS", name: "SHA256SUMS",
                                                    to: manifest, state: &state)
      if outcome != .notFound, entry != nil,
        let text = try? String(contentsOfFile: manifest, encoding: .utf8)
      {
        return try Self.manifestFiles(text, base: mirror)
      }
    }
    var branches = FeedCatalog.alpineBranches
    let indexURL = base.isEmpty ? FeedCatalog.alpineSecDB + "/" : base + "secdb.alpinelinux.org/"
    let index = folder + "/.alpine-secdb-index.html"
    let known = "reading the known branches \(branches.first ?? "")…\(branches.last ?? "")"
    do {
      let (outcome, _) = try await fetchListing(downloader, url: indexURL, name: "alpine secdb index",
                                                to: index, state: &state)
      if outcome == .notFound {
        warnings.append(ScanWarning(input: indexURL, message: "the Alpine secdb index is not there; \(known)"))
      } else if let html = try? String(contentsOfFile: index, encoding: .utf8),
        case let listed = FeedCatalog.alpineBranches(inIndex: html), !listed.isEmpty
      {
        branches = listed
      } else {
        warnings.append(ScanWarning(input: indexURL, message: "the Alpine secdb index lists no branch; \(known)"))
      }
    } catch {
      warnings.append(ScanWarning(input: indexURL, message: "cannot list the Alpine secdb index (\(error)); \(known)"))
    }
    return FeedCatalog.files(alpineBranches: branches).map { file in
      guard !base.isEmpty else { return file }
      var mirrored = FeedFile(mirrored: file.path, base: base, sha256: nil)
      mirrored.name = file.name
      return mirrored
    }
  }

  /// Fetches a listing (manifest, index page) with the same conditional request as feeds.
  private func fetchListing(_ downloader: FeedDownloader, url: String, name: String, to path: String,
                            state: inout FeedState) async throws -> (FeedDownloader.Outcome, FeedState.Entry?)
  {
    let key = (path as NSString).lastPathComponent
    let (outcome, entry) = try await downloader.fetch(url, name: name, to: path, known: state.files[key],
                                                      expectedSHA256: nil)
    if let entry { state.files[key] = entry }
    return (outcome, entry)
  }

  /// The files a `SHA256SUMS` manifest lists (`<sha256>  <path>`), refusing paths that leave
  /// the mirror (absolute, `..`).
  static func manifestFiles(_ text: String, base: String) throws -> [FeedFile] {
    var files: [FeedFile] = []
    for (number, line) in text.split(separator: "\n").enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let parts = trimmed.split(separator: " ", maxSplits: 1)
      guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit) else {
        throw InputError(base + "SHA256SUMS", "line \(number + 1) is not `<sha256>  <path>`")
      }
      var path = parts[1].trimmingCharacters(in: .whitespaces)
      if path.hasPrefix("*") { path.removeFirst() }
      if path.hasPrefix("./") { path.removeFirst(2) }
      let components = path.split(separator: "/", omittingEmptySubsequences: false)
      guard !path.hasPrefix("/"), !components.contains(where: { $0 == ".." || $0.isEmpty }),
        !components.contains(where: { $0.hasPrefix(".") })
      else {
        throw InputError(base + "SHA256SUMS", "line \(number + 1) names a path outside the mirror: \(path)")
      }
      if path == "SHA256SUMS" || path.hasSuffix("/README.md") || path == "README.md" { continue }
      files.append(FeedFile(mirrored: path, base: base, sha256: String(parts[0]).lowercased()))
    }
    return files
  }
}
