/// Reads the file lists of installed Python distributions.
enum PythonFileList {
  /// The paths in a wheel `RECORD` (CSV: path, hash, size), made absolute against the
  /// directory that holds the `.dist-info` directory.
  static func record(_ text: String, installRoot: String) -> [String] {
    text.split(whereSeparator: \.isNewline).compactMap { line in
      guard let path = firstCSVField(line), !path.isEmpty else { return nil }
      return resolve(path, against: installRoot)
    }
  }

  /// The paths in an egg-info `installed-files.txt`, relative to the `.egg-info` directory.
  static func installedFiles(_ text: String, eggInfoDirectory: String) -> [String] {
    text.split(whereSeparator: \.isNewline).compactMap { line in
      let path = line.trimmingWhitespace()
      return path.isEmpty ? nil : resolve(path, against: eggInfoDirectory)
    }
  }

  /// The first field of a CSV line, honouring double quotes (`"a,b.py",sha256=…,12`).
  static func firstCSVField(_ line: Substring) -> String? {
    guard line.first == "\"" else {
      return String(line.prefix { $0 != "," })
    }
    var out = ""
    var index = line.index(after: line.startIndex)
    while index < line.endIndex {
      let character = line[index]
      if character == "\"" {
        let next = line.index(after: index)
        if next < line.endIndex, line[next] == "\"" {
          out.append("\"")
          index = line.index(after: next)
          continue
        }
        return out
      }
      out.append(character)
      index = line.index(after: index)
    }
    return nil
  }

  /// Joins a relative path to an absolute directory and removes `.` and `..` components
  /// (never above `/`); an absolute path is only normalised.
  static func resolve(_ path: String, against directory: String) -> String {
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
