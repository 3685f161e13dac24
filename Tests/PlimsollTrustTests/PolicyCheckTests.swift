import Foundation
import PlimsollCore
import PlimsollTestSupport
import Testing

/// `plimsoll policy check` against a real registry: signed and unsigned images, a repository
/// the policy does not allow, the configuration and vulnerability gates, and the images of a
/// Kubernetes manifest.
@Suite(.enabled(if: LocalRegistry.runs, "docker-registry and skopeo are not installed"))
struct PolicyCheckTests {
  struct Setup {
    let images: SignedImages
    let host: String
    let keyFile: String
    let cache: CacheLocation

    init() throws {
      images = try SignedImages()
      host = images.registry.host
      let signer = CosignTestSigner(key: .p256(.init()))
      keyFile = try images.scratch.write("policy/keys/cosign.pub", signer.key.publicPEM)
      let signed = try images.pushImage("team/app", tag: "1.0", content: "one")
      try signer.signAndPush(digest: signed, repository: "team/app", dockerReference: "\(host)/team/app",
                             with: images.pusher)
      try images.retag("team/app", tag: "1.0", as: "latest")
      try images.pushImage("team/app", tag: "2.0", content: "two")
      cache = CacheLocation(root: images.scratch.path + "/cache")
    }

    func policy(_ name: String, _ yaml: String) throws -> String {
      try images.scratch.write("policy/\(name)", yaml)
    }

    func check(_ target: String, policy: String) async throws -> AdmissionReport {
      try await PolicyCheck.run(
        target, policyFile: policy,
        image: ImageTarget(target, cache: cache, registry: RegistryImageSource.Options(insecure: true)),
        data: AdvisoryDataPolicy(offline: true))
    }
  }

  @Test func eachGateExplainsItsDecision() async throws {
    let setup = try Setup()
    let host = setup.host
    let policy = try setup.policy("signed.yaml", """
      registries: ["\(host)/team/*"]
      tags:
        forbid: [latest]
      signatures:
        - scope: "\(host)/team/*"
          keys: [keys/cosign.pub]
      configuration:
        denySecrets: true
      """)
    let allowed = try await setup.check("\(host)/team/app:1.0", policy: policy)
    let decisions = try #require(allowed.evaluations.first).decisions
    #expect(allowed.allowed)
    #expect(decisions.map(\.gate) == [.registries, .tags, .signatures, .configuration])
    #expect(decisions[0].reason == "\(host)/team/app matches \(host)/team/*")
    #expect(decisions[2].reason.hasPrefix("verified: \(host)/team/app:1.0"))
    #expect(decisions[3].reason == "no secret found")

    let unsigned = try await setup.check("\(host)/team/app:2.0", policy: policy)
    #expect(!unsigned.allowed)
    #expect(unsigned.evaluations[0].decisions.filter { !$0.allowed }.map(\.gate) == [.signatures])
    #expect(unsigned.text.contains("deny   signatures      not verified: \(host)/team/app:2.0"))

    let latest = try await setup.check("\(host)/team/app:latest", policy: policy)
    #expect(latest.evaluations[0].decisions.filter { !$0.allowed }.map(\.reason)
      == ["tag latest is forbidden (tags.forbid: latest)"])

    try setup.images.pushImage("team/leaky", tag: "1.0", content: "leaky",
                               env: ["AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"])
    let leaky = try await setup.check("\(host)/team/leaky:1.0", policy: policy)
    let leak = leaky.evaluations[0].decisions.filter { !$0.allowed }
    #expect(leak.map(\.gate) == [.signatures, .configuration])
    #expect(leak.last?.reason.contains("(configuration.denySecrets)") == true)

