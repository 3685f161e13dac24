import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCatalog
import PlimsollLayers

@Suite struct DpkgCopyrightCatalogerTests {
  let cataloger = DpkgCopyrightCataloger()

  @Test func wantsOnlyPackageCopyrightFiles() {
    func wants(_ path: String) -> Bool { cataloger.wants(EntryInfo(path: path, size: 1, mode: 0o644)) }
    #expect(wants("/usr/share/doc/zlib1g/copyright"))
    #expect(!wants("/usr/share/doc/zlib1g/copyright.gz"))
    #expect(!wants("/usr/share/doc/copyright"))
    #expect(!wants("/usr/share/doc/a/b/copyright"))
    #expect(!wants("/usr/share/doc//copyright"))
  }

  @Test func dep5FilesGiveLicenseRecords() throws {
    let zlib = cataloger.catalog(try OSFixtures.file("dpkg/copyright/zlib1g", at: "/usr/share/doc/zlib1g/copyright"))
    let record = try #require(zlib.packages.first)
    #expect(zlib.packages.count == 1)
    #expect(record.name == "zlib1g")
    #expect(record.version.isEmpty)
    #expect(record.licenses == ["Zlib"])
    #expect(DpkgCopyrightCataloger.isLicenseRecord(record))

    let coreutils = cataloger.catalog(try OSFixtures.file("dpkg/copyright/coreutils", at: "/usr/share/doc/coreutils/copyright"))
    #expect(coreutils.packages.first?.licenses == [
      "GPL-3+", "GPL-3+ and BSD-4-clause-UC", "BSD-4-clause-UC", "GPL-3+ and ISC", "ISC",
      "FSFULLR", "GFDL-NIV-1.3",
    ])
  }

  @Test func freeFormFilesGiveNothing() throws {
    let result = cataloger.catalog(try OSFixtures.file("dpkg/copyright/base-files", at: "/usr/share/doc/base-files/copyright"))
    #expect(result.packages.isEmpty)
    #expect(result.warnings.isEmpty)
  }

  /// Every DEP-5 copyright file of this machine against a line-by-line reading of `License:`.
  @Test(.enabled(if: Requirement.file("/usr/share/doc"), "no /usr/share/doc on this machine"))
  func hostCopyrightFilesMatchALineReading() throws {
    let root = URL(fileURLWithPath: "/usr/share/doc")
    let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
    var compared = 0
    for name in names.sorted() {
      let url = root.appendingPathComponent(name).appendingPathComponent("copyright")
      guard let data = try? Data(contentsOf: url) else { continue }
      let text = String(decoding: data, as: UTF8.self)
      guard text.hasPrefix("Format:") else { continue }
      var seen: Set<String> = []
      let oracle = text.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { $0.hasPrefix("License:") }
        .map { String($0.dropFirst("License:".count).trimmingCharacters(in: .whitespaces)) }
        .filter { !$0.isEmpty && seen.insert($0).inserted }
      #expect(DpkgCopyrightCataloger.licenses(in: [UInt8](data)) == oracle, "\(url.path)")
      compared += 1
    }
    print("compared \(compared) DEP-5 copyright files")
  }

  @Test func joinMovesLicensesAndDropsRecords() {
    let packages = [
      Package(type: .deb, name: "zlib1g", version: "1:1.2.13.dfsg-1", architecture: "amd64", foundIn: "/var/lib/dpkg/status"),
      Package(type: .deb, name: "zlib1g", version: "1:1.2.13.dfsg-1", architecture: "i386", foundIn: "/var/lib/dpkg/status"),
      Package(type: .deb, name: "zlib1g", version: "", licenses: ["Zlib"], foundIn: "/usr/share/doc/zlib1g/copyright",
              metadata: ["record": "dpkg-copyright"]),
      Package(type: .deb, name: "keeps", version: "1", licenses: ["MIT"], foundIn: "/var/lib/dpkg/status"),
      Package(type: .deb, name: "keeps", version: "", licenses: ["GPL-2"], foundIn: "/usr/share/doc/keeps/copyright",
              metadata: ["record": "dpkg-copyright"]),
      Package(type: .python, name: "zlib1g", version: "1", foundIn: "/x/METADATA"),
    ]
    let joined = DpkgCopyrightCataloger.join(packages)
    #expect(joined.count == 4)
    #expect(joined[0].licenses == ["Zlib"] && joined[1].licenses == ["Zlib"])
    #expect(joined[2].licenses == ["MIT"])
    #expect(joined[3].licenses.isEmpty)
  }
}
