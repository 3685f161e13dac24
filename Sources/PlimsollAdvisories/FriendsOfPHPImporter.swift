import Foundation
import PlimsollCatalog
import PlimsollDiagnostics
import PlimsollFindings
import Yams

/// Reads FriendsOfPHP security advisories (`<vendor>/<package>/<name>.yaml`): a package
/// (`reference: composer://vendor/package`) and branches whose Composer constraints all hold
/// for an affected version.
public struct FriendsOfPHPImporter {
  struct Record: Decodable {
    var title: String?
    var link: String?
    var cve: String?
    var reference: String?
    var composerRepository: Bool?
    var branches: [String: Branch]?

    enum CodingKeys: String, CodingKey {
      case title, link, cve, reference, branches
      case composerRepository = "composer-repository"
    }
  }

  struct Branch: Decodable {
    var time: String?
    var versions: [String]?
  }

  static let referencePrefix = "composer://"

  public init() {}

  /// Whether an archive member is an advisory: a YAML file with branches and a `composer://`
  /// reference.
  static func isAdvisory(_ member: String, contents: [UInt8]) -> Bool {
    guard member.hasSuffix(".yaml"), member.split(separator: "/").count >= 3 else { return false }
    let text = String(decoding: contents, as: UTF8.self)
    return text.contains(referencePrefix) && text.contains("branches:")
  }

  /// Parses one advisory; a malformed one is a warning naming it. `input` ends with the
  /// advisory's `<vendor>/<package>/<name>.yaml`, which names an advisory without a CVE.
  public func parse(_ bytes: [UInt8], input: String) -> Result<Advisory?, ScanWarning> {
    let record: Record
    do {
      record = try YAMLDecoder().decode(Record.self, from: String(decoding: bytes, as: UTF8.self))
    } catch {
      return .failure(ScanWarning(input: input, message: "skipped: malformed FriendsOfPHP advisory (\(error))"))
    }
    guard let reference = record.reference?.trimmingCharacters(in: .whitespaces),
      reference.hasPrefix(Self.referencePrefix), reference.dropFirst(Self.referencePrefix.count).contains("/")
    else {
      return .failure(ScanWarning(
        input: input, message: "skipped: FriendsOfPHP advisory without a composer://vendor/package reference"))
    }
    let package = String(reference.dropFirst(Self.referencePrefix.count))
    let branches = (record.branches ?? [:]).sorted { $0.key < $1.key }
    let sets = branches.compactMap(\.value.versions).filter { !$0.isEmpty }
    guard !sets.isEmpty, sets.count == branches.count else {
      return .failure(ScanWarning(
        input: input, message: "skipped: FriendsOfPHP advisory with a branch without version constraints"))
    }
    let cve = record.cve.flatMap { $0.hasPrefix("CVE-") ? $0 : nil }
    let id = cve ?? "FRIENDSOFPHP-" + (input.split(separator: "/").suffix(3).joined(separator: "/") as NSString)
      .deletingPathExtension
    let times = branches.compactMap(\.value.time).map { String($0.prefix(10)) }.sorted()
    let name = PackageEcosystem.forAdvisoryEcosystem("Packagist")?.normalizedName(package) ?? package
    return .success(Advisory(
      source: "friendsofphp", id: id, summary: record.title, published: times.first,
      modified: times.last, references: [record.link].compactMap { $0 },
      affected: [AffectedEntry(
        ecosystem: "Packagist", package: name, kind: .requirements, vulnerable: sets,
        note: record.composerRepository == false ? "not published on Packagist" : nil)]))
  }
}
