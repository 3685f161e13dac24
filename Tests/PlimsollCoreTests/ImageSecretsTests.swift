import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// Secrets in the real test image: a credentials file that a later layer deletes (it still
/// ships), a deploy key, and keys in the config's Env and history.
@Suite struct ImageSecretsTests {
  @Test(.enabled(if: Requirement.testImage, "no test image (scripts/build-test-image)"))
  func deletedAndConfigSecretsAreFoundMaskedAndAttributed() async throws {
    let directory = try #require(TestImage.available(), "no test image (scripts/build-test-image)")
    let scanner = try SecretScanner()
    let image = ImageScanner(
      kinds: [.secret, .config], options: ScanOptions(cacheDirectory: nil), database: nil,
      fileAnalyzers: [SecretFileAnalyzer(scanner: scanner)],
      configChecks: [{ ImageConfigChecks.misconfigurations($0, permissions: $1) }],
      configSecretChecks: [{ ImageConfigChecks.secrets($0, scanner: scanner) }], redactor: scanner)
    let (_, report) = try await image.scan(try SourceResolver.resolve(directory + "/test-image.tar"))
    let secrets = report.findings.filter { $0.kind == .secret }
    let credentials = secrets.filter { $0.location?.path == "/root/.aws/credentials" }
    #expect(Set(credentials.map(\.id)) == ["aws-access-key-id", "aws-secret-access-key"])
    #expect(credentials.allSatisfy { $0.properties["layerIndex"] == "4" && $0.properties["removedInLayer"] == "5" })
    #expect(credentials.allSatisfy { $0.description?.contains("still in the image") == true })
    #expect(secrets.contains { $0.location?.path == "/app/deploy_key" })
    #expect(Set(secrets.filter { $0.location?.path == "config.Env" }.map(\.id))
            == ["aws-access-key-id", "aws-secret-access-key"])
    // Nothing else in a real Debian + Python + npm + Java + Go image is a secret.
    let files = Set(secrets.compactMap(\.location?.path))
    #expect(files == ["/root/.aws/credentials", "/app/deploy_key", "config.Env", "history"])
    // No output carries a secret whole.
    let expected = try TestImage.expected()
    let values = (expected["secrets"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
    #expect(values.count >= 4)
    let json = try FindingsRenderer.render(report, format: .json)
    for value in values { #expect(!json.contains(value), "a secret leaked: \(value.prefix(4))…") }
    // The image configuration rules see root, the exposed SSH port and the secret ENV.
    let config = Set(report.findings.filter { $0.kind == .misconfiguration }.map(\.id))
    #expect(config.isSuperset(of: ["PLM-IMG-001", "PLM-IMG-002", "PLM-IMG-004"]))
  }
}
