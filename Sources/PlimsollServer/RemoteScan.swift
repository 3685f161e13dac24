import AsyncHTTPClient
import Foundation
public import PlimsollCore
import NIOCore
import NIOHTTP1

/// What a server's scan gave: the report and inventory `plimsoll image` would have made here.
public struct RemoteScanResult: Sendable {
  public var report: FindingReport
  public var inventory: Inventory?
  /// The rules the image scanners can report (for SARIF and the rule list).
  public var rules: [RuleInfo]
}

/// `plimsoll image REF --server URL`: the command line as a thin client. The scan is queued on
/// the server (a local image archive is uploaded), awaited, and its stored report and inventory fetched, so every local report
/// option (format, severities, ignore file, VEX) applies as for a local scan.
public enum RemoteScan {
  /// The token sent as `Authorization: Bearer`, when the server needs one.
  public static let tokenVariable = "PLIMSOLL_SERVER_TOKEN"

  public static func run(server: String, reference: String, scanners: Set<ImageScannerKind>, insecure: Bool,
                         timeout: Duration = .seconds(3600)) async throws -> RemoteScanResult {
    guard let url = URLComponents(string: server), url.scheme == "http" || url.scheme == "https", url.host != nil else {
      throw InputError("--server", "\(server): expected http(s)://HOST:PORT")
    }
    let base = server.hasSuffix("/") ? String(server.dropLast()) : server
    let token = ProcessInfo.processInfo.environment[tokenVariable]
    let scannerNames = scanners.map(\.rawValue).sorted()
    let submitted: Data
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory), !isDirectory.boolValue {
      // A local image archive is uploaded.
      guard let archive = FileManager.default.contents(atPath: reference) else {
        throw InputError(reference, "cannot be read")
      }
      let name = String(URL(fileURLWithPath: reference).lastPathComponent.unicodeScalars.map {
        CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) ? Character($0) : "-"
      }.prefix(200))
      submitted = try await call("POST", base + "/v1/uploads?name=\(name)&scanners=\(scannerNames.joined(separator: ","))",
                                 body: archive, contentType: "application/x-tar", token: token, server: server)
    } else {
      let body: [String: Any] = ["reference": reference, "scanners": scannerNames, "insecure": insecure]
      submitted = try await call("POST", base + "/v1/scans", body: try JSONSerialization.data(withJSONObject: body),
                                 token: token, server: server)
    }
    guard let id = (try? JSONSerialization.jsonObject(with: submitted) as? [String: Any])?["id"] as? String else {
      throw InputError("--server", "\(server): the server did not answer with a scan id")
    }
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      let status = try await call("GET", base + "/v1/scans/\(id)", token: token, server: server)
      let job = (try? JSONSerialization.jsonObject(with: status) as? [String: Any]) ?? [:]
      switch job["state"] as? String {
      case "done":
        let stored = try await call("GET", base + "/v1/scans/\(id)/result", token: token, server: server)
        let result = try JSONDecoder().decode(StoredScan.self, from: stored)
        return RemoteScanResult(report: result.report, inventory: result.inventory, rules: ImageConfigChecks.rules)
      case "parked":
        throw InputError(reference, "the server gave up after \(job["attempts"] ?? "its") attempts: \(job["error"] ?? "no error")")
      default:
        try await Task.sleep(for: .seconds(1))
      }
    }
    throw InputError(reference, "the server's scan \(id) did not finish in time")
  }

  /// One request; a refusal is an error naming the server and carrying its message.
  static func call(_ method: String, _ url: String, body: Data? = nil, contentType: String = "application/json",
                   token: String?, server: String) async throws -> Data {
    var request = HTTPClientRequest(url: url)
    request.method = HTTPMethod(rawValue: method)
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    if let body {
      request.headers.add(name: "Content-Type", value: contentType)
      request.body = .bytes(ByteBuffer(bytes: body))
    }
    let response: HTTPClientResponse
    do {
      response = try await HTTPClient.shared.execute(request, timeout: .seconds(600))
    } catch {
      throw InputError("--server", "\(server): cannot reach the server (\(error))")
    }
    let bytes = Data(try await response.body.collect(upTo: 256 << 20).readableBytesView)
    guard (200..<300).contains(response.status.code) else {
      let message = ((try? JSONSerialization.jsonObject(with: bytes) as? [String: Any])?["error"] as? [String: Any])?["message"]
      throw InputError("--server", "\(server): \(response.status.code) \(message ?? response.status.reasonPhrase)")
    }
    return bytes
  }
}

/// `GET /v1/scans/{id}/result`: the stored report and inventory, as the library models them.
struct StoredScan: Codable {
  var report: FindingReport
  var inventory: Inventory?
}
