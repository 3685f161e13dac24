import ArgumentParser
import Foundation
import PlimsollCore
import PlimsollDiagnostics

/// Options shared by commands that read an image or root filesystem.
struct TargetOptions: ParsableArguments {
  @Argument(help: "docker:NAME, docker-archive:FILE[:TAG], oci:DIR[:TAG], rootfs:DIR, or a path recognised by content.")
  var target: String

  @Option(help: "Platform to pick from a multi-platform image (os/arch[/variant]).")
  var platform: String = "linux/amd64"

  @Option(help: "Cache directory (default: $XDG_CACHE_HOME/plimsoll or ~/.cache/plimsoll).")
  var cacheDir: String?

  @Flag(help: "Neither read nor write the layer cache.")
  var noCache = false

  /// The scan options these flags describe.
  func scanOptions() -> ScanOptions {
    if noCache { return ScanOptions(cacheDirectory: nil) }
    let root = cacheDir.map { URL(fileURLWithPath: $0) } ?? FactsCache.defaultRoot()
    return ScanOptions(cacheDirectory: root)
  }

  /// Resolves the target and builds its inventory.
  func inventory() async throws -> Inventory {
    guard let platform = Platform(platform) else {
      throw ValidationError("platform '\(platform)' is not of the form os/arch[/variant]")
    }
    return try await withArtifact(platform: platform) { resolved in
      var artifact = resolved
      if let scanner = ImageAnalyzers.secretScanner {
        artifact = HistoryRedaction.redact(artifact, scanner: scanner)
      }
      let scanner = InventoryScanner(analyzers: DefaultCatalogers.analyzerSet, options: scanOptions())
      return try await scanner.inventory(of: artifact)
    }
  }

  /// Resolves the target and runs `body` with it; `docker:NAME` is exported from the engine
  /// into a temporary file (under the cache directory) that lives only while `body` runs.
  func withArtifact<T>(platform: Platform, _ body: (Artifact) async throws -> T) async throws -> T {
    if EngineImageSource.imageName(in: target) != nil {
      let directory = EngineExports.directory(cache: scanOptions().cacheDirectory)
      EngineExports.removeStale(in: directory)
      return try await EngineImageSource.withArtifact(target, platform: platform, directory: directory, body)
    }
    return try await body(try SourceResolver.resolve(target, platform: platform))
  }
}

/// Runs a command body, turning unusable input (and an engine that cannot be reached or
/// refuses a request) into a clear message and exit status 2.
func withInputErrors<T>(_ body: () async throws -> T) async throws -> T {
  do {
    return try await body()
  } catch let error as InputError {
    FileHandle.standardError.write(Data("plimsoll: error: \(error.errorDescription ?? "")\n".utf8))
    throw ExitCode(2)
  } catch let error as IgnoreFile.ParseError {
    FileHandle.standardError.write(Data("plimsoll: error: \(error.errorDescription ?? "")\n".utf8))
    throw ExitCode(2)
  } catch let error as EngineError {
    FileHandle.standardError.write(Data("plimsoll: error: \(error.description)\n".utf8))
    throw ExitCode(2)
  }
}
