import Foundation
import PlimsollDiagnostics
public import PlimsollLayers

/// Reads `Gemfile.lock`: the gems under `GEM` → `specs:` (four spaces, `name (version)`), a
/// platform suffix (`-x86_64-linux`) cut from the version; the `DEPENDENCIES` section says
/// which are direct.
public struct GemfileLockCataloger: Cataloger {
  public var name: String { "gemfile-lock" }

  public init() {}

  public func wants(_ entry: EntryInfo) -> Bool {
    ["Gemfile.lock", "gems.locked"].contains((entry.path as NSString).lastPathComponent)
  }

  static let platforms = ["linux", "darwin", "mingw", "mswin", "java", "x86", "x64", "arm", "aarch64", "universal"]

  public func catalog(_ file: LayerFile) -> CatalogResult {
    var section = ""
    var inSpecs = false
    var specs: [(String, String)] = []
    var direct = Set<String>()
    for raw in String(decoding: file.contents, as: UTF8.self).split(separator: "\n") {
      let line = String(raw)
      if !line.hasPrefix(" ") {
        section = line.trimmingCharacters(in: .whitespaces)
        inSpecs = false
        continue
      }
      if line.trimmingCharacters(in: .whitespaces) == "specs:" { inSpecs = true; continue }
      if section == "GEM", inSpecs, line.hasPrefix("    "), !line.hasPrefix("     "),
        let open = line.firstIndex(of: "("), line.hasSuffix(")")
      {
        let name = line[..<open].trimmingCharacters(in: .whitespaces)
        var version = String(line[line.index(after: open)..<line.index(before: line.endIndex)])
        if let dash = version.firstIndex(of: "-"),
          Self.platforms.contains(where: { version[dash...].lowercased().contains($0) })
        {
          version = String(version[..<dash])
        }
        // A gem locked for several platforms is one package.
        if !specs.contains(where: { $0 == (name, version) }) { specs.append((name, version)) }
      } else if section == "DEPENDENCIES", line.hasPrefix("  ") {
        let name = line.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? ""
        direct.insert(name.replacingOccurrences(of: "!", with: ""))
      }
    }
    return CatalogResult(packages: specs.map { name, version in
      .locked(.gem, name: name, version: version, file: file, direct: direct.isEmpty ? nil : direct.contains(name))
    })
  }
}
