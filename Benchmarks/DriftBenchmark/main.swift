// Drift benchmark: deep drift analysis of a real container, timed. Prints the paths indexed,
// the findings, the seconds, the archive bytes per second and the peak resident memory.
// Usage: swift run -c release DriftBenchmark IMAGE.tar CONTAINER.tar DIFF.txt [IMAGE]
// where IMAGE.tar is `docker save -o`, CONTAINER.tar is `docker export -o`, DIFF.txt is
// `docker diff` output of the same container.
import Foundation
import PlimsollRuntime

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 3 else {
  print("usage: DriftBenchmark IMAGE.tar CONTAINER.tar DIFF.txt [IMAGE]")
  exit(2)
}
let (imageArchive, export, diffFile) = (arguments[0], arguments[1], arguments[2])
let image = arguments.count > 3 ? arguments[3] : ""
let text = try String(contentsOfFile: diffFile, encoding: .utf8)
let (changes, diffWarnings) = DockerDiff.parse(text, input: diffFile)

func bytes(_ path: String) -> Int64 {
  ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
}

let clock = ContinuousClock()
let start = clock.now
let report = try DriftScanner.scan(container: "benchmark", image: image, changes: changes,
                                   imageArchive: imageArchive, containerExport: export)
let elapsed = clock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let archiveBytes = bytes(imageArchive) + bytes(export)

print("changes:        \(changes.count) (\(diffWarnings.count) bad lines)")
print("paths indexed:  \(DriftAnalyzer.pathsToIndex(changes).count)")
print("findings:       \(report.findings.count), warnings: \(report.warnings.count)")
for finding in report.findings {
  print("  \(finding.id) \(finding.severity.rawValue) \(finding.location?.path ?? "")")
}
print(String(format: "archives:       %.1f MB (image + export)", Double(archiveBytes) / 1e6))
print(String(format: "deep scan:      %.3f s, %.0f MB/s", seconds,
             Double(archiveBytes) / 1e6 / seconds))
print("peak RSS:       \(usage.ru_maxrss / 1024) MB")
