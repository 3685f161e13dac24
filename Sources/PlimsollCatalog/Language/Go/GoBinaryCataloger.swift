import PlimsollFindings
import PlimsollDiagnostics
public import PlimsollLayers
import Foundation

/// Finds Go modules in executables (ELF, PE, Mach-O) from the build info the Go linker embeds.
///
/// Emits the main module, every dependency (`pkg:golang/<module>@<version>`) and the Go
/// standard library as `stdlib`; a non-Go executable yields nothing. A main module at
/// `(devel)` takes a version stamped with `-ldflags -X` (see `GoPackage.ldflagsVersion`). An
/// executable of another format that holds Go build info is reported as not read.
public struct GoBinaryCataloger: Cataloger {
  public var name: String { "go-binary" }
  /// 2: PE and Mach-O, `-ldflags` versions, warnings for other formats.
  public var version: Int { 2 }
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
    let info: GoBuildInfo?
    do {
      switch ExecutableFormat.of(file.contents) {
      case .elf:
        info = try GoBuildInfoReader.read(try ELFFile(bytes: file.contents))
      case .some(let format):
        info = try GoBuildInfoReader.read(try ExecutableSections(file.contents, format: format))
      case nil:
        return Self.unrecognisedFormat(file)
      }
    } catch {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: "\(error.localizedDescription)")])
    }
    guard let info else { return CatalogResult() }
    return CatalogResult(packages: GoPackage.packages(info, foundIn: file.path))
  }

  /// Nothing for scripts and other files; a warning for an executable of a format this
  /// cataloger does not read that carries Go build info.
  static func unrecognisedFormat(_ file: LayerFile) -> CatalogResult {
    let bytes = file.contents
    if bytes.starts(with: Array("#!".utf8)) { return CatalogResult() }
    guard GoBuildInfoReader.scanForHeader(bytes) != nil else { return CatalogResult() }
    let magic = bytes.prefix(4).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
      .joined(separator: " ")
    return CatalogResult(warnings: [ScanWarning(
      input: file.path,
      message: "executable in a format other than ELF, PE or Mach-O (starts \(magic)) holds Go build info; not read")])
  }
}
