import Foundation
import PlimsollTestSupport

/// The real signer of containers simple signatures: a key made by `gpg --batch --gen-key` in a
/// scratch GnuPG home, `skopeo copy --sign-by FINGERPRINT` writing into the lookaside staging
/// store a registries.d file names, and that store served over HTTP on loopback by
/// `python3 -m http.server`, as containers tools configure it.
final class GPGTestSigner {
  let scratch: Scratch
  /// The signing key's fingerprint.
  let fingerprint: String
  /// The exported public key (binary keyring).
  let keyring: String
  /// The registries.d directory naming the store.
  let registriesDirectory: String
  /// The staging directory skopeo writes signatures into.
  let staging: String
  private let server: Process

  static var runs: Bool { Requirement.tool("gpg") && Requirement.tool("python3") && LocalRegistry.runs }

  init(name: String = "Plimsoll Test Signer") throws {
    scratch = try Scratch()
    // A short home: gpg-agent's socket path must fit in a sockaddr_un.
    try scratch.run(["mkdir", "-m", "700", "g"])
    try scratch.write("key-parameters", """
      %no-protection
      Key-Type: EDDSA
      Key-Curve: ed25519
      Key-Usage: sign
      Name-Real: \(name)
      Name-Email: signer@example.com
      Expire-Date: 0
      %commit

      """)
    let gpg = ["gpg", "--batch", "--homedir", scratch.path + "/g"]
    try scratch.run(gpg + ["--gen-key", "key-parameters"])
    let listing = String(decoding: try scratch.run(gpg + ["--with-colons", "--list-keys"]), as: UTF8.self)
    guard let line = listing.split(separator: "\n").first(where: { $0.hasPrefix("fpr:") }) else {
      throw NSError(domain: "GPGTestSigner", code: 1, userInfo: [NSLocalizedDescriptionKey: "no key made: \(listing)"])
    }
    fingerprint = String(line.split(separator: ":", omittingEmptySubsequences: false)[9])
    keyring = try scratch.write("trusted.gpg", try scratch.run(gpg + ["--export", fingerprint]))
    staging = scratch.path + "/lookaside"
    try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
    server = Process()
    server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    server.arguments = ["python3", "-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", staging, "0"]
    let output = Pipe()
    server.standardOutput = output
    server.standardError = FileHandle.nullDevice
    try server.run()
    // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
    var line2: [UInt8] = []
    var byte: UInt8 = 0
    while read(output.fileHandleForReading.fileDescriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line2.append(byte) }
    let text = String(decoding: line2, as: UTF8.self)
    guard let port = text.firstMatch(of: /port (\d+)/).map({ String($0.1) }) else {
      throw NSError(domain: "GPGTestSigner", code: 2, userInfo: [NSLocalizedDescriptionKey: "http.server did not start: \(text)"])
    }
    registriesDirectory = scratch.path + "/registries.d"
    try scratch.write("registries.d/default.yaml", """
      default-docker:
        lookaside: http://127.0.0.1:\(port)/
        lookaside-staging: file://\(staging)

      """)
  }

  deinit {
    if server.isRunning {
      kill(server.processIdentifier, SIGKILL)
      server.waitUntilExit()
    }
    _ = try? scratch.run(["gpgconf", "--homedir", scratch.path + "/g", "--kill", "all"])
  }

  var gpg: [String] { ["gpg", "--batch", "--homedir", scratch.path + "/g"] }

  /// `skopeo copy --sign-by` from `source` to `destination` (`docker://…`), in this home.
  func copySigned(_ source: String, to destination: String) throws {
    let result = try ProcessOutput.run(
      ["skopeo", "copy", "-q", "--dest-tls-verify=false", "--registries.d", registriesDirectory,
       "--sign-by", fingerprint, source, destination],
      in: scratch.url, environment: ProcessInfo.processInfo.environment.merging(["GNUPGHOME": scratch.path + "/g"]) { $1 })
    guard result.status == 0 else {
      throw NSError(domain: "GPGTestSigner", code: 3, userInfo: [
        NSLocalizedDescriptionKey: "skopeo --sign-by failed: " + String(decoding: result.errors, as: UTF8.self)])
    }
  }

  /// Signs the payload of the signature at `path` again, uncompressed (`gpg -z 0 --sign`), in
  /// place: the signed JSON is then visible in the file, so a test can change one byte of it.
  func resignUncompressed(_ path: String) throws {
    let payload = try scratch.run(gpg + ["--decrypt", path])
    let plain = try scratch.write("payload-\(UUID().uuidString).json", payload)
    try FileManager.default.removeItem(atPath: path)
    try scratch.run(gpg + ["-z", "0", "--local-user", fingerprint, "--output", path, "--sign", plain])
  }

  /// The staged signature file `index` of `repository`@`digest`.
  func signaturePath(_ repository: String, digest: String, index: Int = 1) -> String {
    "\(staging)/\(repository)@\(digest.replacingOccurrences(of: ":", with: "="))/signature-\(index)"
  }
}
