public import PlimsollEngine
public import PlimsollFindings
import PlimsollDiagnostics

/// Reports what changed in a running container compared with its image.
///
/// The caller fetches the inputs from the Engine: the changes list
/// (`GET /containers/{id}/changes`), and for deep analysis the image archive
/// (`GET /images/{name}/get`, as `docker save` writes it) and the container's filesystem
/// (`GET /containers/{id}/export`, as `docker export` writes it). Nothing is extracted or written.
public enum DriftScanner {
  /// Scans `container` (started from `image`): deep analysis when both `imageArchive` and
  /// `containerExport` are given, shallow (changes list only) otherwise.
  ///
  /// Throws when an archive is unusable (missing, truncated, corrupt, digest mismatch), with an
  /// error naming the file and the problem.
  public static func scan(container: String, image: String, changes: [ContainerChange],
                          imageArchive: String?, containerExport: String?) throws
    -> FindingReport
  {
    guard let imageArchive, let containerExport else {
      var report = DriftAnalyzer.report(container: container, image: image, changes: changes)
      if imageArchive != nil || containerExport != nil {
        report.warnings.append(ScanWarning(
          input: container,
          message: "deep analysis needs both the image archive and the container export; "
            + "reported from the changes list only"))
      }
      return report
    }
    let paths = DriftAnalyzer.pathsToIndex(changes)
    guard !paths.isEmpty else {
      return DriftAnalyzer.report(container: container, image: image, changes: changes)
    }
    let imageFiles = try DriftFilesystemIndex.image(
      archive: imageArchive, image: image, paths: paths)
    let containerFiles = try DriftFilesystemIndex.containerExport(containerExport, paths: paths)
    return DriftAnalyzer.report(container: container, image: image, changes: changes,
                                imageFiles: imageFiles, containerFiles: containerFiles)
  }
}
