import ArgumentParser
import PlimsollCore

/// `plimsoll policy`: admission policy over images.
struct PolicyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "policy",
    abstract: "Decide with one policy file whether images may run.",
    subcommands: [PolicyCheckCommand.self])
}

/// `plimsoll policy check TARGET --policy plimsoll-policy.yaml`: allowed registries, forbidden
/// tags, required signers, vulnerability and configuration gates; exit 1 on deny.
struct PolicyCheckCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check an image, or the images of Kubernetes manifests (a directory or YAML file), against a policy file.",
    discussion: """
      Each image gets one line per decision (registries, tags, signatures, vulnerabilities, \
      configuration) saying allow or deny and why. Exit status: 0 all allowed, 1 any image \
      denied, 2 unusable input (the policy file, a key it names). See docs/trust.md.
      """)

  @OptionGroup var target: TargetOptions
  @OptionGroup var data: AdvisoryDataOptions

  @Option(help: "The policy file (YAML).")
  var policy: String

  @Option(help: "Output format.")
  var format: TrustOutputFormat = .text

  func run() async throws {
    let report = try await withInputErrors {
      try await PolicyCheck.run(target.target, policyFile: policy, image: try target.imageTarget, data: data.policy)
    }
    print(format == .json ? report.json : report.text)
    if !report.allowed { throw ExitCode(1) }
  }
}
