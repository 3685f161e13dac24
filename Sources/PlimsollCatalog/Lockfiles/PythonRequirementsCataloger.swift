import Foundation
import PlimsollDiagnostics
public import PlimsollLayers

/// Reads pip requirements files (`requirements*.txt`, `requirements/*.txt`): each pinned
/// `name==version` line is a direct dependency. Unpinned lines are reported as unpinned,
/// never guessed; options (`-r`, `-c`, `--hash`, `-e`, index URLs) are not packages.
public struct PythonRequirementsCataloger: Cataloger {
  public var name: String { "python-requirements" }
  public var maxFileSize: Int64 { 4 << 20 }

  public init() {}

  public func wants(_ entry: EntryInfo) -> Bool {
    let name = (entry.path as NSString).lastPathComponent.lowercased()
    guard name.hasSuffix(".txt") else { return false }
    return name.hasPrefix("requirements")
      || (entry.path as NSString).deletingLastPathComponent.hasSuffix("/requirements")
  }

  public func catalog(_ file: LayerFile) -> CatalogResult {
    var packages: [Package] = []
    var unpinned: [String] = []
    // Continuation lines (`\` at the end) join the next line.
    let text = String(decoding: file.contents, as: UTF8.self).replacingOccurrences(of: "\\\n", with: " ")
    for raw in text.split(separator: "\n") {
      var line = raw.trimmingCharacters(in: .whitespaces)
      if let comment = line.range(of: " #") { line = String(line[..<comment.lowerBound]) }
      if line.hasPrefix("#") || line.hasPrefix("-") || line.isEmpty || line.contains("://") { continue }
      if let marker = line.firstIndex(of: ";") { line = String(line[..<marker]) }
      line = line.components(separatedBy: " --hash").first ?? line
      line = line.trimmingCharacters(in: .whitespaces)
      guard let match = line.range(of: #"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*===?\s*([^\s,;]+)$"#,
                                   options: .regularExpression)
      else {
        if let name = line.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]*"#, options: .regularExpression) {
          unpinned.append(String(line[name]))
        }
        continue
      }
      let pinned = String(line[match])
      let name = String(pinned.prefix { $0.isLetter || $0.isNumber || "._-".contains($0) })
      let version = pinned.components(separatedBy: "=").last?.trimmingCharacters(in: .whitespaces) ?? ""
      guard !version.isEmpty, !version.contains("*") else {
        unpinned.append(name)
        continue
      }
      packages.append(.locked(.python, name: name, version: version, file: file, direct: true))
    }
    var warnings: [ScanWarning] = []
    if !unpinned.isEmpty {
      warnings.append(ScanWarning(input: file.path, message: "\(unpinned.count) unpinned requirements not checked "
        + "(no exact version to match): " + unpinned.prefix(10).joined(separator: ", ")
        + (unpinned.count > 10 ? ", …" : "")))
    }
    return CatalogResult(packages: packages, warnings: warnings)
  }
}
