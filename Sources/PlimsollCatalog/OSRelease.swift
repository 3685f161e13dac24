/// The operating system of an image, read from `/etc/os-release` or its fallbacks.
public struct OSRelease: Codable, Sendable, Hashable {
  /// `ID`: `debian`, `ubuntu`, `alpine`, `rhel`, `fedora`, …
  public var id: String
  /// `VERSION_ID`: `12`, `3.19.1`, `9.3`.
  public var versionID: String?
  /// `VERSION_CODENAME`: `bookworm`, `jammy`.
  public var codename: String?
  /// `PRETTY_NAME`.
  public var prettyName: String?
  /// `ID_LIKE` entries.
  public var idLike: [String]

  public init(id: String, versionID: String? = nil, codename: String? = nil,
              prettyName: String? = nil, idLike: [String] = []) {
    self.id = id
    self.versionID = versionID
    self.codename = codename
    self.prettyName = prettyName
    self.idLike = idLike
  }
}
