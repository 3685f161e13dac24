// Prints comparisons per second per version scheme on real version strings, and the time to
// evaluate 1,000,000 (version, OSV range) pairs. Run: swift run -c release VersionsBenchmark
import Foundation
import PlimsollVersions

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/versions")

func corpus(_ name: String) -> [String] {
  let url = fixtures.appendingPathComponent("corpus-\(name).txt")
  guard let text = try? String(contentsOf: url, encoding: .utf8) else {
    print("cannot read \(url.path)")
    return []
  }
  return text.split(separator: "\n").map(String.init)
}

/// A fixed pseudo-random sequence so every run compares the same pairs.
struct Sequence64 {
  var state: UInt64 = 0x2545_F491_4F6C_DD1D
  mutating func next(_ bound: Int) -> Int {
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return Int(state % UInt64(bound))
  }
}

func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func benchmark<S: VersionScheme>(_ scheme: S.Type, label: String, strings: [String], comparisons: Int = 5_000_000) {
  let clock = ContinuousClock()
  var parsed: [S.Version] = []
  let parseTime = clock.measure {
    parsed = strings.compactMap { try? S.parse($0) }
  }
  guard parsed.count > 1 else {
    print("\(label): no parsable versions")
    return
  }
  var sequence = Sequence64()
  let pairs = (0..<comparisons).map { _ in (Int32(sequence.next(parsed.count)), Int32(sequence.next(parsed.count))) }
  var less = 0
  let compareTime = clock.measure {
    parsed.withUnsafeBufferPointer { versions in
      for (left, right) in pairs where versions[Int(left)] < versions[Int(right)] { less += 1 }
    }
  }
  let perSecond = Double(comparisons) / seconds(compareTime)
  let parseRate = Double(strings.count) / seconds(parseTime)
  let name = label.padding(toLength: 9, withPad: " ", startingAt: 0)
  print(name + String(format: " %5d versions  parse %9.0f/s  compare %6.2f M/s  (%d less)",
                      parsed.count, parseRate, perSecond / 1e6, less))
}

print("Version comparisons on real advisory versions (one core, pre-parsed):")
let debian = corpus("debian"), alpine = corpus("alpine"), pypi = corpus("pypi"), go = corpus("go")
benchmark(DebianScheme.self, label: "dpkg", strings: debian)
benchmark(RPMScheme.self, label: "rpm", strings: debian)
benchmark(APKScheme.self, label: "apk", strings: alpine)
benchmark(PEP440Scheme.self, label: "PEP 440", strings: pypi)
benchmark(NPMScheme.self, label: "npm", strings: go)
benchmark(GoScheme.self, label: "Go", strings: go.map { "v" + $0 })
benchmark(CargoScheme.self, label: "Cargo", strings: go)
benchmark(MavenScheme.self, label: "Maven", strings: pypi)
benchmark(RubyGemsScheme.self, label: "RubyGems", strings: pypi)
benchmark(NuGetScheme.self, label: "NuGet", strings: go)
benchmark(ComposerScheme.self, label: "Composer", strings: go)

// OSV: real Go and PyPI records' ranges, evaluated against real versions.
struct Record: Decodable {
  struct Affected: Decodable {
    struct Package: Decodable { let ecosystem: String }
    let package: Package
    let ranges: [OSVRange]?
  }
  let affected: [Affected]
}
let osvDirectory = fixtures.appendingPathComponent("osv")
let files = ((try? FileManager.default.contentsOfDirectory(atPath: osvDirectory.path)) ?? []).sorted()
var goRanges: [OSVRange] = []
var pypiRanges: [OSVRange] = []
for file in files {
  guard let data = try? Data(contentsOf: osvDirectory.appendingPathComponent(file)),
    let record = try? JSONDecoder().decode(Record.self, from: data)
  else { continue }
  for affected in record.affected {
    let ranges = (affected.ranges ?? []).filter { $0.type != "GIT" }
    if affected.package.ecosystem == "Go" { goRanges += ranges } else { pypiRanges += ranges }
  }
}

func osvBenchmark<S: VersionScheme>(_ scheme: S.Type, label: String, ranges: [OSVRange], versions: [String]) {
  let compiled = ranges.compactMap { try? CompiledOSVRange<S>($0) }
  let parsed = versions.compactMap { try? S.parse($0) }
  guard !compiled.isEmpty, !parsed.isEmpty else { return }
  let clock = ContinuousClock()
  var sequence = Sequence64()
  let total = 1_000_000
  let work = (0..<total).map { _ in (Int32(sequence.next(parsed.count)), Int32(sequence.next(compiled.count))) }
  var affected = 0
  let time = clock.measure {
    for (version, range) in work where compiled[Int(range)].contains(parsed[Int(version)]) { affected += 1 }
  }
  let matcher = OSVAffectedMatcher<S>(ranges: ranges, versions: [])
  var viaStrings = 0
  let stringTime = clock.measure {
    for index in 0..<100_000 where matcher.evaluate(versions[index % versions.count]) == .affected { viaStrings += 1 }
  }
  print(label.padding(toLength: 5, withPad: " ", startingAt: 0)
        + String(format: " 1,000,000 (version, range) evaluations: %.3f s (%d ranges, %d affected); "
                 + "100,000 version strings parsed and tested against all %d ranges: %.3f s",
                 seconds(time), compiled.count, affected, compiled.count, seconds(stringTime)))
}

print("OSV range evaluation (ranges compiled once, versions pre-parsed):")
osvBenchmark(GoScheme.self, label: "Go", ranges: goRanges, versions: go.map { "v" + $0 })
osvBenchmark(PEP440Scheme.self, label: "PyPI", ranges: pypiRanges, versions: pypi)
