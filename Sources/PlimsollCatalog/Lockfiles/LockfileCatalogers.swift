/// The lock-file and manifest catalogers a source-tree scan adds, one per format.
public enum LockfileCatalogers {
  public static func all() -> [any Cataloger] {
    [
      PythonRequirementsCataloger(),
      PythonLockCataloger(),
      GoModCataloger(),
      CargoLockCataloger(),
      GemfileLockCataloger(),
      ComposerLockCataloger(),
      YarnLockCataloger(),
      PnpmLockCataloger(),
      GradleLockCataloger(),
      DotNetLockCataloger(),
      MavenPOMCataloger(),
      InventoryLockCataloger(),
    ]
  }
}
