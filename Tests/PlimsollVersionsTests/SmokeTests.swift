import Testing
@testable import PlimsollVersions

@Test func stageVersionIsPositive() {
  #expect(VersionsStage.version > 0)
}
