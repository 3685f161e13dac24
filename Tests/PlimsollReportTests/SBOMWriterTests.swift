import Foundation
import PlimsollCatalog
import PlimsollFindings
import Testing
@testable import PlimsollReport
import PlimsollDiagnostics

@Suite struct CycloneDXTests {
  @Test func matchesGoldenAndValidatesAgainstTheSchema() throws {
    let text = CycloneDXWriter.write(try TestData.inventory(), options: TestData.sbomOptions)
    #expect(try Check.golden(text, "inventory.cdx.json"))
    let errors = try Check.schemaErrors(text, schema: Check.cycloneDXSchema, extra: Check.cycloneDXExtras)
    #expect(errors == nil || errors == "", "\(errors ?? "")")
  }

  @Test func bomRefsAreUniqueAndDuplicatePurlsGetTheirOwn() throws {
    let bom = try #require(try Check.json(
      CycloneDXWriter.write(try TestData.inventory(), options: TestData.sbomOptions)) as? [String: Any])
    let components = try #require(bom["components"] as? [[String: Any]])
    let refs = components.compactMap { $0["bom-ref"] as? String }
    #expect(refs.count == components.count)
    #expect(Set(refs).count == refs.count)
    let urllib3 = components.filter { $0["purl"] as? String == "pkg:pypi/urllib3@1.26.4" }
    #expect(urllib3.compactMap { $0["bom-ref"] as? String }.sorted()
      == ["pkg:pypi/urllib3@1.26.4", "pkg:pypi/urllib3@1.26.4#2"])
    // 13 deb + 8 language packages + the OS.
    #expect(components.count == 22)
    let os = components.filter { $0["type"] as? String == "operating-system" }
    #expect(os.count == 1)
    #expect(os.first?["name"] as? String == "debian")
    let metadata = try #require(bom["metadata"] as? [String: Any])
    let image = try #require(metadata["component"] as? [String: Any])
    #expect(image["type"] as? String == "container")
    #expect(image["version"] as? String == TestData.target.manifestDigest)
    #expect(metadata["timestamp"] as? String == "2025-11-24T16:00:00Z")
    #expect(bom["serialNumber"] as? String == "urn:uuid:0f6a3c1e-5b7d-4e2a-9c41-3d2b8e7f6a10")
  }

  @Test func licensesUseSPDXIdsExpressionsOrNames() throws {
    let bom = try #require(try Check.json(
      CycloneDXWriter.write(try TestData.inventory(), options: TestData.sbomOptions)) as? [String: Any])
    let components = try #require(bom["components"] as? [[String: Any]])
    func licenses(_ name: String) -> [[String: Any]] {
      components.first { $0["name"] as? String == name }?["licenses"] as? [[String: Any]] ?? []
    }
    #expect((licenses("requests").first?["license"] as? [String: Any])?["id"] as? String == "Apache-2.0")
    #expect((licenses("bash").first?["license"] as? [String: Any])?["id"] as? String == "GPL-3.0-or-later")
    #expect(licenses("regex").first?["expression"] as? String == "MIT OR Apache-2.0")
    #expect((licenses("@babel/core").first?["license"] as? [String: Any])?["name"] as? String
      == "Custom license: see LICENSE.txt (c) 2023 Example Corp")
    #expect(components.first { $0["name"] as? String == "example.com/app" }?["type"] as? String
      == "application")
    #expect(components.first { $0["name"] as? String == "jackson-databind" }?["group"] as? String
      == "com.fasterxml.jackson.core")
  }

  @Test func layerAndSourcePropertiesAreRecorded() throws {
    let bom = try #require(try Check.json(
      CycloneDXWriter.write(try TestData.inventory(), options: TestData.sbomOptions)) as? [String: Any])
    let components = try #require(bom["components"] as? [[String: Any]])
    let libcurl = try #require(components.first { $0["name"] as? String == "libcurl4" })
    let properties = Dictionary(
      (libcurl["properties"] as? [[String: String]] ?? []).compactMap { entry in
        entry["name"].flatMap { name in entry["value"].map { (name, $0) } }
      }, uniquingKeysWith: { first, _ in first })
    #expect(properties["plimsoll:layer:diffID"] == TestData.layers[1].diffID)
    #expect(properties["plimsoll:layer:createdBy"] == TestData.layers[1].createdBy)
    #expect(properties["plimsoll:package:sourceName"] == "curl")
    #expect(properties["plimsoll:package:foundIn"] == "/var/lib/dpkg/status")
    #expect(properties["plimsoll:package:architecture"] == "amd64")
  }

  @Test func vulnerabilitiesPointAtComponentsAndCarryAliases() throws {
    let inventory = try TestData.inventory()
    let text = CycloneDXWriter.write(inventory, vulnerabilities: try TestData.vulnerabilityFindings(),
                                     options: TestData.sbomOptions)
    #expect(try Check.golden(text, "inventory-vulnerabilities.cdx.json"))
    let errors = try Check.schemaErrors(text, schema: Check.cycloneDXSchema, extra: Check.cycloneDXExtras)
    #expect(errors == nil || errors == "", "\(errors ?? "")")

    let bom = try #require(try Check.json(text) as? [String: Any])
    let refs = Set((bom["components"] as? [[String: Any]] ?? []).compactMap { $0["bom-ref"] as? String })
    let vulnerabilities = try #require(bom["vulnerabilities"] as? [[String: Any]])
    #expect(vulnerabilities.count == 5)
    for vulnerability in vulnerabilities {
      let affects = vulnerability["affects"] as? [[String: Any]] ?? []
      #expect(!affects.isEmpty)
      for affect in affects { #expect(refs.contains(affect["ref"] as? String ?? "")) }
    }
    let curl = try #require(vulnerabilities.first { $0["id"] as? String == "CVE-2024-2398" })
    #expect((curl["affects"] as? [[String: Any]])?.count == 2)  // curl and libcurl4
    #expect((curl["references"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["DSA-5652-1"])
    let requests = try #require(vulnerabilities.first { $0["id"] as? String == "GHSA-j8r2-6x86-q33q" })
    #expect((requests["references"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
      == ["CVE-2023-32681", "PYSEC-2023-74"])
    // The duplicated urllib3 purl: the advisory affects both components.
    let urllib3 = try #require(vulnerabilities.first { $0["id"] as? String == "GHSA-v845-jxx5-vc9f" })
    #expect((urllib3["affects"] as? [[String: Any]])?.count == 2)
  }

  @Test func findingForAPackageMissingFromTheInventoryGetsAComponent() throws {
    let finding = Finding(
      kind: .vulnerability, id: "CVE-2023-0001", title: "t", severity: .high, status: .fixed,
      package: AffectedPackage(name: "ghost", installedVersion: "1.0", fixedVersion: "1.1",
                               purl: "pkg:npm/ghost@1.0", type: "npm"))
    let inventory = Inventory(target: TargetSummary(name: "rootfs:/srv", sourceKind: "rootfs"))
    let text = CycloneDXWriter.write(inventory, vulnerabilities: [finding], options: TestData.sbomOptions)
    let bom = try #require(try Check.json(text) as? [String: Any])
    let refs = (bom["components"] as? [[String: Any]] ?? []).compactMap { $0["bom-ref"] as? String }
    #expect(refs == ["pkg:npm/ghost@1.0"])
    let affects = (bom["vulnerabilities"] as? [[String: Any]])?.first?["affects"] as? [[String: Any]]
    #expect(affects?.first?["ref"] as? String == "pkg:npm/ghost@1.0")
    let errors = try Check.schemaErrors(text, schema: Check.cycloneDXSchema, extra: Check.cycloneDXExtras)
    #expect(errors == nil || errors == "", "\(errors ?? "")")
  }
}

