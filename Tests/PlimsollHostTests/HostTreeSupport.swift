#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation
import PlimsollFindings
import PlimsollHost
import PlimsollTestSupport

/// Builds a fixture host tree inside a scratch directory: files with modes, owners, links
/// and unix sockets, as a Docker host lays them out.
struct HostTree {
  let scratch: Scratch
  var root: String { scratch.path }

  init() throws { scratch = try Scratch() }

  /// Writes `text` at host path `path` with `mode`, owned by `uid:gid`.
  func file(
    _ path: String, _ text: String = "", mode: Int = 0o644, uid: UInt32 = 0, gid: UInt32 = 0
  ) throws {
    let local = try scratch.write(String(path.dropFirst()), text, mode: mode)
    try own(local, uid: uid, gid: gid)
  }

  func directory(_ path: String, mode: Int = 0o755, uid: UInt32 = 0, gid: UInt32 = 0) throws {
    let local = root + path
    try FileManager.default.createDirectory(atPath: local, withIntermediateDirectories: true)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: local)
    try own(local, uid: uid, gid: gid)
  }

  /// A symlink at host path `path` whose target is `target`, exactly as given.
  func link(_ path: String, to target: String) throws {
    let local = root + path
    try FileManager.default.createDirectory(
      atPath: (local as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: local, withDestinationPath: target)
  }

  /// A listening-free unix socket bound at host path `path`.
  func socket(_ path: String, mode: Int, uid: UInt32 = 0, gid: UInt32 = 0) throws {
    let local = root + path
    try FileManager.default.createDirectory(
      atPath: (local as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    #if canImport(Glibc)
      let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let descriptor = Darwin.socket(AF_UNIX, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw TreeError.socket(path) }
    defer { close(descriptor) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(local.utf8)
    guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
      throw TreeError.socket(path)
    }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: bytes)
      raw[bytes.count] = 0
    }
    let result = withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    guard result == 0 else { throw TreeError.socket(path) }
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: local)
    try own(local, uid: uid, gid: gid)
  }

  func own(_ local: String, uid: UInt32, gid: UInt32) throws {
    guard getuid() == 0 else { return }
    guard lchown(local, uid, gid) == 0 else { throw TreeError.chown(local) }
  }

  enum TreeError: Error { case socket(String), chown(String) }
}

extension FindingReport {
  /// The finding of the check with CIS number `cis` (alias `CIS-<cis>`).
  func check(_ cis: String) -> Finding? {
    findings.first { $0.aliases.contains("CIS-" + cis) }
  }

  /// The finding of the check with Plimsoll id `id`.
  func finding(id: String) -> Finding? {
    findings.first { $0.id == id }
  }

  /// CIS number → status, for compact assertions.
  var statusByCIS: [String: FindingStatus] {
    var out: [String: FindingStatus] = [:]
    for finding in findings {
      for alias in finding.aliases where alias.hasPrefix("CIS-") {
        out[String(alias.dropFirst(4))] = finding.status
      }
    }
    return out
  }
}

/// Whether the tests run as root, so ownership can be set.
let runningAsRoot = getuid() == 0
