public import PlimsollIO
public import PlimsollSource

/// A registry blob fetched when the layer walk opens it: the download streams into a
/// `ByteChannel` the walk reads while bytes arrive, with no full copy on disk first. The walk
/// sees the stream's end only after the blob matched its digest.
public struct StreamedBlob: RemoteBlobSource {
  public var client: RegistryClient
  public var repository: String
  public var digest: String
  /// The image, for error messages.
  public var name: String
  public var progress: PullProgress?
  /// Where the verified blob is also kept (`--keep-blobs`), if anywhere.
  public var keepAt: String?

  public init(client: RegistryClient, repository: String, digest: String, name: String,
              progress: PullProgress? = nil, keepAt: String? = nil) {
    self.client = client
    self.repository = repository
    self.digest = digest
    self.name = name
    self.progress = progress
    self.keepAt = keepAt
  }

  public func openStream() throws -> any ByteStream {
    let channel = ByteChannel(name: "\(name):layer \(digest)")
    let reader = channel.reader()
    let (client, repository, digest, name, progress, keepAt) = (client, repository, digest, name, progress, keepAt)
    Task {
      await client.streamBlob(repository, digest: digest, into: channel, name: name, progress: progress, keepAt: keepAt)
      progress?.layerDone()
    }
    return reader
  }
}
