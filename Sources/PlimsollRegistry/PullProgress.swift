import Foundation
import NIOConcurrencyHelpers

/// How far a pull has come: layers and bytes, shown on a terminal as one line that redraws
/// itself (`pulling REF: 3/7 layers, 45.2/67.0 MB, 38.1 MB/s`) at most ten times a second.
public final class PullProgress: Sendable {
  private struct State {
    var layers = 0
    var layersDone = 0
    var bytes: Int64 = 0
    var bytesDone: Int64 = 0
    var lastDrawn: ContinuousClock.Instant?
  }

  private let state = NIOLockedValueBox(State())
  private let name: String
  private let started = ContinuousClock.now
  private let draw: @Sendable (String) -> Void

  /// Progress of pulling `name`, drawn by `draw` (which gets the whole line each time).
  public init(name: String, draw: @escaping @Sendable (String) -> Void) {
    self.name = name
    self.draw = draw
  }

  /// A progress that draws on standard error when it is a terminal, else nil (nothing shown).
  public static func onTerminal(name: String) -> PullProgress? {
    guard isatty(STDERR_FILENO) == 1 else { return nil }
    return PullProgress(name: name) { line in
      FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }
  }

  /// The layers about to be downloaded and their total size.
  public func expect(layers: Int, bytes: Int64) {
    state.withLockedValue {
      $0.layers = layers
      $0.bytes = bytes
    }
  }

  /// Bytes of some blob received.
  func received(_ count: Int) {
    redraw { $0.bytesDone += Int64(count) }
  }

  /// One layer complete.
  func layerDone() {
    redraw(force: true) { $0.layersDone += 1 }
  }

  /// Clears the line once the pull is over.
  public func finish() {
    state.withLockedValue { $0.lastDrawn = nil }
    draw("")
  }

  private func redraw(force: Bool = false, _ update: (inout State) -> Void) {
    let line: String? = state.withLockedValue { state in
      update(&state)
      let now = ContinuousClock.now
      if !force, let last = state.lastDrawn, now - last < .milliseconds(100) { return nil }
      state.lastDrawn = now
      let seconds = max(0.001, Double((now - started).components.attoseconds) / 1e18
        + Double((now - started).components.seconds))
      return String(
        format: "pulling %@: %d/%d layers, %.1f/%.1f MB, %.1f MB/s", name, state.layersDone, state.layers,
        Double(state.bytesDone) / 1e6, Double(state.bytes) / 1e6, Double(state.bytesDone) / 1e6 / seconds)
    }
    if let line { draw(line) }
  }
}
