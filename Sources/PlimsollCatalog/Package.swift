public import PlimsollLayers
/// The kind of package, which decides its Package URL type and its version scheme.
public enum PackageType: String, Codable, Sendable, CaseIterable {
  case deb
  case rpm
  case apk
  /// Python distributions (`*.dist-info`, `*.egg-info`).
  case python
  /// Node packages (`node_modules/**/package.json`, lock files).
  case npm
  /// Java archives (jar, war, ear) with Maven coordinates where known.
  case maven
  /// Go modules found in a binary's build info.
  case golang
  /// Rust crates found in a binary's cargo-auditable data.
  case cargo
  /// Ruby gems (installed gem specifications).
  case gem
  /// PHP packages (Composer): `composer.lock` in source trees, and SBOMs (`pkg:composer/…`).
  case composer
  /// .NET packages (NuGet): `packages.lock.json` and `*.deps.json`.
  case nuget
  /// Elixir and Erlang packages (Hex): `mix.lock`; inventory only, no advisory feed yet.
  case hex
  /// Dart and Flutter packages (pub): `pubspec.lock`; inventory only, no advisory feed yet.
  case pub
  /// Swift packages (SwiftPM): `Package.resolved`; inventory only, no advisory feed yet.
  case swift
}

/// One installed package found in an image or a root filesystem.
public struct Package: Codable, Sendable, Hashable {
  public var type: PackageType
  public var name: String
  public var version: String
  /// The Package URL. OS packages get theirs after merge, once the distro is known.
  public var purl: String
  /// The source package name (dpkg `Source:`, apk origin `o:`, rpm SOURCERPM name).
  public var sourceName: String?
  /// The source package version, where it differs from `version` or is recorded.
  public var sourceVersion: String?
  public var architecture: String?
  /// Licenses as the package database or metadata records them.
  public var licenses: [String]
  /// The database or metadata file the package was read from (absolute path in the image).
  public var foundIn: String
  /// Files the package database says the package owns (absolute paths), where listed.
  public var files: [String]
  /// Ecosystem extras: `groupId`, `epoch`, `release`, `goVersion`, `mainModule`…
  public var metadata: [String: String]
  /// The layer that introduced this package (set when layers are merged).
  public var layer: LayerRef?

  public init(type: PackageType, name: String, version: String, purl: String = "",
              sourceName: String? = nil, sourceVersion: String? = nil,
              architecture: String? = nil, licenses: [String] = [], foundIn: String,
              files: [String] = [], metadata: [String: String] = [:], layer: LayerRef? = nil) {
    self.type = type
    self.name = name
    self.version = version
    self.purl = purl
    self.sourceName = sourceName
    self.sourceVersion = sourceVersion
    self.architecture = architecture
    self.licenses = licenses
    self.foundIn = foundIn
    self.files = files
    self.metadata = metadata
    self.layer = layer
  }

  /// Identity of a package within one image: the same type, name, version, arch and file.
  public var identity: String {
    "\(type.rawValue)|\(name)|\(version)|\(architecture ?? "")|\(foundIn)"
  }
}

/// The metadata keys that catalogers of several ecosystems write and the SBOM writers read,
/// spelled once so a producer and a reader cannot disagree.
public enum PackageMetadataKey {
  /// The project's web page.
  public static let homepage = "homepage"
  /// A one-line description.
  public static let description = "description"
  /// Who wrote the package (`Name <email>`).
  public static let author = "author"
  /// Who maintains the distribution package.
  public static let maintainer = "maintainer"
  /// Who built and ships it (rpm `Vendor`, a jar's `Implementation-Vendor`).
  public static let vendor = "vendor"
  /// Who packaged it.
  public static let packager = "packager"
  /// Who supplies it (an SBOM's supplier).
  public static let supplier = "supplier"
}
