import Foundation
import PlimsollDiagnostics
public import PlimsollLayers

/// Reads `go.mod`: every required module with its version, `// indirect` ones marked
/// transitive, `replace` directives applied (a replacement by a local path is not a module
/// version and is left out, with a warning).
public struct GoModCataloger: Cataloger {
  public var name: String { "go-mod" }

  public init() {}

  public func wants(_ entry: EntryInfo) -> Bool {
    (entry.path as NSString).lastPathComponent == "go.mod"
  }

  public func catalog(_ file: LayerFile) -> CatalogResult {
    var required: [(path: String, version: String, indirect: Bool)] = []
    var replaced: [String: (path: String, version: String?)] = [:]
    var block: String?
    for raw in String(decoding: file.contents, as: UTF8.self).split(separator: "\n") {
      var line = raw.trimmingCharacters(in: .whitespaces)
      let indirect = line.hasSuffix("// indirect")
      if let comment = line.range(of: "//") { line = String(line[..<comment.lowerBound]).trimmingCharacters(in: .whitespaces) }
      if line.isEmpty { continue }
      if line == ")" { block = nil; continue }
      var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
      if let keyword = words.first, ["require", "replace", "exclude", "retract"].contains(keyword) {
        if words.count == 2, words[1] == "(" { block = keyword; continue }
        block = nil
        words.removeFirst()
        handle(keyword, words)
      } else if let keyword = block {
        handle(keyword, words)
      }
      func handle(_ keyword: String, _ words: [String]) {
        switch keyword {
        case "require" where words.count >= 2:
          required.append((words[0], words[1], indirect))
        case "replace":
          guard let arrow = words.firstIndex(of: "=>"), arrow > 0, arrow + 1 < words.count else { return }
          let target = words[arrow + 1]
          replaced[words[0]] = (target, arrow + 2 < words.count ? words[arrow + 2] : nil)
        default:
          break
        }
      }
    }
    var packages: [Package] = []
    var warnings: [ScanWarning] = []
    for (path, version, indirect) in required {
      var module = path
      var moduleVersion = version
      if let replacement = replaced[path] {
        guard let newVersion = replacement.version else {
          warnings.append(ScanWarning(input: file.path, message: "\(path) is replaced by the local path \(replacement.path); not checked"))
          continue
        }
        module = replacement.path
        moduleVersion = newVersion
      }
      packages.append(.locked(.golang, name: module, version: moduleVersion,
                              purl: GoPackage.purl(modulePath: module, version: moduleVersion),
                              file: file, direct: !indirect))
    }
    return CatalogResult(packages: packages, warnings: warnings)
  }
}
