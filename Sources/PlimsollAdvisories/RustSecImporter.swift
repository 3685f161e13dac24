import Foundation
import PlimsollFindings
import PlimsollDiagnostics
import PlimsollIO

/// Reads RustSec advisories: Markdown files opening with a fenced TOML block holding
/// `[advisory]` and `[versions]`, then a `# Title` and the description.
public struct RustSecImporter {
  public init() {}

  /// Parses one advisory file; a malformed one is a warning naming it.
  public func parse(_ text: String, input: String) -> Result<Advisory?, ScanWarning> {
    guard let start = text.range(of: "```toml\n"),
      let end = text.range(of: "\n```", range: start.upperBound..<text.endIndex)
    else {
      return .failure(ScanWarning(input: input, message: "skipped: no ```toml front matter"))
    }
    let front: FrontMatter
    do {
      front = try TOMLDocument.decode(FrontMatter.self, from: String(text[start.upperBound..<end.lowerBound]))
    } catch let error as TOMLError {
      return .failure(ScanWarning(input: input, message: "skipped: \(error.problem) at front matter line \(error.line)"))
    } catch {
      return .failure(ScanWarning(input: input, message: "skipped: \(error)"))
    }
    guard let advisory = front.advisory, let id = advisory.id, let package = advisory.package else {
      return .failure(ScanWarning(input: input, message: "skipped: [advisory] lacks id or package"))
    }
    if advisory.withdrawn != nil { return .success(nil) }
    let body = text[end.upperBound...]
    let title = body.split(separator: "\n").first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) }
    let cvss = advisory.cvss.map { [CVSSScore(source: "rustsec", vector: $0, score: CVSS.baseScore($0))] } ?? []
    let references = ["https://rustsec.org/advisories/\(id).html"] + (advisory.url.map { [$0] } ?? [])
      + (advisory.references ?? [])
    let ecosystem = input.contains("/rust/") ? "rust-toolchain" : "crates.io"
    return .success(Advisory(
      source: "rustsec", id: id, aliases: advisory.aliases ?? [], summary: title,
      details: body.trimmingCharacters(in: .whitespacesAndNewlines),
      severity: advisory.informational != nil ? .low : CVSS.severity(of: cvss), cvss: cvss,
      published: advisory.date, references: references,
      affected: [AffectedEntry(
        ecosystem: ecosystem, package: package, kind: .cargoRequirements,
        patched: front.versions?.patched ?? [], unaffected: front.versions?.unaffected ?? [],
        note: advisory.informational.map { "informational: \($0)" })]))
  }
}

/// The front matter's tables, as RustSec's advisory format defines them (the keys read here).
struct FrontMatter: Decodable {
  struct Advisory: Decodable {
    var id: String?
    var package: String?
    var aliases: [String]?
    var cvss: String?
    var date: String?
    var url: String?
    var references: [String]?
    /// `unmaintained`, `unsound` or `notice`: not a vulnerability (cargo audit warns).
    var informational: String?
    var withdrawn: String?
  }

  struct Versions: Decodable {
    var patched: [String]?
    var unaffected: [String]?
  }

  var advisory: Advisory?
  var versions: Versions?
}
