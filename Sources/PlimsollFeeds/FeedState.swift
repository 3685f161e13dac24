import Foundation

/// What the last update learnt about each downloaded feed file (its validators for
/// conditional requests, its size and digest), kept beside the files as
/// `.plimsoll-feeds.state`.
public struct FeedState: Codable, Sendable {
  /// One feed file as last fetched.
  public struct Entry: Codable, Sendable, Equatable {
    public var etag: String?
    public var lastModified: String?
    public var size: Int64
    public var sha256: String
    /// The validator of a half-downloaded `.part` file, so the next attempt can resume it.
    var partialETag: String?
    /// When its body last arrived, and when the server last confirmed it (ISO 8601).
    public var fetchedAt: String?
    public var checkedAt: String?
  }

  static let fileName = ".plimsoll-feeds.state"

  public internal(set) var files: [String: Entry] = [:]
  /// The validators of the files the current database was built from.
  var builtFrom: String?

  /// The state of the downloads in `directory` (empty when there are none).
  public static func load(from directory: String) -> FeedState {
    let path = directory + "/" + fileName
    guard let data = FileManager.default.contents(atPath: path),
      let state = try? JSONDecoder().decode(FeedState.self, from: data)
    else { return FeedState() }
    return state
  }

  func save(to directory: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    let path = directory + "/" + Self.fileName
    let temporary = path + ".tmp"
    try encoder.encode(self).write(to: URL(fileURLWithPath: temporary))
    guard rename(temporary, path) == 0 else {
      throw CocoaError(.fileWriteUnknown)
    }
  }

  /// A fingerprint of the files present: what a database built from them depends on.
  func fingerprint(of paths: [String]) -> String {
    paths.sorted().map { path in
      let entry = files[path]
      return "\(path)|\(entry?.sha256 ?? "-")"
    }.joined(separator: "\n")
  }
}
