import PlimsollDiagnostics
public import PlimsollLayers

/// Finds installed Ruby gems: the specification RubyGems writes for every installed gem
/// (`…/specifications/NAME-VERSION.gemspec`, and `specifications/default/` for the gems that
/// ship with Ruby), wherever the gem home is (`/usr/local/bundle`, `/var/lib/gems/3.1.0`,
/// `/usr/lib/ruby/gems/3.1.0`, a vendored bundle).
public struct GemspecCataloger: Cataloger {
  public var name: String { "gemspec" }
  public var maxFileSize: Int64 { 1 << 20 }

  /// Creates the cataloger.
  public init() {}

  /// A `.gemspec` directly in a `specifications` directory (or its `default` folder).
  public func wants(_ entry: EntryInfo) -> Bool {
    guard entry.path.hasSuffix(".gemspec") else { return false }
    let parts = entry.path.split(separator: "/")
    guard parts.count >= 2 else { return false }
    return parts[parts.count - 2] == "specifications"
      || (parts.count >= 3 && parts[parts.count - 2] == "default"
        && parts[parts.count - 3] == "specifications")
  }

  /// Reads one specification; one without a name or version is a warning, not a package.
  public func catalog(_ file: LayerFile) -> CatalogResult {
    let spec = Gemspec(parsing: String(decoding: file.contents, as: UTF8.self))
    guard let name = spec.name, !name.isEmpty, let version = spec.version, !version.isEmpty else {
      return CatalogResult(warnings: [ScanWarning(
        input: file.path, message: "gem specification without a literal name and version; skipped")])
    }
    var metadata: [String: String] = [:]
    if !spec.authors.isEmpty { metadata[PackageMetadataKey.author] = spec.authors.joined(separator: ", ") }
    if let homepage = spec.homepage, !homepage.isEmpty { metadata[PackageMetadataKey.homepage] = homepage }
    if let summary = spec.summary, !summary.isEmpty { metadata[PackageMetadataKey.description] = summary }
    let purl = PackageURL(type: PackageType.gem.purlType, name: name, version: version)
    return CatalogResult(packages: [
      Package(type: .gem, name: name, version: version, purl: purl.description,
              licenses: spec.licenses, foundIn: file.path, metadata: metadata)
    ])
  }
}
