import Foundation
import Testing
@testable import PlimsollSecrets

@Test func configAddsDisablesAndAllowLists() throws {
  let yaml = """
    rules:
      - id: acme-token
        title: ACME internal token
        severity: critical
        keywords: [acme_]
        regex: 'acme_[a-z0-9]{32}'
    disable: [generic-password]
    allow:
      paths: ['vendor/**']
      regexes: ['^ghp_0{4}']
    """
  let config = try SecretConfig.parse(yaml, file: "rules.yaml")
  let scanner = try config.scanner(file: "rules.yaml")
  #expect(scanner.rules.contains { $0.id == "acme-token" })
  #expect(!scanner.rules.contains { $0.id == "generic-password" })
  let acme = scanner.scanText("x = acme_0123456789abcdefghij0123456789ab", origin: "a")
  #expect(acme.map(\.ruleID) == ["acme-token"])
  #expect(acme.first?.severity == .critical)
  #expect(scanner.scanText("password = \"Zx81kQp0aLm3\"", origin: "a").isEmpty)
  #expect(scanner.scanText("ghp_0000aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW", origin: "a").isEmpty)
  #expect(scanner.isAllowed(path: "vendor/lib/x.go"))
  #expect(!scanner.isAllowed(path: "src/x.go"))
}

@Test(arguments: [
  ("rules: [unclosed", "malformed secret rules file"),
  ("- just a list", "the top level must be a mapping"),
  ("disable: [no-such-rule]", "no secret rule has id 'no-such-rule'"),
  ("rules:\n  - id: x\n    keywords: [x]\n    regex: '(unclosed'", "rule 'x'"),
  ("rules:\n  - id: x\n    regex: 'x+'", "needs 'keywords'"),
  ("rules:\n  - id: x\n    keywords: [x]\n    regex: x\n    severity: dire", "unknown severity"),
  ("allow:\n  regexes: ['(']", "invalid regular expression"),
  ("colour: blue", "unknown key 'colour'"),
  ("rules:\n  - id: github-pat\n    keywords: [x]\n    regex: x", "already has this id"),
])
func badConfigGivesAnErrorNamingTheFile(yaml: String, message: String) {
  do {
    _ = try SecretConfig.parse(yaml, file: "team-rules.yaml").scanner(file: "team-rules.yaml")
    Issue.record("expected an error for: \(yaml)")
  } catch {
    let text = error.localizedDescription
    #expect(text.contains("team-rules.yaml"), "\(text)")
    #expect(text.contains(message), "\(text)")
  }
}

@Test func missingConfigFileIsAnError() {
  #expect(throws: SecretConfigError.self) { try SecretConfig.load(path: "/nonexistent/rules.yaml") }
}

@Test func emptyConfigKeepsBuiltIns() throws {
  let scanner = try SecretConfig.parse("", file: "e.yaml").scanner(file: "e.yaml")
  #expect(scanner.rules.count == SecretRules.all.count)
}
