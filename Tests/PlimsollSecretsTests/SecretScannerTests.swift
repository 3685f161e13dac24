import Foundation
import PlimsollFindings
import PlimsollTestSupport
import Testing
@testable import PlimsollSecrets

private let scanner: SecretScanner = {
  do { return try SecretScanner() } catch { preconditionFailure("built-in rules: \(error)") }
}()

private let base62 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

private func random(_ count: Int, from alphabet: [Character] = base62) -> String {
  String((0..<count).map { _ in alphabet.randomElement() ?? "a" })
}

@Test func builtInRulesCompileWithUniqueIDsAndRuleInfos() throws {
  #expect(scanner.rules.count == SecretRules.all.count)
  #expect(Set(SecretRules.all.map(\.id)).count == SecretRules.all.count)
  #expect(SecretRules.infos.allSatisfy { $0.kind == .secret && !$0.title.isEmpty })
  for rule in SecretRules.all {
    #expect(!rule.keywords.isEmpty || rule.path != nil, "\(rule.id) cannot run")
    #expect(rule.keywords.allSatisfy { $0 == $0.lowercased() }, "\(rule.id) keywords not lower-case")
  }
}

@Test(arguments: [
  ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_****"),
  ("Tr0ub4dor&3x", "Tr0****"),
  ("abc", "****"),
])
func maskShowsAtMostFourCharacters(secret: String, masked: String) {
  #expect(SecretText.mask(secret) == masked)
}

@Test func entropyMeasuresBitsPerCharacter() {
  #expect(SecretText.entropy("aaaaaaaa") == 0)
  #expect(abs(SecretText.entropy("abcdabcd") - 2) < 1e-9)
  #expect(SecretText.entropy("") == 0)
}

@Test func scanTextFindsSecretsInImageEnvironment() {
  let token = "ghp_" + random(36)
  let matches = scanner.scanText("GITHUB_TOKEN=\(token)", origin: "ENV")
  #expect(matches.map(\.ruleID) == ["github-pat"])
  #expect(matches.first?.path == "ENV")
  #expect(matches.first?.line == 1)
  #expect(matches.first?.maskedSecret == "ghp_****")
}

@Test func findingCarriesMaskedEvidenceAndNeverTheSecret() throws {
  let secret = "sk_live_" + random(40)
  let text = "x = 1\nstripe.api_key = '\(secret)'\n"
  let matches = scanner.scanText(text, origin: "app.py")
  #expect(matches.count == 1)
  let finding = try #require(matches.first).finding()
  #expect(finding.kind == .secret)
  #expect(finding.id == "stripe-secret-key")
  #expect(finding.location == Location(path: "app.py", startLine: 2, endLine: 2))
  #expect(finding.evidence == "sk_l****")
  let json = String(decoding: try JSONEncoder().encode(finding), as: UTF8.self)
  #expect(!json.contains(secret))
  #expect(!String(describing: matches).contains(secret))
}

@Test func findingTakesTheCallersLocationForImageLayers() {
  let match = SecretMatch(ruleID: "jwt", title: "JSON Web Token", severity: .medium,
                          path: "/app/.env", line: 3, endLine: 3, maskedSecret: "eyJh****")
  let location = Location(path: "/app/.env", startLine: 3, layerDigest: "sha256:ab",
                          createdBy: "COPY . /app")
  #expect(match.finding(location: location).location == location)
}

@Test func lineNumbersAreRightAcrossCRLFInvalidUTF8AndLongLines() {
  let token = "glpat-" + random(20)
  var bytes = Array("first\r\nsecond \u{00E9}\r\n".utf8)
  bytes += [0xFF, 0xFE, 0x0D, 0x0A]  // invalid UTF-8 on line 3
  bytes += Array(String(repeating: "z", count: 100_000).utf8) + Array(" \(token) end\r\n".utf8)
  let matches = scanner.scan(bytes: bytes, path: "mixed.txt")
  #expect(matches.map(\.ruleID) == ["gitlab-pat"])
  #expect(matches.first?.line == 4)
}

