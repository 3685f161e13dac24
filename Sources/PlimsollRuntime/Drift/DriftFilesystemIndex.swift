import PlimsollFindings
import PlimsollIO
import PlimsollLayers
import PlimsollSource
public import PlimsollDiagnostics

/// The state of chosen paths in one filesystem, with the warnings met reading it.
public struct DriftFilesystemIndex: Sendable {
  /// Each wanted path the filesystem holds; a path missing here is absent.
  public var states: [String: DriftFileState]
  /// Problems met reading the archive (hostile entry names, dangling hard links).
  public var warnings: [ScanWarning]

  /// An index of known states, e.g. from a filesystem read some other way.
  public init(states: [String: DriftFileState] = [:], warnings: [ScanWarning] = []) {
    self.states = states
    self.warnings = warnings
  }

  /// Largest uncompressed layer or export accepted (decompression bomb guard).
  static var maxTarBytes: Int64 { ResourceLimits.configured.layerBytes }

  /// Indexes `paths` in an image's merged filesystem: layers applied base first, whiteouts and
  /// opaque directories honoured, every layer's diffID verified.
  ///
  /// `archive` is what `docker save` (or `GET /images/{name}/get`) writes, or an OCI layout;
  /// `image` picks the image by tag when the archive holds several.
  public static func image(archive: String, image: String, paths: Set<String>) throws
    -> DriftFilesystemIndex
  {
    let artifact: Artifact
    do {
      artifact = try SourceResolver.resolve(archive)
    } catch {
      guard !image.isEmpty, let tagged = try? SourceResolver.resolve("\(archive):\(image)") else {
        throw error
      }
      artifact = tagged
    }
    guard artifact.kind != .rootfs else {
      throw InputError(archive, "a directory is not an image archive (docker save or OCI layout)")
    }
    let indexer = TarPathIndexer(wanted: paths, layerSemantics: true)
    var merged = MergedPaths<DriftFileState>()
    var warnings: [ScanWarning] = []
    for layer in artifact.layers {
      let found = try indexer.index { try openLayer(layer) }
      merged.apply(found.deletions, writes: found.states)
      warnings += found.warnings
    }
    return DriftFilesystemIndex(states: merged.visible, warnings: warnings)
  }

  /// Indexes `paths` in a container's filesystem as `docker export` (or
  /// `GET /containers/{id}/export`) writes it: one tar, read once, `.wh.` names taken literally.
  public static func containerExport(_ path: String, paths: Set<String>) throws
    -> DriftFilesystemIndex
  {
    let indexer = TarPathIndexer(wanted: paths, layerSemantics: false)
    let found = try indexer.index {
      let file = BufferedReader(try FileByteStream(path: path), name: path)
      // An uncompressed export is read straight from the file, so skipped content is seeked over.
      if Compression.detect(try file.peek(6)) == .none {
        return OpenedTar(reader: TarReader(file), finish: {})
      }
      let stream = try Compression.decompressing(file, maxOutput: maxTarBytes)
      return OpenedTar(reader: TarReader(BufferedReader(stream, name: path)), finish: {})
    }
    return DriftFilesystemIndex(states: found.states, warnings: found.warnings)
  }

  /// Opens a layer blob: its stored digest (where known) and diffID are checked once the
  /// pass has read it to the end.
  private static func openLayer(_ layer: LayerDescriptor) throws -> OpenedTar {
    let layerTar = try VerifiedLayerTar(layer, maxBytes: maxTarBytes)
    return OpenedTar(reader: layerTar.tar, finish: layerTar.finish)
  }
}
