import Foundation

/// Every bound Plimsoll puts on what one input may cost, in one place (docs/limits.md lists
/// them). Input is often written by an attacker: a layer that inflates without end, a tar of
/// ten million entries, a path of a megabyte, YAML nested ten thousand deep. Each bound has a
/// name (`ResourceLimit`) and, when crossed, a named error (`ResourceLimitExceeded`) or a
/// warning that says which limit skipped what and how to raise it.
public struct ResourceLimits: Sendable, Equatable {
  /// Uncompressed bytes of one layer, tar archive or engine export (`--max-layer-size`).
  public var layerBytes: Int64 = 64 << 30
  /// Entries of one layer or one directory walk (`--max-entries`).
  public var layerEntries: Int = 10_000_000
  /// Bytes of one file read into memory for analysis (`--max-file-size`); formats have their
  /// own smaller caps below this one (a dpkg status file 256 MiB, a Python METADATA 16 MiB).
  public var fileBytes: Int64 = 512 << 20
  /// Wall time the analysers may spend on one file (`--file-timeout`).
  public var fileTime: Duration = .seconds(30)

  /// Bytes of one path inside a layer or archive (Linux's PATH_MAX); fixed.
  public static let pathBytes = 4096
  /// Bytes of one tar metadata entry: a PAX header, a GNU long name or link; fixed.
  public static let metadataBytes = 1 << 20
  /// Nesting of a YAML or JSON document read by Plimsoll's own parsers; fixed.
  public static let documentDepth = 100
  /// Archives inside archives (a jar in a war in an ear); fixed.
  public static let archiveDepth = 3

  public init() {}

  /// The limits of this process: the defaults unless the command line raised or lowered some.
  public static var configured: ResourceLimits {
    get { storage.withLock { $0 } }
    set { storage.withLock { $0 = newValue } }
  }

  private static let storage = Locked(ResourceLimits())
}

/// The names of Plimsoll's resource limits, with how a user may change each.
public enum ResourceLimit: String, Sendable, CaseIterable {
  case layerBytes = "layer size"
  case layerEntries = "entries per layer"
  case fileBytes = "file size"
  case fileTime = "time per file"
  case pathBytes = "path length"
  case metadataBytes = "tar metadata entry size"
  case documentDepth = "document nesting depth"
  case archiveDepth = "archive nesting depth"

  /// The command-line flag that changes this limit, or nil when it is fixed.
  public var flag: String? {
    switch self {
    case .layerBytes: "--max-layer-size"
    case .layerEntries: "--max-entries"
    case .fileBytes: "--max-file-size"
    case .fileTime: "--file-timeout"
    case .pathBytes, .metadataBytes, .documentDepth, .archiveDepth: nil
    }
  }

  /// How to raise it, for messages: "raise it with --max-entries" or "a fixed limit".
  public var remedy: String {
    flag.map { "raise it with \($0)" } ?? "a fixed limit"
  }
}

/// An input crossed one of Plimsoll's resource limits.
public struct ResourceLimitExceeded: UnusableInput, Sendable, Equatable {
  public var limit: ResourceLimit
  /// The input: a file path, `archive.tar:path`, a layer digest.
  public var input: String
  /// The limit's value, in its unit ("1048576 bytes", "64 levels").
  public var maximum: String

  public init(_ limit: ResourceLimit, input: String, maximum: String) {
    self.limit = limit
    self.input = input
    self.maximum = maximum
  }

  /// What was exceeded, without the input: "exceeds the layer size limit of 8388608 bytes
  /// (raise it with --max-layer-size)".
  public var problem: String { "exceeds the \(limit.rawValue) limit of \(maximum) (\(limit.remedy))" }

  public var errorDescription: String? { "\(input): \(problem)" }

  /// The same, as a warning for what was skipped rather than failed.
  public func warning(_ skipped: String) -> ScanWarning {
    ScanWarning(input: input, message: "\(problem); \(skipped)")
  }
}
