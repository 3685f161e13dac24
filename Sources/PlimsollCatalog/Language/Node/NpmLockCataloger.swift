import PlimsollFindings
import PlimsollDiagnostics
public import PlimsollLayers
import Foundation
import FoundationEssentials

/// Finds the packages a `package-lock.json` pins: the `packages` map of lockfile versions
/// 2 and 3, or the nested `dependencies` of version 1.
///
/// An alias (`npm install alias@npm:real@1.2.3`, written `npm:real@1.2.3` in place of a
/// version by lockfile version 1) is reported as the real package, with the alias in
/// `metadata["alias"]`. The project itself (the root entry) is included, marked `root`;
/// development-only packages are left out unless `includeDevDependencies` is set (then
/// marked `scope` `dev`), since production installs (`npm ci --omit=dev`) do not put them in
/// the image. Lock files inside `node_modules`
/// (npm's hidden `.package-lock.json`, or locks shipped inside packages) are not read: the
/// installed `package.json` files describe those.
public struct NpmLockCataloger: Cataloger {
  public var name: String { "npm-lock" }
  /// 2: aliases are reported as the real package.
  public var version: Int { 2 }
  public var maxFileSize: Int64 { 64 << 20 }
  public let includeDevDependencies: Bool

  /// Creates the cataloger.
  public init(includeDevDependencies: Bool = false) {
    self.includeDevDependencies = includeDevDependencies
  }

  /// `package-lock.json` (or `npm-shrinkwrap.json`, the same format) outside `node_modules`.
  public func wants(_ entry: EntryInfo) -> Bool {
    (entry.path.hasSuffix("/package-lock.json") || entry.path.hasSuffix("/npm-shrinkwrap.json"))
      && !entry.path.contains("/node_modules/")
  }

  /// Reads one lock file.
  public func catalog(_ file: LayerFile) -> CatalogResult {
    let object: [String: Any]
    switch NpmPackage.jsonObject(file.contents) {
    case .success(let value): object = value
    case .failure(let problem): return CatalogResult(warnings: [ScanWarning(input: file.path, message: problem.message)])
    }
    let lockVersion = (object["lockfileVersion"] as? Int).map(String.init) ?? "unknown"
    var root: [Package] = []
    if let name = object["name"] as? String, !name.isEmpty, let version = object["version"] as? String,
      !version.isEmpty
    {
      root.append(Package(type: .npm, name: name, version: version,
                          purl: NpmPackage.purl(name: name, version: version), foundIn: file.path,
                          metadata: ["lockfileVersion": lockVersion, "root": "true"]))
    }
    if let packages = object["packages"] as? [String: Any] {
      return CatalogResult(packages: unique(root + fromPackages(packages, lockVersion: lockVersion, path: file.path)))
    }
    if let dependencies = object["dependencies"] as? [String: Any] {
      var out: [Package] = root
      fromDependencies(dependencies, lockVersion: lockVersion, path: file.path, into: &out)
      return CatalogResult(packages: unique(out))
    }
    return CatalogResult(warnings: [ScanWarning(
      input: file.path,
      message: "package-lock.json (lockfileVersion \(lockVersion)) has neither a \"packages\" nor a \"dependencies\" object")])
  }

  /// Version 2/3: keys are install paths (`node_modules/a/node_modules/@s/b`).
  func fromPackages(_ packages: [String: Any], lockVersion: String, path: String) -> [Package] {
    var out: [Package] = []
    // The root entry names the project's own dependencies: installed at the top level, they
    // are direct; everything else is pulled in by them.
    let root = packages[""] as? [String: Any] ?? [:]
    let direct = Set(["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"]
      .flatMap { (root[$0] as? [String: Any] ?? [:]).keys })
    for key in packages.keys.sorted() {
      guard let range = key.range(of: "node_modules/", options: .backwards),
        let entry = packages[key] as? [String: Any],
        (entry["link"] as? Bool) != true,
        let lockedVersion = entry["version"] as? String, !lockedVersion.isEmpty,
        includeDevDependencies || !isDevelopmentOnly(entry)
      else { continue }
      let installedName = String(key[range.upperBound...])
      var metadata = flags(entry)
      var (name, version) = ((entry["name"] as? String) ?? installedName, lockedVersion)
      if let real = NpmPackage.aliasTarget(name) ?? NpmPackage.aliasTarget(version) {
        (name, version) = real
      }
      if name != installedName { metadata["alias"] = installedName }
      metadata["lockfileVersion"] = lockVersion
      metadata["installPath"] = key
      if !root.isEmpty {
        let topLevel = key == "node_modules/" + name
        metadata[LockfileMetadata.dependency] = topLevel && direct.contains(name) ? "direct" : "transitive"
      }
      out.append(Package(type: .npm, name: name, version: version,
                         purl: NpmPackage.purl(name: name, version: version),
                         licenses: NpmPackage.licenses(entry), foundIn: path, metadata: metadata))
    }
    return out
  }

  /// Version 1: `dependencies` maps names to entries that may nest their own `dependencies`.
  func fromDependencies(_ dependencies: [String: Any], lockVersion: String, path: String,
                        depth: Int = 0, into out: inout [Package]) {
    guard depth < 64 else { return }
    for name in dependencies.keys.sorted() {
      guard let entry = dependencies[name] as? [String: Any],
        includeDevDependencies || !isDevelopmentOnly(entry)
      else { continue }
      if let spec = entry["version"] as? String, !spec.isEmpty {
        var metadata = flags(entry)
        metadata["lockfileVersion"] = lockVersion
        // An alias (`"alias": {"version": "npm:@scope/real@1.2.3"}`) installs the real package.
        var (packageName, version) = (name, spec)
        if let real = NpmPackage.aliasTarget(spec) {
          (packageName, version) = real
          metadata["alias"] = name
        }
        out.append(Package(type: .npm, name: packageName, version: version,
                           purl: NpmPackage.purl(name: packageName, version: version),
                           foundIn: path, metadata: metadata))
      }
      if let nested = entry["dependencies"] as? [String: Any] {
        fromDependencies(nested, lockVersion: lockVersion, path: path, depth: depth + 1, into: &out)
      }
    }
  }

  /// One package per name and version: a lock may install the same one at several paths.
  func unique(_ packages: [Package]) -> [Package] {
    var seen: Set<String> = []
    return packages.filter { seen.insert($0.name + "@" + $0.version).inserted }
  }

  /// `dev` (or `devOptional`, needed only by the development tree): omitted by `--omit=dev`.
  func isDevelopmentOnly(_ entry: [String: Any]) -> Bool {
    (entry["dev"] as? Bool) == true || (entry["devOptional"] as? Bool) == true
  }

  func flags(_ entry: [String: Any]) -> [String: String] {
    var metadata: [String: String] = [:]
    for key in ["resolved", "integrity"] {
      if let value = entry[key] as? String { metadata[key] = value }
    }
    for key in ["dev", "optional", "devOptional", "peer", "bundled", "inBundle"] {
      if let value = entry[key] as? Bool, value { metadata[key] = "true" }
    }
    if includeDevDependencies { metadata[LockfileMetadata.scope] = isDevelopmentOnly(entry) ? "dev" : "prod" }
    return metadata
  }
}
