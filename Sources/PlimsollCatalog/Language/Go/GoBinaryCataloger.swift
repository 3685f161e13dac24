import PlimsollFindings
import PlimsollDiagnostics
public import PlimsollLayers
import Foundation

/// Finds Go modules in executable ELF files from the build info the Go linker embeds.
///
/// Emits the main module, every dependency (`pkg:golang/<module>@<version>`) and the Go
/// standard library as `stdlib`; a non-Go executable yields nothing.
public struct GoBinaryCataloger: Cataloger {
  public var name: String { "go-binary" }
  public let maxFileSize: Int64

  /// Creates the cataloger; binaries larger than `maxFileSize` are skipped with a warning.
  public init(maxFileSize: Int64 = 128 << 20) {
    self.maxFileSize = maxFileSize
  }

  /// Any file with an execute bit.
  public func wants(_ entry: EntryInfo) -> Bool {
    entry.isExecutable && entry.size >= 64
  }

  /// Reads the build info of one executable.
  public func catalog(_ file: LayerFile) -> CatalogResult {
    guard ELFFile.hasMagic(file.contents) else { return CatalogResult() }
    let elf: ELFFile
    do {
      elf = try ELFFile(bytes: file.contents)
    } catch {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: error.localizedDescription)])
    }
    do {
      guard let info = try GoBuildInfoReader.read(elf) else { return CatalogResult() }
      return CatalogResult(packages: GoPackage.packages(info, foundIn: file.path))
    } catch {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: error.localizedDescription)])
    }
  }
}
