/// The header fields of a Python core metadata file (`METADATA`, `PKG-INFO`).
///
/// The format is RFC 822 headers: `Name: value`, continuation lines start with white space,
/// and the headers end at the first empty line (the description may follow).
public struct PythonMetadata: Sendable, Hashable {
  /// Field values in file order, keyed by the lower-cased field name.
  public private(set) var fields: [String: [String]] = [:]

  /// Parses the headers of `text`.
  public init(text: String) {
    var currentKey: String?
    for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
      let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
      if line.isEmpty { break }
      if let first = line.first, first == " " || first == "\t" {
        if let key = currentKey, var values = fields[key], !values.isEmpty {
          values[values.count - 1] += "\n" + line.trimmingWhitespace()
          fields[key] = values
        }
        continue
      }
      guard let colon = line.firstIndex(of: ":") else {
        currentKey = nil
        continue
      }
      let key = line[..<colon].trimmingWhitespace().lowercased()
      let value = line[line.index(after: colon)...].trimmingWhitespace()
      fields[key, default: []].append(value)
      currentKey = key
    }
  }

  /// The header block of a metadata file: everything up to the first empty line, so a long
  /// description after it is never decoded.
  public static func headerBytes(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
    var index = 0
    while let newline = bytes[index...].firstIndex(of: 0x0A) {
      let next = newline + 1
      if next < bytes.count, bytes[next] == 0x0A { return bytes[..<next] }
      if next + 1 < bytes.count, bytes[next] == 0x0D, bytes[next + 1] == 0x0A { return bytes[..<next] }
      index = next
    }
    return bytes[...]
  }

  /// The first value of a field (case-insensitive name), nil when absent or empty.
  public func first(_ name: String) -> String? {
    guard let value = fields[name.lowercased()]?.first, !value.isEmpty else { return nil }
    return value
  }

  /// All values of a field.
  public func all(_ name: String) -> [String] { fields[name.lowercased()] ?? [] }

  /// Licenses: `License-Expression` (PEP 639), else a one-line `License`, else the
  /// `License ::` classifiers, else the first line of a long `License` text.
  public var licenses: [String] {
    if let expression = first("License-Expression") { return [expression] }
    let license = first("License").flatMap { $0.uppercased() == "UNKNOWN" ? nil : $0 }
    if let license, !license.contains("\n") { return [license] }
    let classified = all("Classifier").compactMap { classifier -> String? in
      let parts = classifier.split(separator: "::").map { $0.trimmingWhitespace() }
      guard parts.first == "License", parts.count >= 2, let last = parts.last,
        last != "OSI Approved" else { return nil }
      return last
    }
    if !classified.isEmpty { return classified }
    if let license, let line = license.split(separator: "\n").first { return [String(line)] }
    return []
  }
}

extension Substring {
  func trimmingWhitespace() -> String {
    var slice = self[...]
    while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice = slice.dropFirst() }
    while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
    return String(slice)
  }
}
