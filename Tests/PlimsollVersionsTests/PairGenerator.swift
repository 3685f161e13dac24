import PlimsollTestSupport
/// Generates tricky version pairs: real versions from advisories plus mutations
/// (epochs, tildes, carets, long digit runs, leading zeros, mixed letters, odd separators).
struct PairGenerator {
  var random: SplitMix64
  let corpus: [String]
  let mutations: [(inout SplitMix64, String) -> String]

  init(seed: UInt64, corpus: [String], mutations: [(inout SplitMix64, String) -> String]) {
    random = SplitMix64(seed: seed)
    self.corpus = corpus.sorted()
    self.mutations = mutations
  }

  mutating func pick() -> String { corpus[Int.random(in: 0..<corpus.count, using: &random)] }

  mutating func mutate(_ version: String) -> String {
    var result = version
    for _ in 0..<Int.random(in: 1...2, using: &random) {
      let mutation = mutations[Int.random(in: 0..<mutations.count, using: &random)]
      result = mutation(&random, result)
    }
    return result.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
  }

  /// `count` pairs: a version against its mutation, two mutations, random and neighbouring corpus pairs.
  mutating func pairs(_ count: Int) -> [(String, String)] {
    var result: [(String, String)] = []
    result.reserveCapacity(count)
    while result.count < count {
      let roll = Int.random(in: 0..<100, using: &random)
      let base = pick()
      switch roll {
      case 0..<35: result.append((base, mutate(base)))
      case 35..<60: result.append((mutate(base), mutate(base)))
      case 60..<80: result.append((base, pick()))
      default:
        let index = corpus.firstIndex(of: base) ?? 0
        let neighbour = corpus[min(corpus.count - 1, index + Int.random(in: 1...3, using: &random))]
        result.append(Int.random(in: 0..<2, using: &random) == 0 ? (base, neighbour) : (neighbour, base))
      }
      if Int.random(in: 0..<10, using: &random) == 0, let last = result.popLast() { result.append((last.1, last.0)) }
    }
    return result
  }
}

/// Mutation building blocks shared by the ecosystems.
enum Mutate {
  static func element<T>(_ items: [T], _ random: inout SplitMix64) -> T {
    items[Int.random(in: 0..<items.count, using: &random)]
  }

  static func insert(_ piece: String, _ version: String, _ random: inout SplitMix64) -> String {
    var characters = Array(version)
    let position = Int.random(in: 0...characters.count, using: &random)
    characters.insert(contentsOf: piece, at: position)
    return String(characters)
  }

  static func append(_ pieces: [String]) -> (inout SplitMix64, String) -> String {
    { random, version in version + element(pieces, &random) }
  }

  static func insertAnywhere(_ pieces: [String]) -> (inout SplitMix64, String) -> String {
    { random, version in insert(element(pieces, &random), version, &random) }
  }

  static func longDigits(_ random: inout SplitMix64, _ version: String) -> String {
    let digits = String((0..<Int.random(in: 15...30, using: &random)).map { _ in
      Character(String(Int.random(in: 0...9, using: &random)))
    })
    return insert(digits, version, &random)
  }

  static func leadingZeros(_ random: inout SplitMix64, _ version: String) -> String {
    var characters = Array(version)
    let digitPositions = characters.indices.filter {
      characters[$0].isNumber && ($0 == 0 || !characters[$0 - 1].isNumber)
    }
    guard !digitPositions.isEmpty else { return version }
    characters.insert(contentsOf: String(repeating: "0", count: Int.random(in: 1...3, using: &random)),
                      at: element(digitPositions, &random))
    return String(characters)
  }

  static func dropZeros(_ random: inout SplitMix64, _ version: String) -> String {
    version.replacingOccurrences(of: ".0", with: ".")
  }

  static func bumpDigit(_ random: inout SplitMix64, _ version: String) -> String {
    var characters = Array(version)
    let digits = characters.indices.filter { characters[$0].isNumber }
    guard !digits.isEmpty else { return version }
    let position = element(digits, &random)
    characters[position] = Character(String(Int.random(in: 0...9, using: &random)))
    return String(characters)
  }

  static func truncate(_ random: inout SplitMix64, _ version: String) -> String {
    guard version.count > 1 else { return version }
    return String(version.prefix(Int.random(in: 1..<version.count, using: &random)))
  }

  static func swapCase(_ random: inout SplitMix64, _ version: String) -> String {
    String(version.map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) })
  }

  static func replaceSeparator(_ separators: [String]) -> (inout SplitMix64, String) -> String {
    { random, version in
      var characters = Array(version)
      let positions = characters.indices.filter { !characters[$0].isLetter && !characters[$0].isNumber }
      guard !positions.isEmpty else { return version }
      let position = element(positions, &random)
      characters.replaceSubrange(position...position, with: element(separators, &random))
      return String(characters)
    }
  }

  static func randomCharacter(_ alphabet: String) -> (inout SplitMix64, String) -> String {
    { random, version in insert(String(element(Array(alphabet), &random)), version, &random) }
  }
}

