import ArgumentParser
import Foundation
import PlimsollCore

/// `plimsoll freshness IMAGE [--base BASE]`: is the image built on its base tag's current image?
struct FreshnessCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "freshness",
    abstract: "Tell whether a registry image is built on the current image of its base tag, or check a Dockerfile's FROM lines.",
    discussion: """
      With a Dockerfile: each FROM with the digest its tag points to now; floating tags \
      (latest or none), FROM lines not pinned by digest and pins whose tag has moved are \
      flagged with the exact FROM line to write.

      With an image: \
      Reads the image's and the base's manifests and configs from their registries (no layer \
      is downloaded): the image is fresh when the base tag's current layers are its bottom \
      layers. The base is --base, else the image's org.opencontainers.image.base.name \
      annotation. Newer tags of the base in the same series (3.19.1 -> 3.19.4, \
      1.27-alpine -> 1.28-alpine) are listed; a major version is never jumped unless \
      --allow-major.
      """)

  @OptionGroup var target: TargetOptions

  @Option(help: "The base image reference, or a Dockerfile whose FROM lines are the candidates (default: the image's base.name annotation).")
  var base: String?

  @Option(help: "Days a moved base is tolerated (a warning) before it fails.")
  var maxAge: Double?

  @Flag(help: "List newer tags in later major versions too.")
  var allowMajor = false

  @OptionGroup var report: ReportOptions

  func run() async throws {
    let status = try await withInputErrors {
      let image = try target.imageTarget
      if FileManager.default.fileExists(atPath: image.reference) {
        let result = try await DockerfileFreshness.run(image.reference, registry: image.registry)
        return try report.emit(result, rules: DockerfileFreshness.infos)
      }
      let result = try await Freshness.run(
        image: image.reference, base: base, platform: image.platform, registry: image.registry,
        maxAgeDays: maxAge, allowMajor: allowMajor, cache: image.cache)
      return try report.emit(result, rules: Freshness.infos,
                             root: .filesystem(name: "image \(image.reference)", directory: nil))
    }
    try exitIfFailing(status)
  }
}
