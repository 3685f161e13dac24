import Foundation
import PlimsollIO
import PlimsollDiagnostics

/// An OCI content descriptor.
struct Descriptor: Codable, Sendable {
  var mediaType: String?
  var digest: String
  var size: Int64?
  var annotations: [String: String]?
  var platform: Platform?
}

/// An OCI image index or Docker manifest list.
struct ImageIndex: Codable, Sendable {
  var mediaType: String?
  var manifests: [Descriptor]
}

/// An OCI image manifest or Docker v2 schema 2 manifest.
struct ImageManifest: Codable, Sendable {
  var mediaType: String?
  var config: Descriptor
  var layers: [Descriptor]
}

enum MediaTypes {
  static let indexTypes: Set<String> = [
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
  ]
  static let manifestTypes: Set<String> = [
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
  ]
  static let ociLayer = "application/vnd.oci.image.layer.v1.tar"
  static let dockerLayer = "application/vnd.docker.image.rootfs.diff.tar"
}

/// JSON decoding that names the input in its error.
enum JSONInput {
  static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], input: String) throws -> T {
    do {
      return try JSONDecoder().decode(T.self, from: Data(bytes))
    } catch let error as DecodingError {
      throw InputError(input, "malformed JSON: \(describe(error))")
    } catch {
      throw InputError(input, "malformed JSON: \(error.localizedDescription)")
    }
  }

  private static func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
      let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
      return keys.isEmpty ? "" : " at \(keys.joined(separator: "."))"
    }
    switch error {
    case .dataCorrupted(let context): return "not valid JSON\(path(context))"
    case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)'\(path(context))"
    case .typeMismatch(_, let context): return "wrong type\(path(context))"
    case .valueNotFound(_, let context): return "missing value\(path(context))"
    @unknown default: return "\(error)"
    }
  }
}

extension BlobStore {
  /// Reads a blob by digest and checks its content against the digest.
  func readVerifiedBlob(_ descriptor: Descriptor, limit: Int = 16 << 20) throws -> (Digest, [UInt8]) {
    let member = try BlobPath(descriptor.digest)
    let bytes = try read(member.path, limit: limit)
    let actual = Digest.sha256(bytes)
    guard actual == member.digest else {
      throw InputError(
        member.display, "digest mismatch: expected \(member.digest), content is \(actual)")
    }
    if let size = descriptor.size, size != Int64(bytes.count) {
      throw InputError(member.display, "size mismatch: descriptor says \(size), blob has \(bytes.count)")
    }
    return (actual, bytes)
  }
}

/// The member path of a blob in an OCI layout, from its digest.
struct BlobPath {
  let digest: Digest
  let path: String
  let display: String

  init(_ digestText: String) throws {
    guard let digest = Digest(digestText) else {
      throw InputError(digestText, "unsupported or malformed digest")
    }
    self.digest = digest
    path = "blobs/sha256/\(digest.hex)"
    display = "blob \(digest)"
  }
}
