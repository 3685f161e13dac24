public import PlimsollDiagnostics
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
public import PlimsollRegistry

/// Verifies containers "simple signing" signatures (what `skopeo copy --sign-by` and
/// `podman push --sign-by` write): OpenPGP signed messages in the lookaside store that a
/// registries.d directory names, at `<base>/<repository>@sha256=<hex>/signature-<n>`.
/// `gpg` checks each message against the keyring; then the signed JSON must be an atomic
/// container signature for this digest and identity.
public struct SimpleSigningVerifier: Sendable {
  /// Where containers tools read registries.d from by default.
  public static let defaultRegistriesDirectory = "/etc/containers/registries.d"
  /// Signatures read per image, at most.
  public static let maxSignatures = 64
  /// Largest signature read.
  public static let maxSignatureBytes = 1 << 20

  let gpg: GPGVerifier
  let keyring: String
  let registries: RegistriesDirectory
  let signedIdentity: (reference: ImageReference, text: String)?

  public init(keyring: String, registriesDirectory: String,
              signedIdentity: (reference: ImageReference, text: String)? = nil) throws(InputError) {
    registries = try RegistriesDirectory(path: registriesDirectory)
    gpg = try GPGVerifier(keyring: keyring)
    self.keyring = keyring
    self.signedIdentity = signedIdentity
  }

  /// Verifies the signatures of `reference`, whose manifest digest is `digest`.
  public func verify(_ reference: ImageReference, writtenAs text: String, digest: String) async throws
    -> SignatureVerification
  {
    let repositoryName = SignedIdentity.repository(reference)
    guard let (scope, entry) = registries.entry(forRepository: repositoryName), let base = entry.readURL else {
      throw InputError(registries.path, "no lookaside store for \(repositoryName) (no matching docker: scope, no default-docker)")
    }
    guard let separator = digest.firstIndex(of: ":") else { throw InputError(digest, "not a digest") }
    let directory = base.trimmingSuffix("/") + "/" + reference.repository + "@"
      + digest[..<separator] + "=" + digest[digest.index(after: separator)...]
    let identity = signedIdentity.map { SignedIdentity($0.reference, writtenAs: $0.text) }
      ?? SignedIdentity(reference, writtenAs: text)
    var results: [SignatureVerification.Signature] = []
    for index in 1...Self.maxSignatures {
      let location = "\(directory)/signature-\(index)"
      guard let message = try await Self.read(location) else { break }
      switch gpg.verify(message) {
      case .invalid(let problem):
        results.append(.init(location: location, signer: nil, problem: problem))
      case .valid(let fingerprint, let payload):
        let problem: String?
        do {
          let parsed = try SimpleSigningPayload(verifiedBytes: payload)
          if parsed.kind != .atomic {
            problem = "the signed payload's type is '\(parsed.kind.rawValue)', not an atomic container signature"
          } else if parsed.manifestDigest != digest {
            problem = "the signed payload is for \(parsed.manifestDigest), not this image's \(digest)"
              + " (a signature copied from another image)"
          } else {
            problem = identity.problem(signed: parsed.dockerReference, kind: .atomic)
          }
        } catch {
          problem = "the signed payload is not an atomic container signature: \(error)"
        }
        results.append(.init(location: location, signer: problem == nil ? "GPG key \(fingerprint)" : nil, problem: problem))
      }
    }
    return SignatureVerification(
      reference: text, digest: digest, requirement: "a GPG signature by a key of \(keyring)",
      signatures: results, searched: ["lookaside \(directory)/ (registries.d scope \(scope))"])
  }

  /// The bytes at `location` (http(s) or file URL), or nil when there is no such signature.
  static func read(_ location: String) async throws -> Data? {
    guard let url = URL(string: location) else { throw InputError(location, "not a URL") }
    if url.isFileURL {
      guard FileManager.default.fileExists(atPath: url.path) else { return nil }
      guard let data = FileManager.default.contents(atPath: url.path) else {
        throw InputError(url.path, "cannot read the signature")
      }
      return data.count <= maxSignatureBytes ? data : Data()
    }
    var request = HTTPClientRequest(url: location)
    request.headers.add(name: "User-Agent", value: "plimsoll")
    let response: HTTPClientResponse
    do {
      response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
    } catch {
      throw InputError(location, "cannot reach the lookaside store: \(error)")
    }
    switch response.status.code {
    case 200:
      do {
        let body = try await response.body.collect(upTo: maxSignatureBytes)
        return Data(body.readableBytesView)
      } catch {
        throw InputError(location, "the signature is larger than \(maxSignatureBytes) bytes or cut short")
      }
    case 404:
      return nil
    default:
      throw InputError(location, "the lookaside store answered HTTP \(response.status.code)")
    }
  }
}

extension String {
  func trimmingSuffix(_ suffix: Character) -> String {
    var text = self
    while text.last == suffix { text.removeLast() }
    return text
  }
}
