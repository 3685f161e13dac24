/// An Aho–Corasick automaton over ASCII-case-folded bytes: finds every occurrence of every
/// keyword in one pass over a buffer.
///
/// The scan is the prefilter of the secret engine, so it is built as a dense DFA (every
/// failure link resolved ahead of time) over byte classes: one table load per input byte.
public struct KeywordAutomaton: Sendable {
  /// The keywords, lower-cased, in the order given.
  public let keywords: [[UInt8]]
  /// Byte -> class; bytes that occur in no keyword share class 0.
  private let byteClass: [UInt8]
  private let classCount: Int
  /// Next state, premultiplied by `classCount`, indexed by `state * classCount + class`.
  private let transitions: [Int32]
  /// States (premultiplied) at or above this value end at least one keyword.
  private let firstOutputState: Int32
  /// For output state `s / classCount - firstOutputIndex`: the range of `outputs` it owns.
  private let outputRanges: [Range<Int>]
  private let outputs: [Int32]
  private let firstOutputIndex: Int

  /// Builds the automaton; empty keywords are ignored (they would match everywhere).
  public init(keywords: [String]) {
    let folded = keywords.map { Array($0.utf8).map(Self.fold) }
    self.keywords = folded

    // Byte classes: one per distinct folded byte used by a keyword.
    var classOfByte = [UInt8](repeating: 0, count: 256)
    var classCount = 1
    for word in folded {
      for byte in word where classOfByte[Int(byte)] == 0 {
        guard classCount < 255 else { break }
        classOfByte[Int(byte)] = UInt8(classCount)
        classCount += 1
      }
    }
    for upper in UInt8(ascii: "A")...UInt8(ascii: "Z") {
      classOfByte[Int(upper)] = classOfByte[Int(upper | 0x20)]
    }

    // Trie.
    var children: [[Int32]] = [[Int32](repeating: -1, count: classCount)]
    var nodeOutputs: [[Int32]] = [[]]
    for (index, word) in folded.enumerated() where !word.isEmpty {
      var node = 0
      for byte in word {
        let cls = Int(classOfByte[Int(byte)])
        if children[node][cls] < 0 {
          children[node][cls] = Int32(children.count)
          children.append([Int32](repeating: -1, count: classCount))
          nodeOutputs.append([])
        }
        node = Int(children[node][cls])
      }
      nodeOutputs[node].append(Int32(index))
    }

    // Failure links breadth first, resolving every transition into a DFA edge.
    let stateCount = children.count
    var delta = [Int32](repeating: 0, count: stateCount * classCount)
    var failure = [Int](repeating: 0, count: stateCount)
    var queue: [Int] = []
    for cls in 0..<classCount {
      let child = children[0][cls]
      if child >= 0 {
        delta[cls] = child
        failure[Int(child)] = 0
        queue.append(Int(child))
      } else {
        delta[cls] = 0
      }
    }
    var head = 0
    while head < queue.count {
      let node = queue[head]
      head += 1
      nodeOutputs[node].append(contentsOf: nodeOutputs[failure[node]])
      for cls in 0..<classCount {
        let child = children[node][cls]
        if child >= 0 {
          failure[Int(child)] = Int(delta[failure[node] * classCount + cls])
          delta[node * classCount + cls] = child
          queue.append(Int(child))
        } else {
          delta[node * classCount + cls] = delta[failure[node] * classCount + cls]
        }
      }
    }
    // Class 0 never continues a keyword.
    for node in 0..<stateCount { delta[node * classCount] = 0 }

    // Renumber: states without output first, so "has output" is one comparison.
    let silent = (0..<stateCount).filter { nodeOutputs[$0].isEmpty }
    let loud = (0..<stateCount).filter { !nodeOutputs[$0].isEmpty }
    var newID = [Int32](repeating: 0, count: stateCount)
    for (position, node) in (silent + loud).enumerated() { newID[node] = Int32(position) }
    var table = [Int32](repeating: 0, count: stateCount * classCount)
    for node in 0..<stateCount {
      let base = Int(newID[node]) * classCount
      for cls in 0..<classCount {
        table[base + cls] = newID[Int(delta[node * classCount + cls])] * Int32(classCount)
      }
    }
    var ranges: [Range<Int>] = []
    var flat: [Int32] = []
    for node in loud {
      let start = flat.count
      flat.append(contentsOf: nodeOutputs[node])
      ranges.append(start..<flat.count)
    }
    self.byteClass = classOfByte
    self.classCount = classCount
    self.transitions = table
    self.firstOutputIndex = silent.count
    self.firstOutputState = Int32(silent.count * classCount)
    self.outputRanges = ranges
    self.outputs = flat
  }

  /// ASCII lower-casing of one byte.
  @inline(__always)
  static func fold(_ byte: UInt8) -> UInt8 {
    (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
  }

  /// Calls `body(keywordIndex, endOffset)` for every keyword occurrence, in order of end
  /// offset; `endOffset` is one past the keyword's last byte.
  public func forEachMatch(in bytes: UnsafeRawBufferPointer, _ body: (Int, Int) -> Void) {
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
    let count = bytes.count
    let classes = classCount
    let threshold = firstOutputState
    byteClass.withUnsafeBufferPointer { classOf in
      transitions.withUnsafeBufferPointer { table in
        var state: Int32 = 0
        var index = 0
        while index < count {
          let cls = Int(classOf[Int(base[index])])
          state = table[Int(state) &+ cls]
          index &+= 1
          if state >= threshold {
            let slot = Int(state) / classes - firstOutputIndex
            for output in outputRanges[slot] { body(Int(outputs[output]), index) }
          }
        }
      }
    }
  }

  /// All matches as (keyword index, end offset) pairs; convenient for tests.
  public func matches(in bytes: [UInt8]) -> [(keyword: Int, end: Int)] {
    var found: [(keyword: Int, end: Int)] = []
    bytes.withUnsafeBytes { raw in forEachMatch(in: raw) { found.append((keyword: $0, end: $1)) } }
    return found
  }
}
