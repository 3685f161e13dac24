public import PlimsollLayers
/// Reads the licenses of Debian packages from machine-readable (DEP-5) copyright files,
/// `/usr/share/doc/<package>/copyright`.
///
/// The dpkg database records no licenses, so this cataloger emits one *license record* per
/// copyright file: a `.deb` `Package` with an empty version, the licenses found, and
/// `metadata["record"] == "dpkg-copyright"`. dpkg never records a package without a version,
/// so a record cannot be mistaken for a package; after merge, `DpkgCopyrightCataloger.join`
/// moves the licenses onto the deb packages of that name and drops the records.
///
/// Only files starting with a `Format:` line are read (free-form copyright files give no
/// reliable license names). Licenses are the `License:` synopses (the field's first line,
/// `GPL-2+`, `Expat`, `GPL-3+ and ISC`) in file order without duplicates. Copyright files are
/// documentation, often loosely formatted: unreadable lines are passed over without warnings.
public struct DpkgCopyrightCataloger: Cataloger {
  /// The cataloger's stable name.
  public var name: String { "dpkg-copyright" }

  /// Moves the licenses of the copyright records onto their packages.
  public func finish(_ packages: [Package], os: OSRelease?) -> [Package] { Self.join(packages) }
  /// The largest file this cataloger reads.
  public var maxFileSize: Int64 { 4 << 20 }

  /// The `metadata["record"]` value marking a license record.
  public static let recordKind = "dpkg-copyright"

  static let prefix = "/usr/share/doc/"
  static let suffix = "/copyright"

  /// A cataloger; it holds no state.
  public init() {}

  /// Wants `/usr/share/doc/<package>/copyright` files.
  public func wants(_ entry: EntryInfo) -> Bool {
    Self.packageName(entry.path) != nil
  }

  /// `<package>` of `/usr/share/doc/<package>/copyright`, or nil for any other path.
  static func packageName(_ path: String) -> String? {
    guard path.hasPrefix(prefix), path.hasSuffix(suffix),
      path.utf8.count > prefix.utf8.count + suffix.utf8.count
    else { return nil }
    let name = path.dropFirst(prefix.count).dropLast(suffix.count)
    guard !name.isEmpty, !name.contains("/") else { return nil }
    return String(name)
  }

  /// Emits one license record for a DEP-5 file, nothing for a free-form one.
  public func catalog(_ file: LayerFile) -> CatalogResult {
    guard let package = Self.packageName(file.path) else { return CatalogResult() }
    let licenses = Self.licenses(in: file.contents)
    guard !licenses.isEmpty else { return CatalogResult() }
    let record = Package(type: .deb, name: package, version: "", licenses: licenses,
                         foundIn: file.path, metadata: ["record": Self.recordKind])
    return CatalogResult(packages: [record])
  }

  /// The `License:` synopses of a DEP-5 copyright file; empty for a free-form file.
  public static func licenses(in bytes: [UInt8]) -> [String] {
    let stanzas = ControlStanzas.parse(bytes)
    guard let header = stanzas.first, header.fields.first?.name.lowercased() == "format" else { return [] }
    var seen: Set<String> = []
    var out: [String] = []
    for stanza in stanzas {
      for field in stanza.fields where field.name.lowercased() == "license" {
        let synopsis = field.value.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
          .first.map { String($0.trimmedBlanks) } ?? ""
        if synopsis.isEmpty || seen.contains(synopsis) { continue }
        seen.insert(synopsis)
        out.append(synopsis)
      }
    }
    return out
  }

  /// Whether `package` is a license record of this cataloger rather than a package.
  public static func isLicenseRecord(_ package: Package) -> Bool {
    package.type == .deb && package.metadata["record"] == recordKind
  }

  /// Moves the licenses of license records onto the deb packages of the same name (keeping
  /// licenses a package already has) and removes the records.
  public static func join(_ packages: [Package]) -> [Package] {
    var licensesByName: [String: [String]] = [:]
    for record in packages where isLicenseRecord(record) {
      licensesByName[record.name, default: []] += record.licenses
    }
    return packages.compactMap { package in
      if isLicenseRecord(package) { return nil }
      guard package.type == .deb, package.licenses.isEmpty, let licenses = licensesByName[package.name] else {
        return package
      }
      var licensed = package
      var seen: Set<String> = []
      licensed.licenses = licenses.filter { seen.insert($0).inserted }
      return licensed
    }
  }
}