@Suite struct SPDXTests {
  @Test func matchesGoldenAndValidatesAgainstTheSchema() throws {
    let text = SPDXWriter.write(try TestData.inventory(), options: TestData.sbomOptions)
    #expect(try Check.golden(text, "inventory.spdx.json"))
    let errors = try Check.schemaErrors(text, schema: Check.spdxSchema)
    #expect(errors == nil || errors == "", "\(errors ?? "")")
  }

  @Test func identifiersAreValidUniqueAndRelationshipsResolve() throws {
    let doc = try #require(try Check.json(
      SPDXWriter.write(try TestData.inventory(), options: TestData.sbomOptions)) as? [String: Any])
    let packages = try #require(doc["packages"] as? [[String: Any]])
    let ids = packages.compactMap { $0["SPDXID"] as? String }
    #expect(ids.count == packages.count)
    #expect(Set(ids).count == ids.count)
    let valid = try Regex("^SPDXRef-[A-Za-z0-9.-]+$")
    for id in ids { #expect(id.wholeMatch(of: valid) != nil, "\(id)") }
    let known = Set(ids + ["SPDXRef-DOCUMENT"])
    let relationships = try #require(doc["relationships"] as? [[String: String]])
    for relationship in relationships {
      #expect(known.contains(relationship["spdxElementId"] ?? ""))
      #expect(known.contains(relationship["relatedSpdxElement"] ?? ""))
    }
    #expect(relationships.filter { $0["relationshipType"] == "DESCRIBES" }.count == 1)
    #expect(relationships.filter { $0["relationshipType"] == "CONTAINS" }.count == packages.count - 1)
    #expect((doc["creationInfo"] as? [String: Any])?["creators"] as? [String] == ["Tool: plimsoll-0.1.0"])
    #expect((doc["documentNamespace"] as? String)?.hasSuffix("0f6a3c1e-5b7d-4e2a-9c41-3d2b8e7f6a10") == true)
  }

  @Test func licenseRefsAreDeclaredAndPurlsAreExternalRefs() throws {
    let doc = try #require(try Check.json(
      SPDXWriter.write(try TestData.inventory(), options: TestData.sbomOptions)) as? [String: Any])
    let packages = try #require(doc["packages"] as? [[String: Any]])
    let declaredRefs = Set((doc["hasExtractedLicensingInfos"] as? [[String: Any]] ?? [])
      .compactMap { $0["licenseId"] as? String })
    for package in packages {
      let declared = package["licenseDeclared"] as? String ?? ""
      #expect(declared == "NOASSERTION" || SPDXLicenses.expression(declared) != nil, "\(declared)")
      for token in declared.split(separator: " ") where token.hasPrefix("LicenseRef-") {
        #expect(declaredRefs.contains(String(token)))
      }
    }
    let babel = try #require(packages.first { $0["name"] as? String == "@babel/core" })
    #expect((babel["licenseDeclared"] as? String)?.hasPrefix("LicenseRef-Custom-license") == true)
    let regex = try #require(packages.first { $0["name"] as? String == "regex" })
    #expect(regex["licenseDeclared"] as? String == "MIT OR Apache-2.0")
    let curl = try #require(packages.first { $0["name"] as? String == "curl" })
    let refs = try #require(curl["externalRefs"] as? [[String: String]])
    #expect(refs.first?["referenceLocator"] == "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u14?arch=amd64&distro=debian-12")
    #expect(curl["supplier"] as? String == "Person: Alessandro Ghedini (ghedo@debian.org)")
  }
}

