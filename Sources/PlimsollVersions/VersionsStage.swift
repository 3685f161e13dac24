/// The Versions stage of the pipeline (see DESIGN.md).
public enum VersionsStage {
  /// Bumped whenever this stage's output for the same input changes (used in cache keys).
  public static let version = 1
}
