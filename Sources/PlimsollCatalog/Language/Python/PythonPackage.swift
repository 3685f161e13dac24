/// Python distribution names and Package URLs.
public enum PythonPackageName {
  /// The PEP 503 normalised form: lower case, runs of `-`, `_`, `.` become one `-`.
  ///
  /// PyPI, pip and advisory databases compare names in this form (`MarkupSafe` = `markupsafe`,
  /// `zope.interface` = `zope-interface`).
  public static func normalize(_ name: String) -> String {
    var out = ""
    var pendingSeparator = false
    for character in name.lowercased() {
      if character == "-" || character == "_" || character == "." {
        pendingSeparator = true
      } else {
        if pendingSeparator && !out.isEmpty { out.append("-") }
        pendingSeparator = false
        out.append(character)
      }
    }
    return out
  }

  /// `pkg:pypi/<normalised name>@<version>`.
  public static func purl(name: String, version: String) -> String {
    PackageURL(type: PackageType.python.purlType, name: normalize(name), version: version).description
  }

  /// The name part of a `.dist-info` / `.egg-info` directory name (`PyJWT-2.6.0.egg-info` → `PyJWT`).
  static func distributionName(fromDirectory directory: Substring) -> String {
    var stem = directory
    for suffix in [".dist-info", ".egg-info"] where stem.hasSuffixIgnoringCase(suffix) {
      stem = stem.dropLast(suffix.count)
    }
    return String(stem.split(separator: "-", maxSplits: 1).first ?? stem)
  }
}
