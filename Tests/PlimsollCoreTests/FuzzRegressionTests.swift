import Foundation
import PlimsollFuzzTargets
import PlimsollTestSupport
import Testing

/// The fuzz targets outside of libFuzzer: every input a campaign found crashing (committed under
/// `Fuzz/Regressions/TARGET/`) is replayed through the same entry point, so a fixed crash stays
/// fixed; and every target has its fuzz executable under `Fuzz/Targets/`.
@Suite struct FuzzRegressionTests {
  static let fuzz = Repository.root.appendingPathComponent("Fuzz")

  @Test func everyTargetHasAnExecutableAndEveryExecutableATarget() throws {
    let folders = try FileManager.default.contentsOfDirectory(atPath: Self.fuzz.appendingPathComponent("Targets").path)
    #expect(Set(folders) == Set(FuzzTargets.all.keys))
    #expect(FuzzTargets.all.count >= 20)
  }

  @Test(arguments: FuzzTargets.all.keys.sorted())
  func committedInputsReplayWithoutCrashing(target: String) throws {
    let folder = Self.fuzz.appendingPathComponent("Regressions/" + target)
    let inputs = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    // The empty input and a few degenerate ones, then every committed finding.
    var cases: [[UInt8]] = [[], [0], Array(repeating: 0xFF, count: 4096), Array("\n\n:\n- [\n".utf8)]
    for name in inputs.sorted() where name != "README.md" {
      cases.append(try [UInt8](Data(contentsOf: folder.appendingPathComponent(name))))
    }
    for bytes in cases {
      #expect(bytes.withUnsafeBytes { FuzzTargets.run(target, $0.baseAddress, $0.count) } == 0)
    }
  }
}