/// The generators per ecosystem.
enum Generators {
  static func debian(seed: UInt64) throws -> PairGenerator {
    PairGenerator(seed: seed, corpus: try Fixtures.corpus("debian") + Fixtures.corpus("alpine"), mutations: [
      { random, version in "\(Int.random(in: 0...3, using: &random)):" + version },
      { _, version in version.split(separator: ":", maxSplits: 1).last.map(String.init) ?? version },
      Mutate.insertAnywhere(["~", "~rc1", "~~", "~beta", "+", "+b1", ".", "a", "Z", "-1", "-", ":"]),
      Mutate.append(["~", "~rc1", "+deb11u1", "+b1", "-1", "-0", "-1.1", ".0", "a", "~bpo11+1", "+really1.0", "~0"]),
      Mutate.longDigits, Mutate.leadingZeros, Mutate.dropZeros, Mutate.bumpDigit, Mutate.truncate,
      Mutate.swapCase, Mutate.replaceSeparator([".", "+", "~", "-", ":", ""]),
      Mutate.randomCharacter("0123456789abyzAZ.+~-:_"),
    ])
  }

  static func rpm(seed: UInt64) throws -> PairGenerator {
    PairGenerator(seed: seed, corpus: try Fixtures.corpus("debian") + Fixtures.corpus("pypi"), mutations: [
      { random, version in "\(Int.random(in: 0...3, using: &random)):" + version },
      Mutate.insertAnywhere(["~", "^", "~rc1", "^git1", "~~", "^^", "_", ".", "a", "Z", "-1", "+"]),
      Mutate.append(["~", "^", "~rc1", "^post1", "-1", "-1.el9", "-1.fc40", ".0", "a", "_1", "-"]),
      Mutate.longDigits, Mutate.leadingZeros, Mutate.dropZeros, Mutate.bumpDigit, Mutate.truncate,
      Mutate.swapCase, Mutate.replaceSeparator([".", "_", "+", "~", "^", "-", ""]),
      Mutate.randomCharacter("0123456789abyzAZ._+~^-"),
    ])
  }

  static func pep440(seed: UInt64) throws -> PairGenerator {
    PairGenerator(seed: seed, corpus: try Fixtures.corpus("pypi"), mutations: [
      Mutate.append(["a1", "b2", "rc1", "c3", "alpha", "beta2", "pre1", "preview", ".a1", "-rc.2", "_b_3"]),
      Mutate.append([".post1", "-1", "post", ".rev2", "r", "-post-3", "_post"]),
      Mutate.append([".dev0", "dev", "-dev1", ".dev", "_dev_2"]),
      Mutate.append(["+ubuntu1", "+abc.1", "+1.2-3_x", "+local", "+0", "+01", "+"]),
      { random, version in "\(Int.random(in: 0...2, using: &random))!" + version },
      { _, version in "v" + version },
      { _, version in " " + version + " " },
      Mutate.longDigits, Mutate.leadingZeros, Mutate.dropZeros, Mutate.bumpDigit, Mutate.truncate,
      Mutate.swapCase, Mutate.replaceSeparator([".", "-", "_", ""]),
      Mutate.randomCharacter("0123456789abcdeoprstvz.-_+!"),
    ])
  }

  static func npm(seed: UInt64) throws -> PairGenerator {
    PairGenerator(seed: seed, corpus: try Fixtures.corpus("go") + Fixtures.corpus("pypi"), mutations: [
      Mutate.append(["-alpha.1", "-0", "-rc.01", "-rc.1", "+build.1", "-x-y.2", "-beta", ".1", "-1.alpha", "+001"]),
      Mutate.append(["-9007199254740993", "-9007199254740992", "-123456789012345678901"]),
      { _, version in "v" + version },
      { _, version in " " + version },
      { _, version in version.split(separator: "-", maxSplits: 1).first.map(String.init) ?? version },
      { random, version in
        let parts = version.split(separator: "-", maxSplits: 1)
        let core = parts.first.map(String.init) ?? version
        let pieces = core.split(separator: ".")
        guard pieces.count >= 3 else { return core + ".0" }
        return pieces.prefix(3).joined(separator: ".") + (parts.count > 1 ? "-" + parts[1] : "")
      },
      Mutate.longDigits, Mutate.leadingZeros, Mutate.bumpDigit, Mutate.truncate, Mutate.swapCase,
      Mutate.replaceSeparator([".", "-", "+", ""]), Mutate.randomCharacter("0123456789abxz.-+"),
    ])
  }

