import Foundation
import NIOCore

/// A blob being written to disk: bytes go to a temporary file beside `final`, which is renamed
/// into place by `commit()` once the blob is verified, or removed by `discard()`.
final class BlobFile {
  private let final: String
  private let temporary: String
  private let handle: FileHandle
  private let name: String

  init(final: String, name: String) throws {
    self.final = final
    self.name = name
    temporary = final + ".partial-" + UUID().uuidString.prefix(8)
    guard FileManager.default.createFile(atPath: temporary, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporary)
    else {
      throw RegistryError.transport(reference: name, detail: "cannot create \(temporary)")
    }
    self.handle = handle
  }

  func write(_ buffer: ByteBuffer) throws {
    do {
      try handle.write(contentsOf: Data(buffer.readableBytesView))
    } catch {
      throw RegistryError.transport(reference: name, detail: "cannot write \(temporary): \(error.localizedDescription)")
    }
  }

  /// Moves the (verified) blob into place.
  func commit() throws {
    try? handle.close()
    guard rename(temporary, final) == 0 else {
      unlink(temporary)
      throw RegistryError.transport(reference: name, detail: "cannot move the blob into \(final)")
    }
  }

  func discard() {
    try? handle.close()
    unlink(temporary)
  }
}
