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

  /// The longest keyword, in bytes.
  public var longestKeyword: Int { keywords.map(\.count).max() ?? 0 }

  /// Calls `body(keywordIndex, endOffset)` for every keyword occurrence, in order of end
  /// offset; `endOffset` is one past the keyword's last byte.
  public func forEachMatch(in bytes: UnsafeRawBufferPointer, _ body: (Int, Int) -> Void) {
    var hits: [Int] = []
    collect(in: bytes, into: &hits)
    var index = 0
    while index + 1 < hits.count {
      body(hits[index], hits[index + 1])
      index += 2
    }
  }

  /// Appends (keyword index, end offset) pairs, flattened, in order of end offset.
  ///
  /// A DFA walk is bound by the latency of one table load per byte, so a large buffer is
  /// walked as four interleaved lanes with independent states; each lane starts early
  /// enough (one keyword length) to see every keyword that ends inside it.
  public func collect(in bytes: UnsafeRawBufferPointer, into hits: inout [Int]) {
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
    let count = bytes.count
    let overlap = max(0, longestKeyword - 1)
    let lanes = 4
    guard count >= 4096 && overlap < count / lanes else {
      walk(base, from: 0, to: count, reportAfter: 0, into: &hits)
      return
    }
    let laneLength = count / lanes
    var laneHits: [[Int]] = Array(repeating: [], count: lanes)
    var starts = [Int](repeating: 0, count: lanes)
    var ends = [Int](repeating: 0, count: lanes)
    for lane in 0..<lanes {
      let reportFrom = lane * laneLength
      ends[lane] = lane == lanes - 1 ? count : reportFrom + laneLength
      starts[lane] = max(0, reportFrom - overlap)
    }
    let classes = classCount
    let threshold = firstOutputState
    byteClass.withUnsafeBufferPointer { classOf in
      transitions.withUnsafeBufferPointer { table in
        var state0: Int32 = 0, state1: Int32 = 0, state2: Int32 = 0, state3: Int32 = 0
        var i0 = starts[0], i1 = starts[1], i2 = starts[2], i3 = starts[3]
        let steps = laneLength + overlap
        // Every lane has at least `laneLength` bytes plus its overlap except lane 0, which
        // has no overlap; walk in lock step while all four have input.
        let common = min(ends[0] - i0, ends[1] - i1, ends[2] - i2, ends[3] - i3, steps)
        var step = 0
        while step < common {
          state0 = table[Int(state0) &+ Int(classOf[Int(base[i0])])]
          state1 = table[Int(state1) &+ Int(classOf[Int(base[i1])])]
          state2 = table[Int(state2) &+ Int(classOf[Int(base[i2])])]
          state3 = table[Int(state3) &+ Int(classOf[Int(base[i3])])]
          i0 &+= 1
          i1 &+= 1
          i2 &+= 1
          i3 &+= 1
          step &+= 1
          if state0 >= threshold { emit(state0, end: i0, reportAfter: 0, classes, &laneHits[0]) }
          if state1 >= threshold {
            emit(state1, end: i1, reportAfter: laneLength, classes, &laneHits[1])
          }
          if state2 >= threshold {
            emit(state2, end: i2, reportAfter: 2 * laneLength, classes, &laneHits[2])
          }
          if state3 >= threshold {
            emit(state3, end: i3, reportAfter: 3 * laneLength, classes, &laneHits[3])
          }
        }
        // Finish each lane alone.
        let states = [state0, state1, state2, state3]
        let positions = [i0, i1, i2, i3]
        for lane in 0..<lanes {
          var state = states[lane]
          var index = positions[lane]
          while index < ends[lane] {
            state = table[Int(state) &+ Int(classOf[Int(base[index])])]
            index &+= 1
            if state >= threshold {
              emit(state, end: index, reportAfter: lane * laneLength, classes, &laneHits[lane])
            }
          }
        }
      }
    }
    for lane in laneHits { hits.append(contentsOf: lane) }
  }

  /// Records the keywords that end at `end`, if `end` lies past `reportAfter`.
  @inline(__always)
  private func emit(_ state: Int32, end: Int, reportAfter: Int, _ classes: Int,
                    _ hits: inout [Int]) {
    guard end > reportAfter else { return }
    for output in outputRanges[Int(state) / classes - firstOutputIndex] {
      hits.append(Int(outputs[output]))
      hits.append(end)
    }
  }

  private func walk(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int,
                    reportAfter: Int, into hits: inout [Int]) {
    let classes = classCount
    let threshold = firstOutputState
    byteClass.withUnsafeBufferPointer { classOf in
      transitions.withUnsafeBufferPointer { table in
        var state: Int32 = 0
        var index = start
        while index < end {
          state = table[Int(state) &+ Int(classOf[Int(base[index])])]
          index &+= 1
          if state >= threshold { emit(state, end: index, reportAfter: reportAfter, classes, &hits) }
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