  static func go(seed: UInt64) throws -> PairGenerator {
    PairGenerator(seed: seed, corpus: try Fixtures.corpus("go").map { "v" + $0 }, mutations: [
      Mutate.append(["+incompatible", "-0.20191109021931-daa7c04131f5", "-pre.0.20200101000000-abcdefabcdef",
                     "-rc.1", "-alpha.01", "-0", "+build.007", "-x-y", "-", "+"]),
      { _, version in version.split(separator: "-", maxSplits: 1).first.map(String.init) ?? version },
      { _, version in version.split(separator: ".").prefix(2).joined(separator: ".") },
      { _, version in String(version.prefix { $0 != "." }) },
      { _, version in version.hasPrefix("v") ? String(version.dropFirst()) : "v" + version },
      Mutate.longDigits, Mutate.leadingZeros, Mutate.bumpDigit, Mutate.truncate,
      Mutate.replaceSeparator([".", "-", "+", ""]), Mutate.randomCharacter("0123456789abfxz.-+v"),
    ])
  }

  static func cargo(seed: UInt64) throws -> PairGenerator {
    PairGenerator(seed: seed, corpus: try Fixtures.corpus("go"), mutations: [
      Mutate.append(["-alpha.1", "-0", "-rc.01", "-rc.1", "+build.1", "-x-y.2", "-beta", ".1", "-1.alpha", "+001", "-"]),
      Mutate.append(["-18446744073709551616", "-18446744073709551615", ".18446744073709551616"]),
      { _, version in "v" + version },
      { _, version in version.split(separator: "-", maxSplits: 1).first.map(String.init) ?? version },
      Mutate.longDigits, Mutate.leadingZeros, Mutate.bumpDigit, Mutate.truncate, Mutate.swapCase,
      Mutate.replaceSeparator([".", "-", "+", ""]), Mutate.randomCharacter("0123456789abxz.-+"),
    ])
  }

  static func rubyGems(seed: UInt64) throws -> PairGenerator {
    PairGenerator(seed: seed, corpus: try Fixtures.corpus("pypi"), mutations: [
      Mutate.append([".pre", ".pre.1", "-rc1", ".a", ".b2", "-1", ".0", ".0.0", "-beta.2", ".rc", "-", "..1", ".A"]),
      { _, version in " " + version + " " },
      Mutate.longDigits, Mutate.leadingZeros, Mutate.dropZeros, Mutate.bumpDigit, Mutate.truncate,
      Mutate.swapCase, Mutate.replaceSeparator([".", "-", ""]), Mutate.randomCharacter("0123456789abprz.-"),
    ])
  }

  static func composer(seed: UInt64) throws -> PairGenerator {
    PairGenerator(seed: seed, corpus: try Fixtures.corpus("go") + Fixtures.corpus("pypi"), mutations: [
      Mutate.append(["-beta2", "-RC1", "-rc.1", "-p1", "-pl2", "-patch3", "-dev", ".x-dev", "-dev", "@stable", "@beta",
                     "+build.1", " as 2.0", "-alpha.1.2", "-b", "-stable", "-STABLE", "beta", ".0", ".0.0", ".*-dev"]),
      { _, version in "v" + version },
      { _, version in "2010-01-" + version },
      { _, version in "dev-" + version },
      Mutate.longDigits, Mutate.leadingZeros, Mutate.dropZeros, Mutate.bumpDigit, Mutate.truncate, Mutate.swapCase,
      Mutate.replaceSeparator([".", "-", "_", ":", ""]), Mutate.randomCharacter("0123456789abdeilpstvx.-_"),
    ])
  }

  static func maven(seed: UInt64) throws -> PairGenerator {
    PairGenerator(seed: seed, corpus: try Fixtures.corpus("pypi") + Fixtures.corpus("debian"), mutations: [
      Mutate.append(["-SNAPSHOT", "-alpha-1", ".RELEASE", "-sp1", "-final", "-ga", "-cr1", "-rc1", "-m1", "a1", "b2",
                     "-1", ".0", "-0", "..", "--", "X1", "-beta", "-milestone-2", "sp", "-GA", ".Final", "-foo"]),
      Mutate.insertAnywhere(["-", ".", "a", "rc", "-0", ".0", "sp", "x"]),
      Mutate.longDigits, Mutate.leadingZeros, Mutate.dropZeros, Mutate.bumpDigit, Mutate.truncate,
      Mutate.swapCase, Mutate.replaceSeparator([".", "-", ""]), Mutate.randomCharacter("0123456789abmprsx.-"),
    ])
  }
}
