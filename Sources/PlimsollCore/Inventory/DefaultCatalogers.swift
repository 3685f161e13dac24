import PlimsollCatalog

/// The catalogers a scan runs unless told otherwise: OS detection, OS package databases and
/// language ecosystems. Adding an ecosystem adds one line here.
public enum DefaultCatalogers {
  public static let all: [any Cataloger] = OSCatalogers.all + LanguageCatalogers.all()

  /// A source tree's catalogers: the default ones and the lock-file and manifest readers
  /// (which an image's scan leaves out: a lock file in an image says what was built, not
  /// what is installed). Development-only dependencies count in a source tree, marked `dev`,
  /// as every lock format's reader marks them.
  public static let sourceTree: [any Cataloger] =
    OSCatalogers.all + LanguageCatalogers.all(includeDevDependencies: true) + LockfileCatalogers.all()

  /// The default analyzer set.
  public static var analyzerSet: AnalyzerSet { AnalyzerSet(catalogers: all) }
}
