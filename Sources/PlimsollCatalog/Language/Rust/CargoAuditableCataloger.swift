import PlimsollFindings
import PlimsollDiagnostics
public import PlimsollLayers
import Foundation

/// Finds Rust crates in executables built with cargo-auditable: the `.dep-v0` section of an
/// ELF, PE or Mach-O file.
///
/// Build-time crates (`"kind": "build"`: build scripts, proc macros' helpers) are not in the
/// binary and are left out unless `includeBuildDependencies` is set.
public struct CargoAuditableCataloger: Cataloger {
  public var name: String { "cargo-auditable" }
  /// 2: PE and Mach-O.
  public var version: Int { 2 }
  public let maxFileSize: Int64
  public let includeBuildDependencies: Bool

  /// Creates the cataloger; binaries larger than `maxFileSize` are skipped with a warning.
  public init(maxFileSize: Int64 = 128 << 20, includeBuildDependencies: Bool = false) {
    self.maxFileSize = maxFileSize
    self.includeBuildDependencies = includeBuildDependencies
  }

  /// Any file with an execute bit.
  public func wants(_ entry: EntryInfo) -> Bool {
    entry.isExecutable && entry.size >= 64
  }

  /// Reads the `.dep-v0` section of one executable, if it has one.
  ///
  /// An executable whose headers are unreadable yields nothing here: the Go binary cataloger,
  /// which reads the same files, reports it once.
  public func catalog(_ file: LayerFile) -> CatalogResult {
    let found: (offset: UInt64, size: UInt64, data: ArraySlice<UInt8>?)
    switch ExecutableFormat.of(file.contents) {
    case .elf:
      guard let elf = try? ELFFile(bytes: file.contents), let section = elf.section(named: ".dep-v0") else {
        return CatalogResult()
      }
      found = (section.offset, section.size, elf.data(of: section))
    case .some(let format):
      guard let executable = try? ExecutableSections(file.contents, format: format),
        let section = executable.section(named: ".dep-v0")
      else { return CatalogResult() }
      found = (UInt64(section.range?.lowerBound ?? 0), UInt64(section.range?.count ?? 0), executable.data(of: section))
    case nil:
      return CatalogResult()
    }
    guard let data = found.data else {
      return CatalogResult(warnings: [ScanWarning(
        input: file.path,
        message: "cargo-auditable .dep-v0 section lies outside the file (offset \(found.offset), size \(found.size))")])
    }
    do {
      let crates = try CargoAuditableReader.parse(section: data)
      let shipped = crates.filter { includeBuildDependencies || $0.kind != "build" }
      return CatalogResult(packages: shipped.map { crate in
        var metadata = ["kind": crate.kind]
        if let source = crate.source { metadata["source"] = source }
        if crate.isRoot { metadata["root"] = "true" }
        return Package(type: .cargo, name: crate.name, version: crate.version,
                       purl: PackageURL(type: PackageType.cargo.purlType, name: crate.name,
                                        version: crate.version).description,
                       foundIn: file.path, metadata: metadata)
      })
    } catch {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: error.localizedDescription)])
    }
  }
}
