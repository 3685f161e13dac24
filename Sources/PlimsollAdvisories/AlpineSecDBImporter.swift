import Foundation
import PlimsollFindings
import Yams

/// Reads Alpine's secdb (`v3.x/main.json` or `.yaml`): per package, a map from the first fixed
/// version to the CVEs it fixes. The version `0` means the branch was never affected.
public struct AlpineSecDBImporter {
  struct Document: Decodable {
    var distroversion: String
    var reponame: String?
    var packages: [Entry]
  }

  struct Entry: Decodable {
    var pkg: Pkg
  }

  struct Pkg: Decodable {
    var name: String
    var secfixes: [String: [String]?]?
  }

  public init() {}

  /// Parses one secdb document; each CVE becomes an advisory of source `alpine-secdb`.
  public func parse(_ bytes: [UInt8], isYAML: Bool, input: String, into sink: inout some AdvisorySink)
    throws -> ImportReport
  {
    var tally = ImportTally()
    let document: Document
    do {
      if isYAML {
        document = try YAMLDecoder().decode(Document.self, from: String(decoding: bytes, as: UTF8.self))
      } else {
        document = try JSONDecoder().decode(Document.self, from: Data(bytes))
      }
    } catch {
      tally.skip(input, "malformed Alpine secdb document (\(error))")
      return tally.report(name: "alpine-secdb", origin: input)
    }
    let ecosystem = "alpine:\(document.distroversion)"
    for entry in document.packages {
      for (version, ids) in (entry.pkg.secfixes ?? [:]).sorted(by: { $0.key < $1.key }) {
        for text in ids ?? [] {
          // Entries are `CVE-2019-1234`, sometimes with extra ids after a space.
          let ids = text.split(separator: " ").map(String.init).filter { !$0.isEmpty }
          guard let id = ids.first else { continue }
          let kind: AffectedEntry.Kind = version == "0" ? .notAffected : .fixedIn
          try sink.add(Advisory(
            source: "alpine-secdb", id: id, aliases: Array(ids.dropFirst()),
            references: id.hasPrefix("CVE-") ? ["https://nvd.nist.gov/vuln/detail/\(id)"] : [],
            affected: [AffectedEntry(ecosystem: ecosystem, package: entry.pkg.name, kind: kind,
                                     fixedVersion: version == "0" ? nil : version)]))
          tally.records += 1
        }
      }
    }
    return tally.report(name: "alpine-secdb", origin: input)
  }
}
