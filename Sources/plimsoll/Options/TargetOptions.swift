import ArgumentParser
import Foundation
import PlimsollCore

/// Options shared by commands that read an image or root filesystem.
struct TargetOptions: ParsableArguments {
  @Argument(help: ArgumentHelp(
    "An image in a registry (nginx:1.27, registry.example.com/team/app:1.4, "
      + "localhost:5000/app@sha256:…), docker:NAME (the local engine), docker-archive:FILE[:TAG], "
      + "oci:DIR[:TAG], rootfs:DIR, fs:DIR (a source tree: lock files, `plimsoll sbom` only), "
      + "or a path recognised by content."))
  var target: String

  @Option(help: "Platform to pick from a multi-platform image (os/arch[/variant]).")
  var platform = Platform(os: "linux", architecture: "amd64")

  @OptionGroup var cache: CacheOptions

  @Flag(help: "Neither read nor write the layer cache.")
  var noCache = false

  @Flag(help: "Keep pulled registry blobs in the cache (by digest) and reuse them.")
  var keepBlobs = false

  @OptionGroup var registry: RegistryOptions

  @OptionGroup var limits: LimitOptions

  /// The image these options name.
  var imageTarget: ImageTarget {
    get throws {
      let location = cache.location(usesLayerCache: !noCache)
      var options = try registry.options
      options.blobCache = keepBlobs ? location.blobs : nil
      return ImageTarget(target, platform: platform, cache: location, registry: options)
    }
  }
}

/// How to reach a registry: transport, trust, mirrors and credentials.
struct RegistryOptions: ParsableArguments {
  @Flag(help: "Reach the registry over plain HTTP (a registry on loopback).")
  var insecure = false

  @Option(help: ArgumentHelp(
    "A Docker Hub mirror (http(s)://host[:port]) tried before Docker Hub; repeatable.",
    valueName: "url"))
  var registryMirror: [String] = []

  @Option(help: "A PEM file of CA certificates to trust for the registry, besides the system's.")
  var caCert: String?

  @Option(help: ArgumentHelp(
    "Registry user name; the password is read from standard input (--password-stdin). "
      + "Else PLIMSOLL_REGISTRY_USERNAME and PLIMSOLL_REGISTRY_PASSWORD, else the Docker "
      + "client's config.json."))
  var username: String?

  @Flag(help: "Read the registry password (or token) from standard input.")
  var passwordStdin = false

  func validate() throws {
    if passwordStdin && username == nil {
      throw ValidationError("--password-stdin needs --username")
    }
    if username != nil && !passwordStdin {
      throw ValidationError("--username needs --password-stdin (the password is never an argument)")
    }
  }

  /// The registry options these flags give (the password read from standard input once).
  var options: RegistryImageSource.Options {
    get throws {
      var credentials: RegistryCredentials?
      let environment = ProcessInfo.processInfo.environment
      if let username, passwordStdin {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let password = String(decoding: input, as: UTF8.self).trimmingCharacters(in: .newlines)
        credentials = RegistryCredentials(username: username, password: password)
      } else if let username = environment["PLIMSOLL_REGISTRY_USERNAME"],
        let password = environment["PLIMSOLL_REGISTRY_PASSWORD"]
      {
        credentials = RegistryCredentials(username: username, password: password)
      }
      return RegistryImageSource.Options(
        insecure: insecure, credentials: credentials, caCertificateFile: caCert, mirrors: registryMirror)
    }
  }
}
