import Testing
@testable import PlimsollRules

@Test func stageVersionIsPositive() {
  #expect(RulesStage.version > 0)
}
