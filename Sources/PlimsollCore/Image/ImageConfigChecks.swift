import Foundation
import PlimsollCatalog
import PlimsollFindings
import PlimsollRules
import PlimsollSecrets
import PlimsollSource
import PlimsollLayers

/// Runs the secret scanner over every file of every layer (deleted ones included).
public struct SecretFileAnalyzer: FileAnalyzer {
  public let scanner: SecretScanner
  public var name: String { "secrets" }
  /// Bump the revision whenever the secret engine or its rules change behaviour.
  public var version: String { "\(SecretRules.all.count)-2" }
  /// Files above this size are not searched (and counted as warnings).
  public var maxFileSize: Int64 { 10 << 20 }

  public init(scanner: SecretScanner) {
    self.scanner = scanner
  }

  public func wants(_ entry: EntryInfo) -> Bool { entry.size > 0 }

  public func analyze(_ file: LayerFile) -> [Finding] {
    let outcome = file.contents.withUnsafeBytes {
      scanner.scanFile(bytes: $0, path: file.path, deadline: file.deadline)
    }
    guard case .scanned(let matches) = outcome else { return [] }
    return matches.map { $0.finding() }
  }
}

/// Image checks that read the configuration rather than the layers.
public enum ImageConfigChecks {
  /// The rules' model of an image's configuration and history, with the setuid/setgid files
  /// and world-writable directories the layer walk found it ships.
  public static func model(of artifact: Artifact, permissions: [ShippedPermission] = []) -> ImageConfigModel {
    let config = artifact.config?.config
    var layerDigests = artifact.layers.map { $0.diffID.description }.makeIterator()
    let history = (artifact.config?.history ?? []).map { entry -> ImageConfigModel.HistoryEntry in
      let empty = entry.emptyLayer == true
      return ImageConfigModel.HistoryEntry(createdBy: entry.createdBy ?? "", emptyLayer: empty,
                                           layerDigest: empty ? nil : layerDigests.next())
    }
    let layers = artifact.layers
    func facts(_ kind: LayerPermissions.Kind) -> [ImageConfigModel.FileFact] {
      permissions.filter { $0.entry.kind == kind }.map { shipped in
        ImageConfigModel.FileFact(
          path: shipped.entry.path, mode: shipped.entry.mode,
          layerDigest: layers.indices.contains(shipped.layerIndex)
            ? layers[shipped.layerIndex].diffID.description : nil)
      }
    }
    let healthcheck = config?.healthcheck?.test ?? []
    return ImageConfigModel(
      reference: artifact.name, user: config?.user ?? "", env: config?.env ?? [],
      exposedPorts: (config?.exposedPorts ?? [:]).keys.sorted(),
      hasHealthcheck: !healthcheck.isEmpty && healthcheck.first != "NONE",
      labels: config?.labels ?? [:], entrypoint: config?.entrypoint ?? [],
      cmd: config?.cmd ?? [], history: history, setuidFiles: facts(.setuidFile),
      worldWritableDirectories: facts(.worldWritableDirectory))
  }

  /// Misconfiguration findings of the image configuration (root user, secrets in ENV, …) and
  /// of the file modes it ships.
  public static func misconfigurations(_ artifact: Artifact, permissions: [ShippedPermission] = [])
    -> [Finding]
  {
    guard artifact.config != nil else { return [] }
    return ImageConfigScanner.scan(model(of: artifact, permissions: permissions))
  }

  /// Secrets in `Env`, `Labels` and history `created_by` lines.
  public static func secrets(_ artifact: Artifact, scanner: SecretScanner) -> [Finding] {
    guard let config = artifact.config else { return [] }
    var findings: [Finding] = []
    for entry in config.config?.env ?? [] {
      findings += scanner.scanText(entry, origin: "config.Env").map {
        $0.finding(location: Location(path: "config.Env"))
      }
    }
    for (key, value) in (config.config?.labels ?? [:]).sorted(by: { $0.key < $1.key }) {
      findings += scanner.scanText("\(key)=\(value)", origin: "config.Labels").map {
        $0.finding(location: Location(path: "config.Labels"))
      }
    }
    let layers = artifact.layers
    var layerIndex = 0
    for entry in config.history ?? [] {
      let layer = entry.emptyLayer == true ? nil : (layerIndex < layers.count ? layers[layerIndex] : nil)
      if entry.emptyLayer != true { layerIndex += 1 }
      guard let line = entry.createdBy else { continue }
      findings += scanner.scanText(line, origin: "history").map {
        $0.finding(location: Location(path: "history", layerDigest: layer?.diffID.description,
                                      createdBy: HistoryRedaction.maskTokens(line)))
      }
    }
    return findings
  }

  /// Every rule the image scanners can report, for SARIF and `plimsoll rules`.
  public static var rules: [RuleInfo] { ImageConfigRules.all.map(\.info) + SecretRules.infos }
}
