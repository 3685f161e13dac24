import Testing
@testable import PlimsollSource

@Test func stageVersionIsPositive() {
  #expect(SourceStage.version > 0)
}