@Test func largeGeneratedInputFindsEverySecretOnItsLine() {
  var lines: [String] = []
  var expected: [Int: String] = [:]
  for index in 0..<60_000 {
    if index % 997 == 0 {
      lines.append("token: xoxb-\(random(12, from: Array("0123456789")))-1234567890123-\(random(24))")
      expected[index + 1] = "slack-bot-token"
    } else {
      lines.append("let value\(index) = compute(password_length: \(index), key: keyFor(\(index)))")
    }
  }
  let matches = scanner.scanText(lines.joined(separator: "\n"), origin: "big.swift")
  #expect(Dictionary(uniqueKeysWithValues: matches.map { ($0.line, $0.ruleID) }) == expected)
}

@Test func binaryAndOversizedInputsAreSkipped() throws {
  let small = try SecretScanner(maxFileSize: 64)
  var binary = Array("AWS_SECRET_ACCESS_KEY=\(random(40))".utf8)
  binary.insert(0, at: 3)
  binary.withUnsafeBytes { #expect(small.scanFile(bytes: $0, path: "a.bin") == .skippedBinary) }
  let large = [UInt8](repeating: 0x61, count: 65)
  large.withUnsafeBytes { #expect(small.scanFile(bytes: $0, path: "big") == .skippedTooLarge(65)) }
}

@Test func inlineAllowCommentSuppressesAMatch() {
  let text = "key = 'AKIA\(random(16, from: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")))' # plimsoll:allow\n"
  #expect(scanner.scanText(text, origin: "t").isEmpty)
}

@Test func genericRuleYieldsToSpecificRuleOnTheSameSecret() {
  let text = "api_token = \"ghp_\(random(36))\"\n"
  #expect(scanner.scanText(text, origin: "t").map(\.ruleID) == ["github-pat"])
}

@Test(arguments: [
  "password = os.environ['DB_PASSWORD']",
  "DB_PASSWORD=${DB_PASSWORD}",
  "password: {{ .Values.password }}",
  "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "AKIAIOSFODNN7EXAMPLE",
  "url = postgres://user:password@localhost/db",
  "integrity sha512-\(Data((0..<64).map { UInt8($0) }).base64EncodedString())",
  "id = 123e4567-e89b-12d3-a456-426614174000",
  "self.password = user.password_hash",
])
func lookAlikesAreNotReported(line: String) {
  #expect(scanner.scanText(line, origin: "t").isEmpty, "\(line)")
}

@Test func dockerConfigAuthMustDecodeToUserAndPassword() {
  let good = Data("robot:\(random(20))".utf8).base64EncodedString()
  let bad = Data(random(20).utf8).base64EncodedString()
  #expect(scanner.scanText("{\"auth\": \"\(good)\"}", origin: "c").map(\.ruleID) == ["docker-config-auth"])
  #expect(scanner.scanText("{\"auth\": \"\(bad)\"}", origin: "c").isEmpty)
}

