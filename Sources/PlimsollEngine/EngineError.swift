import Foundation
import PlimsollDiagnostics

/// Why a request to the Docker engine failed; each message names the endpoint and the request.
public enum EngineError: Error, LocalizedError, CustomStringConvertible, Sendable, Equatable {
  /// `DOCKER_HOST` holds a value this client cannot use.
  case invalidHost(value: String, reason: String)
  /// The engine could not be reached (socket missing, permission denied, connection refused).
  case cannotConnect(endpoint: String, reason: String)
  /// The engine answered with an error status and its `{"message": …}` text.
  case status(endpoint: String, request: String, code: Int, message: String)
  /// The engine's API is older than the oldest version this client speaks.
  case unsupportedAPIVersion(endpoint: String, server: String, minimum: String)
  /// A response body that is not the JSON the endpoint documents.
  case malformedResponse(endpoint: String, request: String, detail: String)
  /// A response body over the client's byte limit.
  case responseTooLarge(endpoint: String, request: String, limit: Int64)
  /// No answer within the time limit.
  case timeout(endpoint: String, request: String)
  /// Any other transport failure.
  case transport(endpoint: String, request: String, detail: String)
  /// A download could not be written to its file.
  case file(path: String, detail: String)

  /// The engine said that the container or image does not exist (HTTP 404).
  public var isNotFound: Bool {
    if case .status(_, _, 404, _) = self { return true }
    return false
  }

  /// The engine's own message for a status error, with its first letter lowercased
  /// (`no such image: app:1.0`); nil for other errors.
  public var engineMessage: String? {
    guard case .status(_, _, _, let message) = self else { return nil }
    return Self.lowercasingFirst(Self.innermost(message))
  }

  /// The last of repeated wrappings: `no such image: x: No such image: x:latest` becomes
  /// `No such image: x:latest`.
  static func innermost(_ message: String) -> String {
    guard let separator = message.range(of: ": ") else { return message }
    let head = message[..<separator.lowerBound].lowercased()
    guard !head.isEmpty,
      let repeated = message.lowercased().range(of: ": " + head, options: .backwards),
      repeated.lowerBound > separator.lowerBound
    else { return message }
    let offset = message.lowercased().distance(from: message.lowercased().startIndex, to: repeated.lowerBound)
    return String(message.dropFirst(offset + 2))
  }

  /// One line naming the endpoint, the request and the problem.
  public var description: String {
    switch self {
    case .invalidHost(let value, let reason):
      return "DOCKER_HOST=\(value) is not usable: \(reason)"
    case .cannotConnect(let endpoint, let reason):
      return "cannot connect to the Docker engine at \(endpoint): \(reason)"
    case .status(let endpoint, let request, let code, let message):
      let text = message.isEmpty ? "HTTP status \(code)" : Self.lowercasingFirst(message)
      return "\(text) (HTTP \(code) from \(request) at \(endpoint))"
    case .unsupportedAPIVersion(let endpoint, let server, let minimum):
      return "the Docker engine at \(endpoint) speaks API \(server), older than the oldest this client supports (\(minimum)); upgrade the engine"
    case .malformedResponse(let endpoint, let request, let detail):
      return "the Docker engine at \(endpoint) answered \(request) with malformed JSON: \(detail)"
    case .responseTooLarge(let endpoint, let request, let limit):
      return "the Docker engine at \(endpoint) answered \(request) with more than \(limit) bytes (the limit)"
    case .timeout(let endpoint, let request):
      return "the Docker engine at \(endpoint) did not answer \(request) in time"
    case .transport(let endpoint, let request, let detail):
      return "\(request) to the Docker engine at \(endpoint) failed: \(detail)"
    case .file(let path, let detail):
      return "\(path): \(detail)"
    }
  }

  /// The same line as `description`, for `LocalizedError` users.
  public var errorDescription: String? { description }

  private static func lowercasingFirst(_ text: String) -> String {
    guard let first = text.first, first.isUppercase else { return text }
    let second = text.dropFirst().first
    // Keep acronyms ("URL …") as they are.
    if let second, second.isUppercase { return text }
    return first.lowercased() + text.dropFirst()
  }
}

extension EngineError: UnusableInput {}
