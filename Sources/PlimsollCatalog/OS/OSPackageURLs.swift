/// Builds the Package URLs of OS packages once the image's operating system is known.
///
/// Catalogers read one file at a time and cannot know the distribution, so deb, rpm and apk
/// packages leave `purl` empty; the merge calls `assign` with the picked `OSRelease`.
///
/// - deb: `pkg:deb/<id>/<name>@<version>?arch=<arch>&distro=<id>-<version_id>`, plus
///   `upstream=<source>` when the source package name differs from the binary name and
///   `upstream=<source>@<source version>` when the source version differs (as syft writes it).
/// - rpm: `pkg:rpm/<id>/<name>@<version>-<release>?arch=<arch>&epoch=<epoch>&distro=<id>-<version_id>`,
///   plus `upstream=<source rpm file name>` where the header records one (as syft writes it).
/// - apk: `pkg:apk/<id>/<name>@<version>?arch=<arch>&distro=<id>-<version_id>`, plus
///   `upstream=<origin>` when the origin differs from the name.
///
/// Without a known OS the namespace falls back to `debian` for deb and `alpine` for apk, and
/// is left out for rpm; `distro` is left out. Without a `VERSION_ID` the codename stands in.
public enum OSPackageURLs {
  /// The Package URL of an OS package; nil for other package types.
  public static func purl(for package: Package, os: OSRelease?) -> PackageURL? {
    var qualifiers: [String: String] = [:]
    if let architecture = package.architecture { qualifiers["arch"] = architecture }
    if let distro = distroQualifier(os) { qualifiers["distro"] = distro }
    switch package.type {
    case .deb:
      if let upstream = upstreamQualifier(package) { qualifiers["upstream"] = upstream }
      return PackageURL(type: "deb", namespace: os?.id ?? "debian", name: package.name,
                        version: package.version, qualifiers: qualifiers)
    case .apk:
      if let upstream = upstreamQualifier(package) { qualifiers["upstream"] = upstream }
      return PackageURL(type: "apk", namespace: os?.id ?? "alpine", name: package.name,
                        version: package.version, qualifiers: qualifiers)
    case .rpm:
      // The purl version is version-release; the epoch goes in its own qualifier.
      var version = package.version
      if let epoch = package.metadata["epoch"] {
        qualifiers["epoch"] = epoch
        if version.hasPrefix(epoch + ":") { version.removeFirst(epoch.count + 1) }
      }
      if let sourceRPM = package.metadata["sourceRpm"], !sourceRPM.isEmpty { qualifiers["upstream"] = sourceRPM }
      return PackageURL(type: "rpm", namespace: os?.id, name: package.name, version: version,
                        qualifiers: qualifiers)
    default:
      return nil
    }
  }

  /// Returns `packages` with the purl of every deb, rpm and apk package filled in.
  public static func assign(_ packages: [Package], os: OSRelease?) -> [Package] {
    packages.map { package in
      guard let purl = purl(for: package, os: os) else { return package }
      var filled = package
      filled.purl = purl.description
      return filled
    }
  }

  /// `<id>-<version_id>` (`debian-12`, `alpine-3.19.1`), or `<id>-<codename>` without a version.
  public static func distroQualifier(_ os: OSRelease?) -> String? {
    guard let os else { return nil }
    if let version = os.versionID, !version.isEmpty { return "\(os.id)-\(version)" }
    if let codename = os.codename, !codename.isEmpty { return "\(os.id)-\(codename)" }
    return nil
  }

  /// `<source>` when the source name differs, `<source>@<source version>` when the source
  /// version differs (a binNMU such as bash `5.2.15-2+b8` built from bash `5.2.15-2`).
  static func upstreamQualifier(_ package: Package) -> String? {
    guard let source = package.sourceName, !source.isEmpty else { return nil }
    let sourceVersion = package.sourceVersion ?? package.version
    let versionDiffers = !sourceVersion.isEmpty && sourceVersion != package.version
    if versionDiffers { return source + "@" + sourceVersion }
    return source != package.name ? source : nil
  }
}