@Suite struct InventoryJSONTests {
  @Test func matchesGoldenValidatesAndDecodesBack() throws {
    let inventory = try TestData.inventory()
    let text = PlimsollJSONWriter.write(inventory, options: TestData.sbomOptions)
    #expect(try Check.golden(text, "inventory.plimsoll.json"))
    let errors = try Check.schemaErrors(
      text, schema: TestData.docsSchemas.appendingPathComponent("inventory.schema.json"))
    #expect(errors == nil || errors == "", "\(errors ?? "")")
    let decoded = try JSONDecoder().decode(Inventory.self, from: Data(text.utf8))
    #expect(Set(decoded.packages) == Set(inventory.packages))
    #expect(decoded.target == inventory.target)
    #expect(decoded.os == inventory.os)
    #expect(decoded.warnings == inventory.warnings)
  }
}

@Suite struct InventoryTableTests {
  @Test func matchesGolden() throws {
    let text = InventoryTableWriter.write(try TestData.inventory(), options: TestData.sbomOptions)
    #expect(try Check.golden(text, "inventory.table.txt"))
  }

  @Test(arguments: [20, 40, 60, 80, 100, 160])
  func neverExceedsTheWidth(width: Int) throws {
    for color in [false, true] {
      let options = SBOMOptions(color: color, width: width, timestamp: TestData.timestamp)
      let text = InventoryTableWriter.write(try TestData.inventory(), options: options)
      for line in Check.plain(text).split(separator: "\n") {
        #expect(line.count <= width, "\(line.count) > \(width): \(line)")
      }
    }
  }

  @Test func colourOnlyWhenAsked() throws {
    let inventory = try TestData.inventory()
    #expect(!InventoryTableWriter.write(inventory, options: SBOMOptions(color: false)).contains("\u{1B}["))
    let coloured = InventoryTableWriter.write(inventory, options: SBOMOptions(color: true))
    #expect(coloured.contains("\u{1B}["))
    #expect(Check.plain(coloured) == InventoryTableWriter.write(inventory, options: SBOMOptions(color: false)))
  }

