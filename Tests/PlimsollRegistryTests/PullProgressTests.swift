import NIOConcurrencyHelpers
import Testing
@testable import PlimsollRegistry

@Suite struct PullProgressTests {
  @Test func linesCountLayersAndBytesAndTheLastOneClears() {
    let lines = NIOLockedValueBox<[String]>([])
    let progress = PullProgress(name: "localhost:5000/app:1") { line in lines.withLockedValue { $0.append(line) } }
    progress.expect(layers: 2, bytes: 3_000_000)
    progress.received(1_000_000)
    progress.layerDone()
    progress.received(2_000_000)
    progress.layerDone()
    progress.finish()
    let drawn = lines.withLockedValue { $0 }
    #expect(drawn.first?.hasPrefix("pulling localhost:5000/app:1: 0/2 layers, 1.0/3.0 MB, ") == true)
    #expect(drawn.contains { $0.hasPrefix("pulling localhost:5000/app:1: 2/2 layers, 3.0/3.0 MB, ") })
    #expect(drawn.last == "")
  }
}
