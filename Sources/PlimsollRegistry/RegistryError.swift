import Foundation
public import PlimsollDiagnostics

/// Why a registry could not give an image; every message names the reference or the blob.
public enum RegistryError: Error, Sendable, Equatable, UnusableInput {
  /// The text is not an image reference.
  case invalidReference(String, String)
  /// The registry refused the credentials (or wanted some and none were given).
  case unauthorized(reference: String, detail: String)
  /// The registry has no such repository, tag or blob.
  case notFound(reference: String, detail: String)
  /// Any other error status, with the registry's own message.
  case status(reference: String, request: String, code: Int, message: String)
  /// A manifest or blob whose content does not hash to the digest it was asked for.
  case digestMismatch(reference: String, what: String, expected: String, actual: String)
  /// A response larger than Plimsoll accepts for it.
  case tooLarge(reference: String, what: String, limit: Int64)
  /// A manifest in a format Plimsoll does not read (schema 1, an artifact).
  case unsupported(reference: String, detail: String)
  /// An index with no image for the requested platform.
  case noMatchingPlatform(reference: String, requested: String, available: [String])
  /// The connection failed (refused, TLS, timeout).
  case transport(reference: String, detail: String)
  /// A response that is not what the Distribution API says it is.
  case malformed(reference: String, detail: String)
  /// A CA certificate file (`--ca-cert`) that cannot be read.
  case certificate(file: String, detail: String)

  public var errorDescription: String? {
    switch self {
    case .invalidReference(let text, let problem): "\(text): not an image reference: \(problem)"
    case .unauthorized(let reference, let detail): "\(reference): unauthorized: \(detail)"
    case .notFound(let reference, let detail): "\(reference): not found: \(detail)"
    case .status(let reference, let request, let code, let message):
      "\(reference): HTTP \(code) from \(request)" + (message.isEmpty ? "" : ": \(message)")
    case .digestMismatch(let reference, let what, let expected, let actual):
      "\(reference): \(what) does not match its digest (expected \(expected), got \(actual)); nothing was kept"
    case .tooLarge(let reference, let what, let limit): "\(reference): \(what) is larger than \(limit) bytes"
    case .unsupported(let reference, let detail): "\(reference): unsupported: \(detail)"
    case .noMatchingPlatform(let reference, let requested, let available):
      "\(reference): no image for \(requested); the index has " + (available.isEmpty ? "none" : available.joined(separator: ", "))
    case .transport(let reference, let detail): "\(reference): cannot reach the registry: \(detail)"
    case .malformed(let reference, let detail): "\(reference): malformed registry response: \(detail)"
    case .certificate(let file, let detail): "\(file): not a usable CA certificate: \(detail)"
    }
  }
}
