import PlimsollEngine
import PlimsollFindings

/// The CIS Docker Benchmark this module's container and image checks follow.
public enum RuntimeBenchmark {
  /// Where the benchmark is published.
  public static let reference = "https://www.cisecurity.org/benchmark/docker"
}
