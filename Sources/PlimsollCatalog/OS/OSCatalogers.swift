/// The operating-system catalogers, for the registry that wires catalogers into the layer walk.
///
/// After merge, finish OS packages in this order: pick the OS with `OSDetection.pick` from
/// the `osRelease` results (with the path each came from), move dpkg copyright licenses onto
/// packages with `DpkgCopyrightCataloger.join`, then fill purls with `OSPackageURLs.assign`.
public enum OSCatalogers {
  /// One instance of every OS cataloger: os-release, dpkg, dpkg copyright, apk, rpm.
  public static let all: [any Cataloger] = [
    OSReleaseCataloger(), DpkgCataloger(), DpkgCopyrightCataloger(), ApkCataloger(), RpmCataloger(),
  ]
}
