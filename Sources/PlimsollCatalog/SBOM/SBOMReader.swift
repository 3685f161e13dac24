public import Foundation
import PlimsollFindings
import PlimsollDiagnostics

/// Reads an SBOM back into an inventory so it can be scanned without the image: CycloneDX
/// JSON, SPDX 2.x JSON, or Plimsoll's own inventory JSON. Packages are rebuilt from purls.
public enum SBOMReader {
  /// An SBOM that cannot be read, named with the problem.
  public struct ReadError: LocalizedError, Sendable {
    public var input: String
    public var problem: String
    public var errorDescription: String? { "\(input): \(problem)" }
  }

  /// Parses an SBOM document; `name` names it in errors and as the inventory's target.
  public static func read(_ bytes: [UInt8], name: String) throws -> Inventory {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(bytes))
    } catch {
      throw ReadError(input: name, problem: "not JSON: \(error.localizedDescription)")
    }
    guard let document = object as? [String: Any] else {
      throw ReadError(input: name, problem: "expected a JSON object")
    }
    if document["bomFormat"] as? String == "CycloneDX" {
      return cycloneDX(document, name: name)
    }
    if document["spdxVersion"] != nil {
      return spdx(document, name: name)
    }
    if document["target"] != nil, document["packages"] != nil {
      do {
        return try JSONDecoder().decode(Inventory.self, from: Data(bytes))
      } catch {
        throw ReadError(input: name, problem: "malformed Plimsoll inventory JSON (\(error))")
      }
    }
    throw ReadError(input: name, problem: "not a CycloneDX, SPDX or Plimsoll inventory document")
  }

  static func cycloneDX(_ document: [String: Any], name: String) -> Inventory {
    var components = document["components"] as? [[String: Any]] ?? []
    // Nested components (a component's own `components`) count too.
    var index = 0
    while index < components.count {
      components += components[index]["components"] as? [[String: Any]] ?? []
      index += 1
    }
    var os: OSRelease?
    var purls: [String] = []
    for component in components {
      if component["type"] as? String == "operating-system", let id = component["name"] as? String {
        let properties = component["properties"] as? [[String: Any]] ?? []
        let codename = properties.first { ($0["name"] as? String)?.hasSuffix("codename") == true }?["value"] as? String
        os = OSRelease(id: id.lowercased(), versionID: component["version"] as? String, codename: codename)
      }
      if let purl = component["purl"] as? String { purls.append(purl) }
    }
    return inventory(purls: purls, os: os, name: name, kind: "sbom")
  }

  static func spdx(_ document: [String: Any], name: String) -> Inventory {
    var purls: [String] = []
    for package in document["packages"] as? [[String: Any]] ?? [] {
      for reference in package["externalRefs"] as? [[String: Any]] ?? []
      where (reference["referenceType"] as? String) == "purl" {
        if let locator = reference["referenceLocator"] as? String { purls.append(locator) }
      }
    }
    return inventory(purls: purls, os: nil, name: name, kind: "sbom")
  }

  static func inventory(purls: [String], os declared: OSRelease?, name: String, kind: String) -> Inventory {
    var packages: [Package] = []
    var warnings: [ScanWarning] = []
    var os = declared
    for text in purls {
      guard let purl = PackageURL(parsing: text), let package = package(from: purl, text: text) else {
        warnings.append(ScanWarning(input: name, message: "skipped component with purl '\(text)': unsupported or malformed"))
        continue
      }
      if os == nil, let distro = purl.qualifiers["distro"], let namespace = purl.namespace {
        os = osRelease(namespace: namespace, distro: distro)
      }
      packages.append(package)
    }
    return Inventory(target: TargetSummary(name: name, sourceKind: kind), os: os, packages: packages,
                     warnings: warnings)
  }

  /// `debian-12` → Debian 12 (bookworm); `alpine-3.19.1` → Alpine 3.19.1.
  static func osRelease(namespace: String, distro: String) -> OSRelease {
    var version = distro
    if version.hasPrefix(namespace + "-") { version.removeFirst(namespace.count + 1) }
    return OSRelease(id: namespace, versionID: version)
  }

  static func package(from purl: PackageURL, text: String) -> Package? {
    PackageEcosystem.forPURLType(purl.type)?.packageFromPURL(purl, text)
  }
}