    let elsewhere = try await setup.check("\(host)/other/app:1.0", policy: policy)
    let denied = elsewhere.evaluations[0].decisions.filter { !$0.allowed }
    #expect(denied.map(\.gate) == [.registries, .configuration])
    #expect(denied.last?.reason.hasPrefix("not scanned: \(host)/other/app:1.0: not found") == true)
  }

  @Test func theConfigurationAndVulnerabilityGatesUseTheImageScan() async throws {
    let setup = try Setup()
    let policy = try setup.policy("strict.yaml", """
      vulnerabilities:
        denyKnownExploited: true
      configuration:
        denyRoot: true
      """)
    let report = try await setup.check("\(setup.host)/team/app:1.0", policy: policy)
    let decisions = report.evaluations[0].decisions
    #expect(!report.allowed)
    #expect(decisions.first { $0.gate == .configuration }?.reason.hasPrefix("PLM-IMG-001 Image runs as root") == true)
    // No advisory data offline: the gate fails closed.
    #expect(decisions.first { $0.gate == .vulnerabilities }?.reason.hasPrefix("vulnerabilities not checked:") == true)
  }

  @Test func theBaseGateDeniesAnImageOnAMovedBase() async throws {
    let setup = try Setup()
    let host = setup.host
    let images = setup.images
    try images.pushRawImage("team/base", tag: "1.0", layers: ["base layer one"])
    let annotations = ["org.opencontainers.image.base.name": "\(host)/team/base:1.0"]
    try images.pushRawImage("team/fresh", tag: "1.0", layers: ["base layer one", "app layer"], annotations: annotations)
    let policy = try setup.policy("base.yaml", "base:\n  maxAgeDays: 30\n")
    let fresh = try await setup.check("\(host)/team/fresh:1.0", policy: policy)
    #expect(fresh.allowed)
    #expect(fresh.evaluations[0].decisions.first?.reason.hasPrefix("built on the current \(host)/team/base:1.0") == true)
    // The base tag moves to an image built 90 days ago: the app is stale past the grace.
    let old = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-90 * 86_400))
    try images.pushRawImage("team/base", tag: "1.0", layers: ["base layer two"], created: old)
    let stale = try await setup.check("\(host)/team/fresh:1.0", policy: policy)
    #expect(!stale.allowed)
    let reason = stale.evaluations[0].decisions.first?.reason ?? ""
    #expect(reason.contains("built 90 days ago") && reason.hasSuffix("(older than base.maxAgeDays 30)"))
    // Within the grace: the current base is 5 days old.
    let recent = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-5 * 86_400))
    try images.pushRawImage("team/base", tag: "1.0", layers: ["base layer three"], created: recent)
    let grace = try await setup.check("\(host)/team/fresh:1.0", policy: policy)
    #expect(grace.allowed)
    #expect(grace.evaluations[0].decisions.first?.reason.hasSuffix("(within base.maxAgeDays 30)") == true)
    // No base annotation: fail closed.
    try images.pushRawImage("team/orphan", tag: "1.0", layers: ["orphan layer"])
    let orphan = try await setup.check("\(host)/team/orphan:1.0", policy: policy)
    #expect(!orphan.allowed)
    #expect(orphan.evaluations[0].decisions.first?.reason.hasPrefix("base not checked:") == true)
  }

  @Test func aKubernetesManifestsImagesAreEachJudged() async throws {
    let setup = try Setup()
    let policy = try setup.policy("signed.yaml", """
      signatures:
        - scope: "\(setup.host)/team/*"
          keys: [keys/cosign.pub]
      """)
    let manifest = try setup.images.scratch.write("k8s/web.yaml", """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          spec:
            initContainers:
              - name: init
                image: \(setup.host)/team/app:1.0
            containers:
              - name: app
                image: \(setup.host)/team/app:2.0
      """)
    let directory = (manifest as NSString).deletingLastPathComponent
    let report = try await setup.check(directory, policy: policy)
    #expect(report.evaluations.map(\.image) == ["\(setup.host)/team/app:2.0", "\(setup.host)/team/app:1.0"]
      || report.evaluations.map(\.image) == ["\(setup.host)/team/app:1.0", "\(setup.host)/team/app:2.0"])
    #expect(report.evaluations.filter(\.allowed).map(\.image) == ["\(setup.host)/team/app:1.0"])
    #expect(report.evaluations.first { !$0.allowed }?.origin == "\(manifest):13 Deployment web, container app")
    #expect(report.text.hasSuffix("policy \(policy): 1 of 2 images denied"))

    if Requirement.executable, let executable = plimsollExecutable() {
      let cache = setup.images.scratch.path + "/cli-cache"
      let denied = try ProcessOutput.run([executable, "policy", "check", "--insecure", "--offline", "--cache-dir", cache,
                                          directory, "--policy", policy])
      #expect(denied.status == 1)
      let json = try ProcessOutput.run([executable, "policy", "check", "--insecure", "--offline", "--cache-dir", cache,
                                        directory, "--policy", policy, "--format", "json"])
      #expect(json.status == 1)
      let object = try JSONSerialization.jsonObject(with: json.output) as? [String: Any]
      #expect(object?["allowed"] as? Bool == false)
      let images = object?["images"] as? [[String: Any]] ?? []
      #expect(images.count == 2)
      #expect(images.contains { $0["origin"] as? String == "\(manifest):13 Deployment web, container app" && $0["allowed"] as? Bool == false })
      let allowed = try ProcessOutput.run([executable, "policy", "check", "--insecure", "--offline", "--cache-dir", cache,
                                           "\(setup.host)/team/app:1.0", "--policy", policy])
      #expect(allowed.status == 0)
      #expect(String(decoding: allowed.output, as: UTF8.self).hasPrefix("ALLOW \(setup.host)/team/app:1.0"))
      let broken = try ProcessOutput.run([executable, "policy", "check", "--insecure", "--offline", "--cache-dir", cache,
                                          "\(setup.host)/team/app:1.0", "--policy", try setup.policy("bad.yaml", "tag: []")])
      #expect(broken.status == 2)
    }
  }
}
