public import PlimsollDiagnostics
public import Foundation

/// Verifies OpenPGP signed messages with the real `gpg`, in a temporary home that holds only
/// the keys of the given keyring: no hand-written OpenPGP parser, and the user's own keyring
/// and trust database are never consulted.
public final class GPGVerifier: @unchecked Sendable {
  /// What `gpg` said about one signed message.
  public enum Outcome: Sendable, Equatable {
    /// A good, unexpired signature by the key with this fingerprint; the signed payload.
    case valid(fingerprint: String, payload: Data)
    /// Why the message is not accepted.
    case invalid(String)
  }

  /// The temporary home.
  let home: URL
  /// The fingerprints of the keyring's primary keys.
  public let fingerprints: [String]

  /// Imports `keyring` (binary or armored) into a fresh temporary home.
  public init(keyring: String) throws(InputError) {
    guard FileManager.default.isReadableFile(atPath: keyring) else {
      throw InputError(keyring, "cannot read the keyring")
    }
    home = FileManager.default.temporaryDirectory.appendingPathComponent("plimsoll-gnupg-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(at: home, withIntermediateDirectories: false,
                                              attributes: [.posixPermissions: 0o700])
    } catch {
      throw InputError(home.path, "cannot create a temporary GnuPG home: \(error)")
    }
    let imported = Self.gpg(["--import", keyring], home: home)
    guard imported.status == 0 else {
      try? FileManager.default.removeItem(at: home)
      if imported.status == 127 { throw InputError("gpg", "not installed; it verifies GPG signatures") }
      throw InputError(keyring, "gpg cannot import it: " + imported.errors.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    let listed = Self.gpg(["--with-colons", "--list-keys"], home: home)
    var fingerprints: [String] = []
    var afterPrimary = false
    for line in listed.output.split(separator: "\n") {
      let fields = line.split(separator: ":", omittingEmptySubsequences: false)
      if fields.first == "pub" { afterPrimary = true } else if fields.first == "fpr", afterPrimary, fields.count > 9 {
        fingerprints.append(String(fields[9]))
        afterPrimary = false
      }
    }
    guard !fingerprints.isEmpty else {
      try? FileManager.default.removeItem(at: home)
      throw InputError(keyring, "holds no public key")
    }
    self.fingerprints = fingerprints
  }

  deinit {
    // gpg starts an agent for the home; it must not outlive it.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gpgconf", "--homedir", home.path, "--kill", "all"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    if (try? process.run()) != nil { process.waitUntilExit() }
    try? FileManager.default.removeItem(at: home)
  }

  /// Verifies one signature blob: it must be an OpenPGP signed message (not armored, not a
  /// cleartext signature) with one good, unexpired signature by a key of the keyring.
  public func verify(_ message: Data) -> Outcome {
    guard let first = message.first, first & 0x80 != 0 else {
      return .invalid("not a binary OpenPGP signed message")
    }
    let work = home.appendingPathComponent("verify-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(at: work) }
    let input = work.appendingPathComponent("signature")
    let output = work.appendingPathComponent("payload")
    let status = work.appendingPathComponent("status")
    guard (try? message.write(to: input)) != nil else { return .invalid("cannot write a temporary file") }
    let result = Self.gpg(["--status-file", status.path, "--output", output.path, "--decrypt", input.path], home: home)
    let lines = (try? String(contentsOf: status, encoding: .utf8)) ?? ""
    let statuses = lines.split(separator: "\n").compactMap { line -> [Substring]? in
      guard line.hasPrefix("[GNUPG:] ") else { return nil }
      return line.dropFirst(9).split(separator: " ")
    }
    func has(_ keyword: String) -> [Substring]? { statuses.first { $0.first.map(String.init) == keyword } }
    if let line = has("EXPSIG") { return .invalid("the signature has expired (key \(line.dropFirst().first ?? ""))") }
    if let line = has("EXPKEYSIG") { return .invalid("the signing key \(line.dropFirst().first ?? "") has expired") }
    if let line = has("REVKEYSIG") { return .invalid("the signing key \(line.dropFirst().first ?? "") is revoked") }
    if let line = has("BADSIG") { return .invalid("bad signature by key \(line.dropFirst().first ?? ""): the signed data was changed") }
    if has("NO_PUBKEY") != nil || has("ERRSIG") != nil {
      let keyID = (has("NO_PUBKEY") ?? has("ERRSIG"))?.dropFirst().first ?? ""
      return .invalid("signed by key \(keyID), which is not in the keyring")
    }
    let newSignatures = statuses.filter { $0.first == "NEWSIG" }.count
    guard newSignatures <= 1 else { return .invalid("the message holds \(newSignatures) signatures; one is expected") }
    guard result.status == 0, has("GOODSIG") != nil, let valid = has("VALIDSIG"), valid.count > 1 else {
      return .invalid("not a valid signed message: " + result.errors.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    // VALIDSIG <signing-key fpr> … <primary-key fpr> (the tenth field) when a subkey signed.
    let primary = valid.count > 10 ? String(valid[10]) : String(valid[1])
    guard fingerprints.contains(primary) || fingerprints.contains(String(valid[1])) else {
      return .invalid("signed by key \(primary), which is not in the keyring")
    }
    guard let payload = try? Data(contentsOf: output) else { return .invalid("gpg wrote no signed payload") }
    return .valid(fingerprint: primary, payload: payload)
  }

  /// Runs `gpg --batch` with `home`; status 127 when gpg is missing.
  static func gpg(_ arguments: [String], home: URL) -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gpg", "--batch", "--no-tty", "--no-auto-key-locate", "--no-auto-key-retrieve",
                         "--trust-model", "always", "--homedir", home.path] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["GNUPGHOME"] = home.path
    environment["LC_ALL"] = "C"
    process.environment = environment
    let output = home.appendingPathComponent("out-\(UUID().uuidString)")
    let errors = home.appendingPathComponent("err-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    defer {
      try? FileManager.default.removeItem(at: output)
      try? FileManager.default.removeItem(at: errors)
    }
    guard let outputHandle = FileHandle(forWritingAtPath: output.path),
      let errorHandle = FileHandle(forWritingAtPath: errors.path)
    else { return (126, "", "cannot create temporary files") }
    process.standardOutput = outputHandle
    process.standardError = errorHandle
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return (127, "", "\(error)")
    }
    process.waitUntilExit()
    try? outputHandle.close()
    try? errorHandle.close()
    let status = process.terminationStatus
    let errorText = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
    // `env` answers 127 when gpg is not installed.
    return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "", errorText)
  }
}
