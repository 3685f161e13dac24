import Foundation
import PlimsollIO

/// `plimsoll policy check`: one policy file decides whether images may run: an image in a
/// registry, or every image a directory (or file) of Kubernetes manifests names. Registries
/// and tags are judged from the reference, signatures with `ImageVerification`, and
/// vulnerabilities and configuration with `ImageScan` (only when the policy has those gates).
public enum PolicyCheck {
  /// Checks `target` against the policy file at `policyFile`. `image` carries the platform,
  /// cache and registry options every image is pulled with.
  public static func run(
    _ target: String, policyFile: String, image: ImageTarget, data: AdvisoryDataPolicy = AdvisoryDataPolicy()
  ) async throws -> AdmissionReport {
    let policy = try AdmissionPolicy(file: policyFile)
    var evaluations: [AdmissionEvaluation] = []
    var isDirectory: ObjCBool = false
    let isPath = FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory)
    if isPath, isDirectory.boolValue || target.hasSuffix(".yaml") || target.hasSuffix(".yml") {
      let images = try KubernetesImages.list(target)
      guard !images.isEmpty else { throw InputError(target, "no Kubernetes workload with a container image") }
      var judged: [String: AdmissionEvaluation] = [:]
      for named in images {
        var evaluation: AdmissionEvaluation
        if let earlier = judged[named.image] {
          evaluation = earlier
        } else {
          evaluation = try await evaluate(named.image, policy: policy, image: image, data: data)
          judged[named.image] = evaluation
        }
        evaluation.origin = named.origin
        evaluations.append(evaluation)
      }
    } else {
      evaluations.append(try await evaluate(target, policy: policy, image: image, data: data))
    }
    return AdmissionReport(policy: policyFile, evaluations: evaluations)
  }

  /// Every decision about one image reference.
  static func evaluate(_ text: String, policy: AdmissionPolicy, image: ImageTarget, data: AdvisoryDataPolicy)
    async throws -> AdmissionEvaluation
  {
    let reference: PlimsollRegistry.ImageReference
    do {
      reference = try PlimsollRegistry.ImageReference(parsing: text)
    } catch {
      return AdmissionEvaluation(image: text, decisions: [
        AdmissionDecision(.registries, allowed: false, error.errorDescription ?? "not an image reference")])
    }
    var decisions = [policy.registryDecision(reference), policy.tagDecision(reference)].compactMap { $0 }
    decisions += try await signatureDecisions(text, reference: reference, policy: policy, registry: image.registry)
    if let maxAgeDays = policy.baseMaxAgeDays {
      decisions.append(await baseDecision(text, maxAgeDays: maxAgeDays, image: image))
    }
    var scanners: Set<ImageScannerKind> = []
    if policy.vulnerabilities != nil { scanners.insert(.vuln) }
    if policy.configuration != nil { scanners.formUnion([.config, .secret]) }
    if !scanners.isEmpty {
      var target = image
      target.reference = text
      do {
        let scan = try await ImageScan.run(target, scanners: scanners, data: data)
        let notChecked = scan.report.warnings.first { $0.message.hasPrefix("vulnerabilities not checked: ") }
          .map { String($0.message.dropFirst("vulnerabilities not checked: ".count)) }
        decisions += [policy.vulnerabilityDecision(scan.report.findings, notChecked: notChecked),
                      policy.configurationDecision(scan.report.findings)].compactMap { $0 }
      } catch let error as RegistryError {
        let reason = "not scanned: " + (error.errorDescription ?? "\(error)")
        if policy.vulnerabilities != nil { decisions.append(AdmissionDecision(.vulnerabilities, allowed: false, reason)) }
        if policy.configuration != nil { decisions.append(AdmissionDecision(.configuration, allowed: false, reason)) }
      }
    }
    return AdmissionEvaluation(image: text, decisions: decisions)
  }

  /// `base.maxAgeDays` through `plimsoll freshness`: allowed when the image is built on its
  /// base tag's current image, or that image is at most `maxAgeDays` old; denied otherwise,
  /// and when the base cannot be found (no `org.opencontainers.image.base.name` annotation).
  static func baseDecision(_ text: String, maxAgeDays: Double, image: ImageTarget) async -> AdmissionDecision {
    let report: FindingReport
    do {
      report = try await Freshness.run(image: text, base: nil, platform: image.platform, registry: image.registry,
                                       maxAgeDays: maxAgeDays, allowMajor: false)
    } catch {
      let reason = (error as? any LocalizedError)?.errorDescription ?? "\(error)"
      return AdmissionDecision(.base, allowed: false, "base not checked: \(reason)")
    }
    guard let current = report.findings.first(where: { $0.id == "PLM-FRESH-001" }) else {
      return AdmissionDecision(.base, allowed: false, "base not checked: no verdict")
    }
    let evidence = current.evidence ?? current.title
    switch current.status {
    case .pass: return AdmissionDecision(.base, allowed: true, evidence)
    case .warn: return AdmissionDecision(.base, allowed: true, "\(evidence) (within base.maxAgeDays \(Int(maxAgeDays)))")
    default: return AdmissionDecision(.base, allowed: false, "\(evidence) (older than base.maxAgeDays \(Int(maxAgeDays)))")
    }
  }

  /// One decision per required signer of every `signatures` rule whose scope matches.
  static func signatureDecisions(_ text: String, reference: PlimsollRegistry.ImageReference, policy: AdmissionPolicy,
                                 registry: RegistryImageSource.Options) async throws -> [AdmissionDecision] {
    guard !policy.signers.isEmpty else { return [] }
    let rules = policy.signerRules(for: reference)
    guard !rules.isEmpty else {
      return [AdmissionDecision(.signatures, allowed: true,
                                "no signatures rule's scope matches \(SignedIdentity.repository(reference))")]
    }
    var decisions: [AdmissionDecision] = []
    for rule in rules {
      let trusts = rule.keys.map { ImageVerification.Trust.cosignKey(file: $0) }
        + rule.keyrings.map { ImageVerification.Trust.gpgKeyring(file: $0, registriesDirectory: rule.registriesDirectory) }
        + rule.identities.map { ImageVerification.Trust.keyless(trustedRoot: $0.trustedRoot, identity: $0.identity, issuer: $0.issuer) }
      for trust in trusts {
        do {
          let result = try await ImageVerification.run(text, trust: trust, registry: registry)
          decisions.append(AdmissionDecision(.signatures, allowed: result.verified,
                                             result.summary + " (scope \(rule.scope))"))
        } catch let error as RegistryError {
          decisions.append(AdmissionDecision(.signatures, allowed: false,
                                             "cannot verify: " + (error.errorDescription ?? "\(error)")))
        }
      }
    }
    return decisions
  }
}