@Test func privateKeyNeedsARealBody() {
  let body = Data((0..<600).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
  let real = "-----BEGIN RSA PRIVATE KEY-----\n\(body)\n-----END RSA PRIVATE KEY-----\n"
  let stub = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n"
  let found = scanner.scanText("x\n" + real, origin: "k")
  #expect(found.map(\.ruleID) == ["private-key-rsa"])
  #expect(found.first?.line == 2)
  #expect(found.first?.endLine == 3)  // the body's last line
  #expect(scanner.scanText(stub, origin: "k").isEmpty)
}

@Test func pathRulesRunOnlyOnTheirFiles() {
  let entry = "db:5432:app:app:\(random(20))\n"
  #expect(scanner.scanText(entry, origin: "home/u/.pgpass").map(\.ruleID) == ["pgpass-password"])
  #expect(scanner.scanText(entry, origin: "notes.txt").isEmpty)
}

@Test func pathGlobsMatchSegmentsAndDepth() throws {
  #expect(try PathGlob("vendor/**").matches("vendor/a/b.go"))
  #expect(try !PathGlob("vendor/**").matches("src/vendor.go"))
  #expect(try PathGlob("*.lock").matches("deep/dir/yarn.lock"))
  #expect(try PathGlob("docs/*.md").matches("docs/a.md"))
  #expect(try !PathGlob("docs/*.md").matches("docs/sub/a.md"))
  #expect(try PathGlob("**/test/**").matches("a/test/b"))
  #expect(try PathGlob("a?.txt").matches("./ab.txt"))
}

/// Gates are an optimisation: opening every gate must not change what is found.
@Test func gatesNeverHideAMatchTheRegexFinds() async throws {
  let open = try SecretScanner(rules: SecretRules.all.map { rule in
    var copy = rule
    copy.gate = .none
    return copy
  })
  let gated = SecretDirectoryScanner(scanner: scanner)
  let ungated = SecretDirectoryScanner(scanner: open)
  for path in [Corpus.positives, Corpus.decoys] {
    let withGates = try await gated.scan(path: path).report.findings
    let withoutGates = try await ungated.scan(path: path).report.findings
    #expect(withGates == withoutGates, "\(path)")
  }
  var lines: [String] = []
  let shapes = ["password = '%@'", "export API_TOKEN=%@", "  secret: %@", "x = f(token=\"%@\")",
                "url = https://u:%@@host.test/x", "PASSWORD: \"%@\" # note", "pwd=%@;x"]
  for index in 0..<2_000 {
    let value = random(8 + index % 30, from: base62 + Array("!#%&*_-./+="))
    lines.append(shapes[index % shapes.count].replacingOccurrences(of: "%@", with: value))
  }
  let text = lines.joined(separator: "\n")
  let found = scanner.scanText(text, origin: "t")
  #expect(found.count > 500)
  #expect(found == open.scanText(text, origin: "t"))
}

@Test func imageHistoryAndDockerfileAssignmentsAreScanned() {
  let value = "Zx81kQp0aLm3" + random(6)
  let history = "/bin/sh -c #(nop)  ENV DB_PASSWORD=\(value)"
  #expect(scanner.scanText(history, origin: "history").map(\.ruleID) == ["env-password"])
  #expect(scanner.scanText("ARG API_TOKEN=\(value)", origin: "Dockerfile").map(\.ruleID)
    == ["env-password"])
  #expect(scanner.scanText("RUN make ENV_TOKEN_FILE=\(value)x y", origin: "D").isEmpty)
  #expect(scanner.scanText("SENV TOKEN=\(value)", origin: "D").isEmpty)
}

@Test func oneHugeLineOfCandidatesIsScannedWhole() {
  // Distinct characters, so every value clears the rule's entropy floor. The generator is
  // seeded: drawn freely, one value in a few million spells a stop word ("pTCFdUMmYu…" holds
  // "dummy") and is rightly not reported.
  var generator = SplitMix64(seed: 20_000)
  let secrets = (0..<20_000).map { _ in String(base62.shuffled(using: &generator).prefix(15)) + "9!" }
  #expect(scanner.scanText("password='pTCFdUMmYu5X6f89!'", origin: "min.js").isEmpty)
  let line = secrets.map { "password='\($0)'" }.joined(separator: " ")
  let matches = scanner.scanText("start\n" + line + "\nend\n", origin: "min.js")
  #expect(matches.count == secrets.count)
  #expect(matches.allSatisfy { $0.line == 2 && $0.ruleID == "generic-password" })
}

@Test func oneHugeLineOfKeywordsWithoutSecretsYieldsNothing() {
  let line = String(repeating: "token: password= https://x token:x ", count: 30_000)
  #expect(scanner.scanText(line, origin: "min.js").isEmpty)
}
