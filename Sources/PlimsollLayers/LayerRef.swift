/// The image layer a package or file came from.
public struct LayerRef: Codable, Sendable, Hashable {
  /// Position in the image, 0 = base layer.
  public var index: Int
  /// The layer's diffID (sha256 of the uncompressed tar); empty for a root filesystem scan.
  public var diffID: String
  /// The history `created_by` line of the layer, where the image config has one.
  public var createdBy: String?

  public init(index: Int, diffID: String, createdBy: String? = nil) {
    self.index = index
    self.diffID = diffID
    self.createdBy = createdBy
  }
}
