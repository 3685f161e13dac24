import Crypto
import Foundation
import PlimsollDiagnostics

/// A content digest in OCI form, `sha256:<64 hex>`.
public struct Digest: Hashable, Sendable, CustomStringConvertible, Codable {
  public let algorithm: String
  public let hex: String

  /// Parses `sha256:…`; nil for other algorithms or malformed text.
  public init?(_ text: String) {
    let parts = text.split(separator: ":", maxSplits: 1)
    guard parts.count == 2, parts[0] == "sha256", parts[1].count == 64,
      parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase })
    else { return nil }
    algorithm = "sha256"
    hex = String(parts[1])
  }

  init(sha256Hex: String) {
    algorithm = "sha256"
    hex = sha256Hex
  }

  public var description: String { "\(algorithm):\(hex)" }

  /// The digest a finished SHA-256 hash computed (of a stream hashed as it was read).
  public init(_ finished: SHA256.Digest) {
    self.init(sha256Hex: finished.hexString)
  }

  /// The digest of bytes in memory.
  public static func sha256(_ bytes: some DataProtocol) -> Digest {
    Digest(sha256Hex: SHA256.hash(data: bytes).hexString)
  }

  public init(from decoder: Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let parsed = Digest(text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not a sha256 digest: \(text)"))
    }
    self = parsed
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

extension Sequence where Element == UInt8 {
  var hexString: String {
    var out = ""
    for byte in self {
      let hex = String(byte, radix: 16)
      if hex.count == 1 { out += "0" }
      out += hex
    }
    return out
  }
}

/// Passes a stream through while computing its sha256; at the end it checks the expected
/// digest, so a lying manifest or a corrupted blob is an error naming the blob.
public final class HashingStream: ByteStream {
  private let source: ByteStream
  private var hasher = SHA256()
  private let expected: Digest?
  private let name: String
  private var done = false
  /// The digest, once the stream has been read to its end.
  public private(set) var digest: Digest?

  public init(_ source: ByteStream, expected: Digest?, name: String) {
    self.source = source
    self.expected = expected
    self.name = name
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let got = try source.read(into: buffer)
    if got > 0 {
      hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
    } else if !done {
      done = true
      let actual = Digest(sha256Hex: hasher.finalize().hexString)
      digest = actual
      if let expected, expected != actual {
        throw InputError(name, "digest mismatch: expected \(expected), content is \(actual)")
      }
    }
    return got
  }
}
