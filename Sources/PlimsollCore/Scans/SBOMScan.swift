import Foundation

/// `plimsoll sbom-scan`: the vulnerabilities of the packages an SBOM lists.
public enum SBOMScan {
  /// Largest SBOM read.
  public static let maxBytes = 512 << 20

  /// Reads the SBOM at `path` (`-` for standard input: CycloneDX, SPDX or Plimsoll JSON) and
  /// matches its packages against the database at `databasePath`.
  public static func run(_ path: String, databasePath: String) throws
    -> (inventory: Inventory, report: FindingReport)
  {
    let name = path == "-" ? "standard input" : path
    let bytes = try BufferedReader(FileByteStream(path: path == "-" ? "/dev/stdin" : path), name: name)
      .readAll(limit: maxBytes)
    let inventory: Inventory
    do {
      inventory = try SBOMReader.read(bytes, name: name)
    } catch let error as SBOMReader.ReadError {
      throw InputError(error.input, error.problem)
    }
    let database = try AdvisoryDatabase(path: databasePath)
    var findings = try VulnerabilityMatcher(database: database).match(inventory)
    findings.warnings = inventory.warnings + findings.warnings
    return (inventory, findings)
  }
}
