import Testing
@testable import PlimsollIO

@Test func stageVersionIsPositive() {
  #expect(IOStage.version > 0)
}
