import Testing
@testable import PlimsollCore

@Test func stageVersionIsPositive() {
  #expect(Severity.high > Severity.medium)
}
