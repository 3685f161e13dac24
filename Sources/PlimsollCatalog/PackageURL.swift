/// A Package URL (purl), built per the purl specification: `pkg:type/namespace/name@version?qualifiers#subpath`.
public struct PackageURL: Sendable, Hashable, CustomStringConvertible {
  public var type: String
  public var namespace: String?
  public var name: String
  public var version: String?
  /// Qualifiers; written sorted by key, empty values dropped.
  public var qualifiers: [String: String]
  public var subpath: String?

  public init(type: String, namespace: String? = nil, name: String, version: String? = nil,
              qualifiers: [String: String] = [:], subpath: String? = nil) {
    self.type = type
    self.namespace = namespace
    self.name = name
    self.version = version
    self.qualifiers = qualifiers
    self.subpath = subpath
  }

  /// The canonical string form.
  public var description: String {
    var out = "pkg:" + type.lowercased() + "/"
    if let namespace, !namespace.isEmpty {
      out += namespace.split(separator: "/").map { Self.percentEncode(String($0)) }
        .joined(separator: "/") + "/"
    }
    out += Self.percentEncode(name)
    if let version, !version.isEmpty { out += "@" + Self.percentEncode(version) }
    let pairs = qualifiers.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
    if !pairs.isEmpty {
      out += "?" + pairs.map { $0.key.lowercased() + "=" + Self.percentEncode($0.value) }
        .joined(separator: "&")
    }
    if let subpath, !subpath.isEmpty {
      out += "#" + subpath.split(separator: "/").map { Self.percentEncode(String($0)) }
        .joined(separator: "/")
    }
    return out
  }

  /// Percent-encodes everything but unreserved characters (RFC 3986) and `:` as purl allows.
  static func percentEncode(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"):
        out.append(Character(Unicode.Scalar(byte)))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    return out
  }
}
