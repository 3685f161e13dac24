import Testing
@testable import PlimsollSecrets

/// Every occurrence a naive search finds, as (keyword, end) pairs.
private func naiveMatches(_ keywords: [String], _ text: [UInt8]) -> Set<[Int]> {
  var found = Set<[Int]>()
  let lowered = text.map(KeywordAutomaton.fold)
  for (index, keyword) in keywords.enumerated() {
    let word = Array(keyword.lowercased().utf8)
    guard !word.isEmpty, word.count <= lowered.count else { continue }
    for start in 0...(lowered.count - word.count) where Array(lowered[start..<start + word.count]) == word {
      found.insert([index, start + word.count])
    }
  }
  return found
}

@Test func automatonFindsOverlappingAndNestedKeywords() {
  let automaton = KeywordAutomaton(keywords: ["he", "she", "his", "hers"])
  let found = Set(automaton.matches(in: Array("ushers".utf8)).map { [$0.keyword, $0.end] })
  #expect(found == [[1, 4], [0, 4], [3, 6]])
}

@Test func automatonIsCaseInsensitiveOverASCII() {
  let automaton = KeywordAutomaton(keywords: ["akia", "ghp_"])
  let found = automaton.matches(in: Array("x AKIA y GhP_ z".utf8)).map(\.keyword)
  #expect(found == [0, 1])
}

@Test func automatonAgreesWithNaiveSearchOnRandomInput() {
  var generator = SystemRandomNumberGenerator()
  let alphabet = Array("abAB_-:".utf8)
  for _ in 0..<200 {
    let keywords = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
      String(decoding: (0..<Int.random(in: 1...4, using: &generator)).map { _ in
        alphabet.randomElement(using: &generator) ?? 0x61
      }, as: UTF8.self)
    }
    let text = (0..<Int.random(in: 0...200, using: &generator)).map { _ in
      alphabet.randomElement(using: &generator) ?? 0x61
    }
    let automaton = KeywordAutomaton(keywords: keywords)
    let found = Set(automaton.matches(in: text).map { [$0.keyword, $0.end] })
    #expect(found == naiveMatches(keywords, text), "keywords \(keywords)")
  }
}

@Test func automatonIgnoresEmptyKeywordsAndBinaryBytes() {
  let automaton = KeywordAutomaton(keywords: ["", "key"])
  let bytes: [UInt8] = [0, 0xFF, 0x6B, 0x65, 0x79, 0x00, 0x4B, 0x45, 0x59]
  #expect(automaton.matches(in: bytes).map(\.end) == [5, 9])
}

@Test func interleavedLanesAgreeWithNaiveSearchOnLargeInput() {
  var generator = SystemRandomNumberGenerator()
  let alphabet = Array("abcAB_-\n".utf8)
  for round in 0..<12 {
    let keywords = (0..<Int.random(in: 1...8, using: &generator)).map { _ in
      String(decoding: (0..<Int.random(in: 1...6, using: &generator)).map { _ in
        alphabet.randomElement(using: &generator) ?? 0x61
      }, as: UTF8.self)
    }
    // Sizes around the lane split, including lengths not divisible by four.
    let size = 4096 + round * 1_237
    let text = (0..<size).map { _ in alphabet.randomElement(using: &generator) ?? 0x61 }
    let automaton = KeywordAutomaton(keywords: keywords)
    let found = automaton.matches(in: text).map { [$0.keyword, $0.end] }
    #expect(Set(found) == naiveMatches(keywords, text), "keywords \(keywords)")
    #expect(found.count == Set(found).count, "a hit reported twice")
    #expect(found.map { $0[1] } == found.map { $0[1] }.sorted(), "hits out of order")
  }
}

@Test func keywordSpanningALaneBoundaryIsFoundOnce() {
  let automaton = KeywordAutomaton(keywords: ["boundary"])
  for offset in [4096 / 4 - 8, 4096 / 4 - 4, 4096 / 4 - 1, 4096 / 4, 2 * 4096 / 4 - 3] {
    var text = [UInt8](repeating: 0x20, count: 4096)
    text.replaceSubrange(offset..<offset + 8, with: Array("BOUNDARY".utf8))
    #expect(automaton.matches(in: text).map(\.end) == [offset + 8], "offset \(offset)")
  }
}
