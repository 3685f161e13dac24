import Foundation
import Hummingbird
import HTTPTypes

/// A request the API refuses: its status, the field at fault (when one is), and why.
struct APIError: Error, Sendable {
  var status: HTTPResponse.Status
  var field: String?
  var message: String
  /// The media type of the error body (Harbor's endpoints use their own).
  var contentType = "application/json"

  init(_ status: HTTPResponse.Status, field: String? = nil, _ message: String) {
    self.status = status
    self.field = field
    self.message = message
  }

  /// `{"error": {"message": "…", "field": "…"}}`: Harbor's ErrorResponse shape, with the field.
  var response: Response {
    var error: [String: String] = ["message": field.map { "\($0): \(message)" } ?? message]
    if let field { error["field"] = field }
    let body = (try? JSONSerialization.data(withJSONObject: ["error": error], options: [.sortedKeys])) ?? Data()
    return Responses.bytes(Array(body), status: status, contentType: contentType)
  }
}

/// Building responses.
enum Responses {
  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return encoder
  }()

  static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, contentType: String,
                    headers extra: [(HTTPField.Name, String)] = []) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = contentType
    for (name, value) in extra { headers[name] = value }
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
  }

  static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok,
                                 contentType: String = "application/json",
                                 headers: [(HTTPField.Name, String)] = []) throws -> Response {
    bytes(Array(try encoder.encode(value)) + [UInt8(ascii: "\n")], status: status, contentType: contentType,
          headers: headers)
  }

  /// A JSON object body (`[String: Any]`); the error names `field` for anything else.
  static func object(_ body: ByteBuffer, contentType: String = "application/json") throws(APIError) -> [String: Any] {
    let data = Data(body.readableBytesView)
    guard let parsed = try? JSONSerialization.jsonObject(with: data) else {
      var error = APIError(.badRequest, "the body is not valid JSON")
      error.contentType = contentType
      throw error
    }
    guard let object = parsed as? [String: Any] else {
      var error = APIError(.badRequest, "the body is not a JSON object")
      error.contentType = contentType
      throw error
    }
    return object
  }
}

extension Request {
  /// The body, at most `limit` bytes; a larger one is refused with 413.
  func collectBody(upTo limit: Int, contentType: String = "application/json") async throws(APIError) -> ByteBuffer {
    do {
      return try await body.collect(upTo: limit)
    } catch {
      var refusal = APIError(.contentTooLarge, field: "body", "larger than \(limit) bytes")
      refusal.contentType = contentType
      throw refusal
    }
  }
}
