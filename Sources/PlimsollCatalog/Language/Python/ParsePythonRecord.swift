/// Reads the file lists of installed Python distributions.
enum PythonFileList {
  /// The paths in a wheel `RECORD` (CSV: path, hash, size), made absolute against the
  /// directory that holds the `.dist-info` directory.
  static func record(_ bytes: [UInt8], installRoot: String) -> [String] {
    lines(bytes).compactMap { line in
      guard let path = firstCSVField(line), !path.isEmpty else { return nil }
      return resolve(path, against: installRoot)
    }
  }

  /// The paths in an egg-info `installed-files.txt`, relative to the `.egg-info` directory.
  static func installedFiles(_ bytes: [UInt8], eggInfoDirectory: String) -> [String] {
    lines(bytes).compactMap { line in
      let path = Substring(String(decoding: line, as: UTF8.self)).trimmingWhitespace()
      return path.isEmpty ? nil : resolve(path, against: eggInfoDirectory)
    }
  }

  /// Lines split on LF, without a trailing CR; empty lines dropped.
  static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var out: [ArraySlice<UInt8>] = []
    var start = 0
    while start < bytes.count {
      let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
      var line = bytes[start..<end]
      if line.last == 0x0D { line = line.dropLast() }
      if !line.isEmpty { out.append(line) }
      start = end + 1
    }
    return out
  }

  /// The first field of a CSV line, honouring double quotes (`"a,b.py",sha256=…,12`).
  static func firstCSVField(_ line: ArraySlice<UInt8>) -> String? {
    let quote = UInt8(ascii: "\"")
    guard line.first == quote else {
      return String(decoding: line.prefix { $0 != UInt8(ascii: ",") }, as: UTF8.self)
    }
    var out: [UInt8] = []
    var index = line.startIndex + 1
    while index < line.endIndex {
      let byte = line[index]
      if byte == quote {
        let next = index + 1
        if next < line.endIndex, line[next] == quote {
          out.append(quote)
          index = next + 1
          continue
        }
        return String(decoding: out, as: UTF8.self)
      }
      out.append(byte)
      index += 1
    }
    return nil
  }

  /// Whether `path` is relative with no empty, `.` or `..` components (`pkg/mod.py`).
  static func isPlainRelative(_ path: String) -> Bool {
    let slash = UInt8(ascii: "/")
    var length = 0
    var onlyDots = true
    for byte in path.utf8 {
      if byte == slash {
        if length == 0 || (onlyDots && length <= 2) { return false }
        length = 0
        onlyDots = true
      } else {
        length += 1
        if byte != UInt8(ascii: ".") { onlyDots = false }
      }
    }
    return length > 0 && !(onlyDots && length <= 2)
  }

  /// Joins a relative path to an absolute directory and removes `.` and `..` components
  /// (never above `/`); an absolute path is only normalised.
  static func resolve(_ path: String, against directory: String) -> String {
    if isPlainRelative(path) {
      return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }
    let joined = path.hasPrefix("/") ? path : directory + "/" + path
    var parts: [Substring] = []
    for component in joined.split(separator: "/") {
      switch component {
      case ".": continue
      case "..": _ = parts.popLast()
      default: parts.append(component)
      }
    }
    return "/" + parts.joined(separator: "/")
  }
}
