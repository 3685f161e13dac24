import PlimsollFindings
import PlimsollDiagnostics
public import PlimsollLayers

/// Finds Alpine packages in apk's database, `/lib/apk/db/installed` (wherever the image's
/// symbolic links put it: `/usr/lib/apk/db/installed` in merged-/usr images).
///
/// The database is a list of records separated by blank lines, one `X:value` field per line:
/// `P` name, `V` version, `A` architecture, `o` origin (the source package), `L` license,
/// `T` description, `U` URL, `m` maintainer, `t` build time, `c` aports commit, and the owned
/// files as `F:` directory lines each followed by its `R:` file lines.
public struct ApkCataloger: Cataloger {
  /// The cataloger's stable name.
  public var name: String { "apk" }
  /// The largest file this cataloger reads.
  public var maxFileSize: Int64 { 256 << 20 }

  /// Where apk keeps its database of installed packages.
  public static let databasePath = "/lib/apk/db/installed"

  /// `/lib/apk/db`, which merged-/usr images (Wolfi, Chainguard) reach through `/lib -> usr/lib`.
  public var databaseDirectories: [String] { ["/lib/apk/db"] }

  /// A cataloger; it holds no state.
  public init() {}

  /// Wants `/lib/apk/db/installed` only.
  public func wants(_ entry: EntryInfo) -> Bool {
    entry.path == Self.databasePath
  }

  /// Parses the database; malformed records are skipped with a warning naming file and line.
  public func catalog(_ file: LayerFile) -> CatalogResult {
    Self.parseInstalled(file.contents, path: file.path)
  }

  /// One record being read.
  struct Record {
    var firstLine: Int
    var fields: [Character: String] = [:]
    var files: [String] = []
    var directory: String?
    var problem: (line: Int, message: String)?
  }

  /// Parses an apk `installed` database.
  static func parseInstalled(_ bytes: [UInt8], path: String) -> CatalogResult {
    var result = CatalogResult()
    var current: Record?

    func finish(_ record: Record) {
      if let problem = record.problem {
        result.warnings.append(ScanWarning(
          input: "\(path):\(problem.line)",
          message: "malformed apk record starting at line \(record.firstLine): \(problem.message); record skipped"))
        return
      }
      guard let name = record.fields["P"], !name.isEmpty else {
        result.warnings.append(ScanWarning(
          input: "\(path):\(record.firstLine)", message: "apk record without a P: (name) field; record skipped"))
        return
      }
      guard let version = record.fields["V"], !version.isEmpty else {
        result.warnings.append(ScanWarning(
          input: "\(path):\(record.firstLine)", message: "apk package \(name) has no V: (version) field; record skipped"))
        return
      }
      var metadata: [String: String] = [:]
      let extras: [(Character, String)] = [
        ("T", PackageMetadataKey.description), ("U", "url"), ("m", PackageMetadataKey.maintainer), ("t", "buildTime"), ("c", "commit"),
        ("S", "size"), ("I", "installedSize"), ("C", "checksum"),
      ]
      for (key, label) in extras {
        if let value = record.fields[key], !value.isEmpty { metadata[label] = value }
      }
      let origin = record.fields["o"].flatMap { $0.isEmpty ? nil : $0 } ?? name
      let licenses = record.fields["L"].flatMap { $0.isEmpty ? nil : [$0] } ?? []
      result.packages.append(Package(
        type: .apk, name: name, version: version, sourceName: origin, sourceVersion: version,
        architecture: record.fields["A"].flatMap { $0.isEmpty ? nil : $0 }, licenses: licenses,
        foundIn: path, files: record.files, metadata: metadata))
    }

    for line in TextLines(bytes) {
      let text = line.text
      if text.trimmedBlanks.isEmpty {
        if let record = current { finish(record) }
        current = nil
        continue
      }
      // Move the record out of `current` so that appending does not copy its arrays.
      var record = current ?? Record(firstLine: line.number)
      current = nil
      defer { current = record }
      if record.problem != nil { continue }
      let utf8 = text.utf8
      guard utf8.count >= 2, let key = text.first, key.isASCII, key.isLetter,
        text.dropFirst().first == ":"
      else {
        record.problem = (line.number, "not an 'X:value' line")
        continue
      }
      let value = String(text.dropFirst(2))
      switch key {
      case "F":
        record.directory = value
      case "R":
        guard !value.isEmpty, !value.contains("/") else {
          record.problem = (line.number, "R: entry is not a file name")
          continue
        }
        if let directory = record.directory, !directory.isEmpty {
          record.files.append("/" + directory + "/" + value)
        } else {
          record.files.append("/" + value)
        }
      case "P" where record.fields[key] != nil, "V" where record.fields[key] != nil:
        record.problem = (line.number, "second \(key): line in one record (a missing blank line between records?)")
      default:
        // Single-valued fields keep their first value; repeated ones (a, Z, M…) describe files.
        if record.fields[key] == nil { record.fields[key] = value }
      }
    }
    if let record = current { finish(record) }
    return result
  }
}
