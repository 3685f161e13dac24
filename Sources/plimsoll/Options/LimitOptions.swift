import ArgumentParser
import PlimsollCore

/// The resource limits a user may need to raise (docs/limits.md lists every limit). They apply
/// to the whole process as soon as the command line is parsed, before any work starts.
struct LimitOptions: ParsableArguments {
  @Option(help: ArgumentHelp(
    "Largest uncompressed layer, tar archive or engine export (default 64G).", valueName: "size"))
  var maxLayerSize: ByteCount?

  @Option(help: ArgumentHelp("Most entries in one layer or directory walk (default 10000000).", valueName: "count"))
  var maxEntries: Int?

  @Option(help: ArgumentHelp(
    "Largest file read into memory for analysis (default 512M).", valueName: "size"))
  var maxFileSize: ByteCount?

  @Option(help: ArgumentHelp("Seconds the analysers may spend on one file (default 30).", valueName: "seconds"))
  var fileTimeout: Double?

  /// The process's limits with these options applied.
  var limits: ResourceLimits {
    var limits = ResourceLimits()
    if let maxLayerSize { limits.layerBytes = maxLayerSize.bytes }
    if let maxEntries { limits.layerEntries = maxEntries }
    if let maxFileSize { limits.fileBytes = maxFileSize.bytes }
    if let fileTimeout { limits.fileTime = .milliseconds(Int64(fileTimeout * 1000)) }
    return limits
  }

  func validate() throws {
    if let maxEntries, maxEntries < 1 { throw ValidationError("--max-entries: expected at least 1") }
    if let fileTimeout, !(fileTimeout > 0 && fileTimeout <= 86_400) {
      throw ValidationError("--file-timeout: expected seconds above 0, at most 86400")
    }
    ResourceLimits.configured = limits
  }
}

/// A size in bytes, written `1048576`, `512K`, `512M`, `64G`, `1T` (powers of 1024; `KiB`,
/// `MB` and friends read the same).
struct ByteCount: ExpressibleByArgument {
  var bytes: Int64

  init?(argument: String) {
    var digits = Substring(argument.trimmingCharacters(in: .whitespaces))
    var unit = ""
    while let last = digits.last, last.isLetter {
      unit = String(last).uppercased() + unit
      digits = digits.dropLast()
    }
    let shifts: [String: Int64] = ["": 0, "B": 0, "K": 10, "KB": 10, "KIB": 10, "M": 20, "MB": 20, "MIB": 20,
                                   "G": 30, "GB": 30, "GIB": 30, "T": 40, "TB": 40, "TIB": 40]
    guard let shift = shifts[unit], let value = Int64(digits), value > 0,
      value <= Int64.max >> shift
    else { return nil }
    bytes = value << shift
  }
}