/// The container images Kubernetes manifests name, with where each is named.
enum KubernetesImages {
  struct Named {
    var image: String
    var origin: String
  }

  /// Every image of every workload in the YAML files under `path` (or in the file `path`).
  static func list(_ path: String) throws -> [Named] {
    var files: [String] = []
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      let enumerator = FileManager.default.enumerator(atPath: path)
      while let relative = enumerator?.nextObject() as? String {
        let file = (path as NSString).appendingPathComponent(relative)
        // Only regular files inside the folder: no symlink out of it, no FIFO or device.
        if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml"),
          ContainedPath.classify(file, within: path) == .regularFile
        {
          files.append(file)
        }
      }
      files.sort()
    } else {
      files = [path]
    }
    var named: [Named] = []
    for file in files {
      guard let data = FileManager.default.contents(atPath: file) else { throw InputError(file, "cannot read the file") }
      let documents: [YAMLNode]
      do {
        documents = try YAMLLoader.documents(data)
      } catch {
        throw InputError(file, "not YAML: \(error)")
      }
      let manifests = KubernetesManifests(documents: documents.filter(KubernetesManifests.isManifest))
      for workload in manifests.workloads {
        for container in workload.containers {
          guard let node = container.node["image"], let image = node.string else { continue }
          named.append(Named(image: image, origin: "\(file):\(node.line) \(workload.kind) \(workload.name), container \(container.name)"))
        }
      }
    }
    return named
  }
}
