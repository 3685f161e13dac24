import ArgumentParser
import PlimsollCore

/// Options shared by commands that read an image or root filesystem.
struct TargetOptions: ParsableArguments {
  @Argument(help: "docker:NAME, docker-archive:FILE[:TAG], oci:DIR[:TAG], rootfs:DIR, or a path recognised by content.")
  var target: String

  @Option(help: "Platform to pick from a multi-platform image (os/arch[/variant]).")
  var platform = Platform(os: "linux", architecture: "amd64")

  @OptionGroup var cache: CacheOptions

  @Flag(help: "Neither read nor write the layer cache.")
  var noCache = false

  /// The image these options name.
  var imageTarget: ImageTarget {
    ImageTarget(target, platform: platform, cache: cache.location(usesLayerCache: !noCache))
  }
}
