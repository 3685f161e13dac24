import AsyncHTTPClient
import Foundation
import NIOCore

/// What signature and attestation discovery asks of a registry: the `sha256-<hex>.sig` tag
/// cosign writes, and OCI 1.1 referrers (`GET /v2/<name>/referrers/<digest>`, falling back to
/// the referrers tag schema `sha256-<hex>` on registries without the API).
extension RegistryClient {
  /// The manifest at `tag`, or nil when the registry has no such tag.
  public func manifestIfPresent(_ repository: String, tag: String, name: String) async throws -> FetchedManifest? {
    do {
      return try await manifest(repository, reference: tag, name: name)
    } catch RegistryError.notFound {
      return nil
    }
  }

  /// The tag cosign stores the signatures of `digest` under: `sha256-<hex>.sig`.
  public static func cosignSignatureTag(for digest: String) -> String {
    digest.replacingOccurrences(of: ":", with: "-") + ".sig"
  }

  /// The tag cosign stores the attestations of `digest` under: `sha256-<hex>.att`.
  public static func cosignAttestationTag(for digest: String) -> String {
    digest.replacingOccurrences(of: ":", with: "-") + ".att"
  }

  /// The manifests that name `digest` as their subject: from the referrers API when the
  /// registry has it, else from the index at the referrers tag schema's `sha256-<hex>` tag;
  /// empty when neither exists. `artifactType` keeps only that type.
  public func referrers(
    _ repository: String, digest: String, artifactType: String? = nil, name: String
  ) async throws -> ReferrerList {
    let filter = artifactType.map { "?artifactType=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? ""
    var bytes: Data?
    var source = ReferrerList.Source.referrersAPI
    do {
      let response = try await get(
        "/v2/\(repository)/referrers/\(digest)\(filter)", repository: repository, name: name,
        accept: ["application/vnd.oci.image.index.v1+json"])
      let body = try await response.body.collect(upTo: options.maxManifestBytes)
      bytes = Data(body.readableBytesView)
    } catch let error as RegistryError where Self.lacksReferrersAPI(error) {
      source = .tagSchema
      let tag = digest.replacingOccurrences(of: ":", with: "-")
      bytes = try await manifestIfPresent(repository, tag: tag, name: name)?.bytes
    } catch is NIOTooManyBytesError {
      throw RegistryError.tooLarge(reference: name, what: "the referrers list", limit: Int64(options.maxManifestBytes))
    }
    guard let bytes else { return ReferrerList(source: .none, manifests: []) }
    guard let index = try? JSONDecoder().decode(ReferrerIndex.self, from: bytes) else {
      throw RegistryError.malformed(reference: name, detail: "the referrers of \(digest) are not an OCI image index")
    }
    let manifests = index.manifests.filter { artifactType == nil || $0.artifactType == artifactType }
    return ReferrerList(source: source, manifests: manifests)
  }

  /// Whether an answer to the referrers request means the registry has no referrers API
  /// (404, or 400/405/501 from registries that do not route the path), so the tag schema is used.
  static func lacksReferrersAPI(_ error: RegistryError) -> Bool {
    switch error {
    case .notFound: true
    case .status(_, _, let code, _): [400, 405, 406, 501].contains(code)
    default: false
    }
  }

  struct ReferrerIndex: Decodable {
    var manifests: [ReferrerList.Descriptor]
  }
}

/// The manifests that refer to an image, and where the list came from.
public struct ReferrerList: Sendable {
  /// Where the list came from.
  public enum Source: String, Sendable {
    /// `GET /v2/<name>/referrers/<digest>`.
    case referrersAPI = "referrers API"
    /// The index at tag `sha256-<hex>` (the registry has no referrers API).
    case tagSchema = "referrers tag schema"
    /// Neither exists.
    case none
  }

  /// One referring manifest.
  public struct Descriptor: Sendable, Decodable {
    public var mediaType: String?
    public var digest: String
    public var size: Int?
    public var artifactType: String?
    public var annotations: [String: String]?
  }

  public var source: Source
  public var manifests: [Descriptor]
}
