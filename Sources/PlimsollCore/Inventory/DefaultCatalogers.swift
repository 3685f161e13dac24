import PlimsollCatalog

/// The catalogers a scan runs unless told otherwise: OS detection, OS package databases and
/// language ecosystems. Adding an ecosystem adds one line here.
public enum DefaultCatalogers {
  public static let all: [any Cataloger] = OSCatalogers.all + LanguageCatalogers.all()

  /// The default analyzer set.
  public static var analyzerSet: AnalyzerSet { AnalyzerSet(catalogers: all) }
}
