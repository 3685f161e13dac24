// Language cataloger benchmark: walks a directory tree as if it were an image's root
// filesystem, offers every regular file to each language cataloger, reads the wanted ones,
// and prints per cataloger the files read, bytes, time spent parsing, throughput, packages
// and warnings. Usage: swift run -c release LanguageCatalogBenchmark [--purls] [root ...]
// (--purls also prints every package's purl and location, for comparing with other tools).
import Foundation
import PlimsollCatalog
import PlimsollLayers

struct Tally {
  var files = 0
  var bytes = 0
  var seconds = 0.0
  var packages = 0
  var warnings = 0
}

let arguments = CommandLine.arguments.dropFirst()
let listPurls = arguments.contains("--purls")
let rootArguments = arguments.filter { $0 != "--purls" }
let roots = rootArguments.isEmpty ? ["/usr"] : Array(rootArguments)
let catalogers = LanguageCatalogers.all()
var tallies = [Tally](repeating: Tally(), count: catalogers.count)
var offered = 0
var readSeconds = 0.0
let clock = ContinuousClock()
let wall = clock.now

func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

for root in roots {
  let rootURL = URL(fileURLWithPath: root)
  guard let walker = FileManager.default.enumerator(
    at: rootURL, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey],
    options: [], errorHandler: { _, _ in true })
  else { continue }
  for case let url as URL in walker {
    guard let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey]),
      values.isRegularFile == true, values.isSymbolicLink != true,
      let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
    else { continue }
    offered += 1
    let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
    let mode = (attributes[.posixPermissions] as? NSNumber)?.uint32Value ?? 0
    let entry = EntryInfo(path: url.path, size: size, mode: mode)
    let wanting = catalogers.indices.filter { catalogers[$0].wants(entry) && size <= catalogers[$0].maxFileSize }
    guard !wanting.isEmpty else { continue }
    let readStart = clock.now
    guard let data = FileManager.default.contents(atPath: url.path) else { continue }
    let contents = [UInt8](data)
    readSeconds += seconds(clock.now - readStart)
    let file = LayerFile(entry: entry, contents: contents)
    for index in wanting {
      let start = clock.now
      let result = catalogers[index].catalog(file)
      tallies[index].seconds += seconds(clock.now - start)
      tallies[index].files += 1
      tallies[index].bytes += contents.count
      tallies[index].packages += result.packages.count
      tallies[index].warnings += result.warnings.count
      if listPurls {
        for package in result.packages { print("purl\t\(package.purl)\t\(package.foundIn)") }
        for warning in result.warnings { print("warning\t\(warning)") }
      }
    }
  }
}

print("roots: \(roots.joined(separator: " "))  files offered: \(offered)  wall: "
  + String(format: "%.2f s", seconds(clock.now - wall)) + String(format: "  reading wanted files: %.2f s", readSeconds))
print("cataloger".padding(toLength: 18, withPad: " ", startingAt: 0)
  + "files      MB   parse s     MB/s  packages  warnings")
for (index, cataloger) in catalogers.enumerated() {
  let tally = tallies[index]
  let megabytes = Double(tally.bytes) / 1_048_576
  let rate = tally.seconds > 0 ? megabytes / tally.seconds : 0
  print(cataloger.name.padding(toLength: 18, withPad: " ", startingAt: 0)
    + String(format: "%5d %7.1f %9.3f %8.0f %9d %9d", tally.files, megabytes, tally.seconds, rate,
             tally.packages, tally.warnings))
}
