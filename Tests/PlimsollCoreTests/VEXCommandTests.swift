import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// `--format openvex` states Plimsoll's own decisions; `--vex` applies statements, and the
/// round trip suppresses exactly what was stated not_affected.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Repository.vulndata + "/ruby")
  || ProcessInfo.processInfo.environment["CI"] == "true", "the advisory snapshot ../shared/vulndata is missing"))
struct VEXCommandTests {
  func findings(_ output: String) throws -> (findings: [[String: Any]], suppressed: [[String: Any]]) {
    let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    return (document["findings"] as? [[String: Any]] ?? [], document["suppressed"] as? [[String: Any]] ?? [])
  }

  @Test func openVEXOutRoundTripsThroughVEXIn() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let scratch = try Scratch()
    try scratch.run(["mkdir", "-p", "tree", "feeds", "cache"])
    try scratch.run(["cp", Repository.root.path + "/Tests/Fixtures/lockfiles/Gemfile.lock", "tree/"])
    try scratch.run(["ln", "-s", Repository.vulndata + "/ruby/ruby-advisory-db.tar.gz", "feeds/"])
    _ = try DatabaseBuilder().build(from: scratch.path + "/feeds", to: scratch.path + "/cache/advisories.db")
    let scan = ["fs", scratch.path + "/tree", "--scanners", "vuln", "--cache-dir", scratch.path + "/cache",
                "--skip-db-update"]
    try scratch.write("ignore.yaml", "ignore:\n  - id: CVE-2019-5477\n    reason: we never parse untrusted XML\n")

    let (_, plain, _) = try await runPlimsollAsync(plimsoll, scan + ["--format", "json"])
    let all = try findings(plain).findings
    #expect(all.count > 20)

    // Out: the ignore entry is a not_affected statement with its reason; --ignore-status fixed
    // makes every other finding an affected statement saying it was accepted.
    let (status, vex, errors) = try await runPlimsollAsync(plimsoll, scan + [
      "--format", "openvex", "--ignorefile", scratch.path + "/ignore.yaml", "--ignore-status", "fixed",
    ])
    #expect(status == 0, "\(errors)")
    let vexFile = try scratch.write("plimsoll.openvex.json", vex)
    let validator = Repository.root.path + "/scripts/validate-json-schema.py"
    let schema = Repository.root.path + "/../shared/schemas/openvex_json_schema_0.2.0.json"
    try scratch.run(["python3", validator, schema, vexFile])
    let document = try #require(try JSONSerialization.jsonObject(with: Data(vex.utf8)) as? [String: Any])
    let statements = document["statements"] as? [[String: Any]] ?? []
    let notAffected = statements.filter { $0["status"] as? String == "not_affected" }
    #expect(notAffected.count == 1)
    #expect((notAffected.first?["vulnerability"] as? [String: Any])?["name"] as? String == "CVE-2019-5477")
    #expect((notAffected.first?["impact_statement"] as? String)?.contains("we never parse untrusted XML") == true)
    #expect(statements.filter { $0["status"] as? String == "affected" }.allSatisfy {
      ($0["action_statement"] as? String)?.contains("--ignore-status") == true
    })

    // In: the not_affected statement takes out exactly the CVE-2019-5477 findings; the
    // affected statements stay as annotations on the findings they name.
    let (_, applied, appliedErrors) = try await runPlimsollAsync(plimsoll, scan + ["--format", "json", "--vex", vexFile])
    let result = try findings(applied)
    let appliedFile = try scratch.write("applied.json", applied)
    try scratch.run(["python3", validator, Repository.root.path + "/docs/json-schema/findings.schema.json", appliedFile])
    let suppressedIDs = result.suppressed.compactMap { ($0["finding"] as? [String: Any])?["id"] as? String }
    let expectedIDs = all.compactMap { $0["id"] as? String }.filter { $0 == "CVE-2019-5477" }
    #expect(!expectedIDs.isEmpty && suppressedIDs == expectedIDs, "\(appliedErrors)")
    #expect(result.findings.count == all.count - expectedIDs.count)
    #expect(result.findings.allSatisfy { ($0["vex"] as? [String: Any])?["status"] as? String == "affected" })
    let decision = result.suppressed.first?["suppression"] as? [String: Any]
    #expect(decision?["by"] as? String == "vex" && decision?["source"] as? String == vexFile)

    // Gates count only what VEX leaves: every finding stated not_affected passes --exit-code.
    let ids = Set(all.compactMap { $0["id"] as? String })
    let everything = ids.sorted().map { id in
      "{\"vulnerability\": {\"name\": \"\(id)\"}, \"products\": [{\"@id\": \"pkg:gem/nokogiri\"}, "
        + "{\"@id\": \"pkg:gem/rack\"}], \"status\": \"not_affected\", \"justification\": \"component_not_present\"}"
    }.joined(separator: ",")
    let allFile = try scratch.write("all.json", "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"statements\": [\(everything)]}")
    let (gated, _, _) = try await runPlimsollAsync(plimsoll, scan + ["--exit-code", "5"])
    let (passed, _, passedErrors) = try await runPlimsollAsync(plimsoll, scan + ["--exit-code", "5", "--vex", allFile])
    #expect(gated == 5)
    #expect(passed == 0, "\(passedErrors)")

    // CycloneDX VEX, valid against the CycloneDX 1.6 schema: `resolved` for rack in a range.
    let cycloneDX = """
      {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
       "components": [{"type": "library", "bom-ref": "rack", "name": "rack", "purl": "pkg:gem/rack"}],
       "vulnerabilities": [\(ids.sorted().map { id in
         "{\"id\": \"\(id)\", \"analysis\": {\"state\": \"resolved\"}, "
           + "\"affects\": [{\"ref\": \"rack\", \"versions\": [{\"range\": \"vers:gem/>=2.0.0|<2.1.0\"}]}]}"
       }.joined(separator: ","))]}
      """
    let cycloneDXFile = try scratch.write("rack.cdx.json", cycloneDX)
    let schemas = Repository.root.path + "/../shared/schemas/"
    try scratch.run(["python3", validator, schemas + "cyclonedx-bom-1.6.schema.json", cycloneDXFile,
                     schemas + "cyclonedx-spdx.schema.json", schemas + "cyclonedx-jsf-0.82.schema.json"])
    let (_, rackOutput, _) = try await runPlimsollAsync(plimsoll, scan + ["--format", "json", "--vex", cycloneDXFile])
    let rack = try findings(rackOutput)
    let rackCount = all.filter { ($0["package"] as? [String: Any])?["name"] as? String == "rack" }.count
    #expect(rackCount > 0 && rack.suppressed.count == rackCount)
    #expect(rack.findings.allSatisfy { ($0["package"] as? [String: Any])?["name"] as? String == "nokogiri" })

    // A malformed document stops the scan with its name.
    let broken = try scratch.write("broken.json", "{\"statements\": 3}")
    let (failed, _, message) = try await runPlimsollAsync(plimsoll, scan + ["--vex", broken])
    #expect(failed != 0 && message.contains("broken.json") && message.contains("statements"), "\(message)")
  }
}
