import Testing
@testable import PlimsollSecrets

@Test func stageVersionIsPositive() {
  #expect(SecretsStage.version > 0)
}
