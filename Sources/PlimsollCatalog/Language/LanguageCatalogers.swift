/// The language package catalogers, in one list for the layer walk to register.
///
/// Adding an ecosystem adds one folder under `Language/` and one line here.
public enum LanguageCatalogers {
  /// One instance of every language cataloger, with default limits. With
  /// `includeDevDependencies` (a source tree), lock files' development-only packages count too.
  public static func all(includeDevDependencies: Bool = false) -> [any Cataloger] {
    [
      PythonPackageCataloger(),
      NpmPackageCataloger(),
      NpmLockCataloger(includeDevDependencies: includeDevDependencies),
      JavaArchiveCataloger(),
      GoBinaryCataloger(),
      CargoAuditableCataloger(),
      GemspecCataloger(),
      ComposerInstalledCataloger(),
      DotNetDepsCataloger(),
    ]
  }
}
