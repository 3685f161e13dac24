/// The language package catalogers, in one list for the layer walk to register.
///
/// Adding an ecosystem adds one folder under `Language/` and one line here.
public enum LanguageCatalogers {
  /// One instance of every language cataloger, with default limits.
  public static func all() -> [any Cataloger] {
    [
      PythonPackageCataloger(),
      NpmPackageCataloger(),
      NpmLockCataloger(),
      JavaArchiveCataloger(),
      GoBinaryCataloger(),
      CargoAuditableCataloger(),
      GemspecCataloger(),
      ComposerInstalledCataloger(),
      DotNetDepsCataloger(),
    ]
  }
}