  @Test func narrowTableCutsCellsWithEllipsisAndKeepsEveryRow() throws {
    let inventory = try TestData.inventory()
    let text = InventoryTableWriter.write(inventory, options: SBOMOptions(width: 60))
    #expect(text.contains("…"))
    #expect(text.contains("Warnings (1):"))
    // Header block, blank line, title row, one row per package, then the warnings block.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.filter { $0.hasPrefix("libcurl4 ") }.count == 1)
    #expect(lines.count >= 3 + 1 + 1 + inventory.packages.count)
  }
}

/// Hostile and degenerate inventories: output must stay valid and safe.
@Suite struct HostileInventoryTests {
  static let hostile = Inventory(
    target: TargetSummary(name: "rootfs:/srv/\u{1B}]0;pwned\u{07}evil dir", sourceKind: "rootfs"),
    os: nil,
    packages: [
      Package(type: .deb, name: "bad\u{1B}[31mname\nnext", version: "1:2.0~rc1+dfsg-3\u{00}",
              purl: "", licenses: ["LicenseRef-Vendor", "", "GPL-2.0 WITH Nope", "  MIT  "],
              foundIn: "/var/lib/dpkg/status", metadata: ["maintainer": "<>"]),
      Package(type: .npm, name: "名前パッケージ-with-a-very-long-name-that-goes-on-and-on-and-on",
              version: "1.0.0-😀", purl: "pkg:npm/x@1.0.0", licenses: ["(MIT"],
              foundIn: "/app/node_modules/x/package.json"),
      Package(type: .npm, name: "", version: "", purl: "pkg:npm/x@1.0.0", foundIn: ""),
    ],
    warnings: [ScanWarning(input: "\u{1B}[2J", message: String(repeating: "x", count: 500))])

  @Test func machineFormatsStayValid() throws {
    let cdx = CycloneDXWriter.write(Self.hostile, options: TestData.sbomOptions)
    let cdxErrors = try Check.schemaErrors(cdx, schema: Check.cycloneDXSchema, extra: Check.cycloneDXExtras)
    #expect(cdxErrors == nil || cdxErrors == "", "\(cdxErrors ?? "")")
    let spdx = SPDXWriter.write(Self.hostile, options: TestData.sbomOptions)
    let spdxErrors = try Check.schemaErrors(spdx, schema: Check.spdxSchema)
    #expect(spdxErrors == nil || spdxErrors == "", "\(spdxErrors ?? "")")
    let own = PlimsollJSONWriter.write(Self.hostile, options: TestData.sbomOptions)
    let ownErrors = try Check.schemaErrors(
      own, schema: TestData.docsSchemas.appendingPathComponent("inventory.schema.json"))
    #expect(ownErrors == nil || ownErrors == "", "\(ownErrors ?? "")")
    let decoded = try JSONDecoder().decode(Inventory.self, from: Data(own.utf8))
    #expect(decoded.packages.map(\.name).sorted() == Self.hostile.packages.map(\.name).sorted())

    let doc = try #require(try Check.json(spdx) as? [String: Any])
    let declared = (doc["hasExtractedLicensingInfos"] as? [[String: Any]] ?? [])
      .compactMap { $0["licenseId"] as? String }
    #expect(declared.contains("LicenseRef-Vendor"))
    let bad = (doc["packages"] as? [[String: Any]])?.first { ($0["name"] as? String)?.hasPrefix("bad") == true }
    let expression = try #require(bad?["licenseDeclared"] as? String)
    #expect(expression.hasPrefix("LicenseRef-Vendor AND LicenseRef-GPL-2.0-WITH-Nope AND MIT"))
    for id in (doc["packages"] as? [[String: Any]] ?? []).compactMap({ $0["SPDXID"] as? String }) {
      #expect(id.wholeMatch(of: try Regex("^SPDXRef-[A-Za-z0-9.-]+$")) != nil, "\(id)")
    }
  }

  @Test(arguments: [0, 10, 25, 40, 100])
  func tableIsSafeForTheTerminal(width: Int) {
    let text = InventoryTableWriter.write(Self.hostile, options: SBOMOptions(width: width))
    #expect(!text.contains("\u{1B}"))
    #expect(!text.contains("\u{07}"))
    #expect(!text.contains("\u{00}"))
    for line in text.split(separator: "\n") {
      #expect(TextFit.width(String(line)) <= max(width, 20), "\(line)")
    }
  }

