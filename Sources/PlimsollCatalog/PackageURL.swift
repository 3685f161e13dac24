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

extension PackageURL {
  /// Parses a purl string (`pkg:type/namespace/name@version?qualifiers#subpath`); nil when it
  /// is not one.
  public init?(parsing text: String) {
    guard text.hasPrefix("pkg:") else { return nil }
    var rest = Substring(text.dropFirst(4))
    while rest.hasPrefix("/") { rest = rest.dropFirst() }
    var subpath: String?
    if let hash = rest.firstIndex(of: "#") {
      subpath = Self.percentDecode(String(rest[rest.index(after: hash)...]))
      rest = rest[..<hash]
    }
    var qualifiers: [String: String] = [:]
    if let question = rest.firstIndex(of: "?") {
      for pair in rest[rest.index(after: question)...].split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { continue }
        qualifiers[parts[0].lowercased()] = Self.percentDecode(String(parts[1]))
      }
      rest = rest[..<question]
    }
    var version: String?
    if let at = rest.lastIndex(of: "@"), at != rest.startIndex {
      version = Self.percentDecode(String(rest[rest.index(after: at)...]))
      rest = rest[..<at]
    }
    let segments = rest.split(separator: "/").map { Self.percentDecode(String($0)) }
    guard segments.count >= 2, let name = segments.last, !name.isEmpty else { return nil }
    let namespace = segments.dropFirst().dropLast().joined(separator: "/")
    self.init(type: segments[0].lowercased(), namespace: namespace.isEmpty ? nil : namespace,
              name: name, version: version, qualifiers: qualifiers, subpath: subpath)
  }

  /// Decodes `%XX` escapes; malformed escapes are kept as written.
  static func percentDecode(_ text: String) -> String {
    guard text.contains("%") else { return text }
    var bytes: [UInt8] = []
    var index = text.utf8.startIndex
    let utf8 = text.utf8
    while index < utf8.endIndex {
      let byte = utf8[index]
      if byte == UInt8(ascii: "%"),
        let first = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex), first < utf8.endIndex,
        let second = utf8.index(index, offsetBy: 2, limitedBy: utf8.endIndex), second < utf8.endIndex,
        let value = UInt8(String(decoding: [utf8[first], utf8[second]], as: UTF8.self), radix: 16)
      {
        bytes.append(value)
        index = utf8.index(after: second)
      } else {
        bytes.append(byte)
        index = utf8.index(after: index)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
