/// The operating-system catalogers, for the registry that wires catalogers into the layer walk.
///
/// Their finish steps run after the merge: dpkg copyright licenses join their packages, then
/// (last) the os-release cataloger fills OS purls.
public enum OSCatalogers {
  /// One instance of every OS cataloger: os-release, dpkg, dpkg copyright, apk, rpm.
  public static let all: [any Cataloger] = [
    OSReleaseCataloger(), DpkgCataloger(), DpkgCopyrightCataloger(), ApkCataloger(), RpmCataloger(),
  ]
}