  @Test func manyDuplicatePurlsKeepUniqueRefs() throws {
    let packages = (0..<3000).map { index in
      Package(type: .python, name: "pkg\(index % 100)", version: "1.0",
              purl: "pkg:pypi/pkg\(index % 100)@1.0", foundIn: "/site-\(index)/METADATA")
    }
    let inventory = Inventory(target: TargetSummary(name: "big", sourceKind: "oci"), packages: packages)
    let bom = try #require(try Check.json(CycloneDXWriter.write(inventory)) as? [String: Any])
    let refs = (bom["components"] as? [[String: Any]] ?? []).compactMap { $0["bom-ref"] as? String }
    #expect(refs.count == 3000)
    #expect(Set(refs).count == 3000)
    // Stable: the same inventory, reversed, gives the same refs for the same packages.
    let reversed = Inventory(target: inventory.target, packages: packages.reversed())
    let again = try #require(try Check.json(CycloneDXWriter.write(reversed)) as? [String: Any])
    #expect((again["components"] as? [[String: Any]] ?? []).compactMap { $0["bom-ref"] as? String } == refs)
  }
}

@Test func wideCharactersCountTwoColumns() {
  #expect(TextFit.width("名前") == 4)
  #expect(TextFit.width(TextFit.truncate("名前パッケージ", to: 7)) <= 7)
  #expect(TextFit.truncate("abcdef", to: 4) == "abc…")
  #expect(TextFit.wrap("aaaa bbbb cccccccccc", width: 6, indent: "  ")
    == ["aaaa", "  bbbb", "  cccc", "  cccc", "  cc"])
}

@Test func validatorRejectsABrokenDocument() throws {
  // Proves the schema checks above can fail: a BOM without bomFormat and with a bad type.
  let text = CycloneDXWriter.write(try TestData.inventory(), options: TestData.sbomOptions)
    .replacingOccurrences(of: "\"bomFormat\": \"CycloneDX\",", with: "")
    .replacingOccurrences(of: "\"type\": \"library\"", with: "\"type\": \"gadget\"")
  guard let errors = try Check.schemaErrors(text, schema: Check.cycloneDXSchema,
                                            extra: Check.cycloneDXExtras) else { return }
  #expect(errors.contains("bomFormat"))
  #expect(errors.contains("gadget"))
}

@Test(arguments: [
  ("registry.example/app:1.4.2",
   "pkg:oci/app@sha256:c0c0?arch=amd64&repository_url=registry.example%2Fapp&tag=1.4.2"),
  ("localhost:5000/team/App", "pkg:oci/app@sha256:c0c0?arch=amd64&repository_url=localhost:5000%2Fteam%2Fapp"),
  ("debian:12@sha256:ffff", "pkg:oci/debian@sha256:c0c0?arch=amd64&repository_url=debian&tag=12"),
])
func imagePurlFollowsThePurlSpec(tag: String, expected: String) {
  let target = TargetSummary(name: "x", sourceKind: "oci", tags: [tag], manifestDigest: "sha256:c0c0",
                             platform: "linux/amd64")
  #expect(CycloneDXWriter.imagePurl(target) == expected)
  #expect(CycloneDXWriter.imagePurl(TargetSummary(name: "x", sourceKind: "rootfs")) == nil)
}

/// SPDX's own tools (spdx-tools on PyPI) check what a JSON schema cannot: every LicenseRef
/// declared, every relationship pointing at an element of the document.
@Test(.enabled(if: ProcessInfo.processInfo.environment["CI"] == "true"
                   || (try? Check.run(["python3", "-c", "import spdx_tools"]).status) == 0,
               "spdx-tools is not installed (python3 -m pip install spdx-tools)"))
func spdxToolsAcceptOurDocuments() throws {
  try #require((try? Check.run(["python3", "-c", "import spdx_tools"]).status) == 0,
               "spdx-tools is not installed (python3 -m pip install spdx-tools)")
  for inventory in [try TestData.inventory(), HostileInventoryTests.hostile] {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("plimsoll-\(UUID().uuidString).spdx.json")
    try Data(SPDXWriter.write(inventory, options: TestData.sbomOptions).utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try Check.run(["python3", "-m", "spdx_tools.spdx.clitools.pyspdxtools", "-i", file.path])
    #expect(result.status == 0, "\(result.output)")
  }
}

/// The documented JSON schema lists exactly the package types the ecosystem table has, so a
/// new ecosystem cannot ship without its documentation.
@Test func theInventorySchemaListsEveryPackageType() throws {
  let data = try Data(contentsOf: TestData.docsSchemas.appendingPathComponent("inventory.schema.json"))
  let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  let definitions = try #require((schema["$defs"] ?? schema["definitions"]) as? [String: Any])
  let packageType = try #require(definitions["packageType"] as? [String: Any])
  #expect(packageType["enum"] as? [String] == PackageType.allCases.map(\.rawValue))
}
