public import Foundation

/// One crate recorded by cargo-auditable.
public struct AuditableCrate: Sendable, Hashable {
  public var name: String
  public var version: String
  /// `crates.io`, `local`, `git`, `registry`, …
  public var source: String?
  /// `runtime` (the default) or `build`.
  public var kind: String
  /// Indexes into the crate list.
  public var dependencies: [Int]
  /// Whether this is the crate the binary was built from.
  public var isRoot: Bool
}

/// Why a `.dep-v0` section could not be read.
public enum CargoAuditableError: Error, LocalizedError, Sendable, Equatable {
  case inflate(String)
  case malformedJSON(String)

  public var errorDescription: String? {
    switch self {
    case .inflate(let message): "cargo-auditable .dep-v0 section: \(message)"
    case .malformedJSON(let detail): "cargo-auditable .dep-v0 section: malformed JSON (\(detail))"
    }
  }
}

/// Reads the dependency list cargo-auditable embeds in Rust binaries.
///
/// The `.dep-v0` ELF section holds zlib-compressed JSON:
/// `{"packages":[{"name","version","source","kind","dependencies","root"}]}`.
public enum CargoAuditableReader {
  /// Largest JSON text accepted after inflating.
  public static let maxJSONSize = 16 << 20

  /// Decompresses and parses the contents of a `.dep-v0` section.
  public static func parse<C: Collection>(section: C) throws(CargoAuditableError) -> [AuditableCrate]
  where C.Element == UInt8 {
    let json: [UInt8]
    do {
      json = try ZlibInflate.inflate(section, limit: maxJSONSize)
    } catch {
      throw .inflate(error.message)
    }
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(json))
    } catch {
      throw .malformedJSON("not JSON")
    }
    guard let root = object as? [String: Any], let list = root["packages"] as? [Any] else {
      throw .malformedJSON("no \"packages\" array")
    }
    var crates: [AuditableCrate] = []
    for (index, item) in list.enumerated() {
      guard let entry = item as? [String: Any], let name = entry["name"] as? String,
        let version = entry["version"] as? String
      else {
        throw .malformedJSON("package \(index) lacks a name or version")
      }
      let dependencies = (entry["dependencies"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue }
      crates.append(AuditableCrate(
        name: name, version: version, source: entry["source"] as? String,
        kind: entry["kind"] as? String ?? "runtime", dependencies: dependencies,
        isRoot: (entry["root"] as? Bool) ?? false))
    }
    return crates
  }
}
