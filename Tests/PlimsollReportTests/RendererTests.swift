import Foundation
import Testing
import PlimsollFindings
@testable import PlimsollReport

@Test func jsonRenderingKeepsEveryFinding() throws {
  let report = FindingReport(target: "Dockerfile", findings: [
    Finding(kind: .misconfiguration, id: "PLM-DF-001", title: "t", severity: .high, status: .fail)
  ])
  let text = try FindingsRenderer.render(report, format: .json)
  let decoded = try JSONDecoder().decode(FindingReport.self, from: Data(text.utf8))
  #expect(decoded.findings.map(\.id) == ["PLM-DF-001"])
}

@Test(arguments: [
  ("MIT", "MIT"), ("mit", "MIT"), ("Apache 2.0", "Apache-2.0"), ("GPL-2+", "GPL-2.0-or-later"),
  ("Expat", "MIT"), ("MIT OR Apache-2.0", "MIT OR Apache-2.0"),
  ("(mit or apache-2.0) and BSD-3-Clause", "(MIT OR Apache-2.0) AND BSD-3-Clause"),
  ("GPL-2.0-or-later WITH Classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0"),
  ("LGPL-2.1+", "LGPL-2.1-or-later"), ("LicenseRef-Proprietary", "LicenseRef-Proprietary"),
])
func recognisesSPDXExpressions(text: String, expected: String) {
  #expect(SPDXLicenses.expression(text) == expected)
}

@Test(arguments: ["", "MIT AND", "(MIT", "MIT WITH MIT", "Custom", "MIT Or Apache-2.0",
                  "BSD", "GPL-2.0 WITH", "LicenseRef-", "AND MIT"])
func rejectsWhatIsNotAnExpression(text: String) {
  #expect(SPDXLicenses.expression(text) == nil)
}

@Test func licenseRefsUseOnlyAllowedCharacters() {
  #expect(SPDXLicenses.licenseRef(for: "Custom: see LICENSE (c) 2023") == "LicenseRef-Custom-see-LICENSE-c-2023")
  #expect(SPDXLicenses.licenseRef(for: "§§§").hasPrefix("LicenseRef-"))
  #expect(SPDXLicenses.expression(SPDXLicenses.licenseRef(for: "§§§")) != nil)
}

@Test func jsonStringsEscapeControlCharacters() {
  let value = JSONValue.object([("k\"", .string("a\u{01}b\n\\c/é"))])
  #expect(value.rendered() == "{\n  \"k\\\"\": \"a\\u0001b\\n\\\\c/é\"\n}\n")
}

@Test func createdByIsAbbreviated() {
  #expect(ReportSupport.abbreviatedCreatedBy("/bin/sh -c #(nop)  CMD [\"bash\"]") == "CMD [\"bash\"]")
  #expect(ReportSupport.abbreviatedCreatedBy("|2 A=1 B=2 /bin/sh -c make   install") == "RUN make install")
  #expect(ReportSupport.abbreviatedCreatedBy("RUN /bin/sh -c pip install x # buildkit") == "RUN pip install x")
  #expect(ReportSupport.abbreviatedCreatedBy("/bin/sh -c apt-get update") == "RUN apt-get update")
  #expect(ReportSupport.abbreviatedCreatedBy("  ") == nil)
}
