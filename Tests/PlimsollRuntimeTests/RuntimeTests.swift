import PlimsollRuntime
import Testing

@Test func benchmarkReferenceIsTheCISPage() {
  #expect(RuntimeBenchmark.reference.hasPrefix("https://www.cisecurity.org/"))
}
