import Foundation
import Prometheus

/// The Prometheus metrics of one server process: queue depth (read from the store when
/// scraped), and the scans, failures and scan durations of this process's workers.
public final class ServerMetrics: Sendable {
  let registry = PrometheusCollectorRegistry()
  let scans: Counter
  let failures: Counter
  let durations: DurationHistogram

  public init() {
    scans = registry.makeCounter(descriptor: MetricNameDescriptor(
      namespace: "plimsoll", metricName: "scans", unitName: "total", helpText: "Scans this process's workers finished."))
    failures = registry.makeCounter(descriptor: MetricNameDescriptor(
      namespace: "plimsoll", metricName: "scan_failures", unitName: "total",
      helpText: "Scan attempts of this process's workers that failed."))
    durations = registry.makeDurationHistogram(
      descriptor: MetricNameDescriptor(namespace: "plimsoll", metricName: "scan_duration", unitName: "seconds",
                                       helpText: "How long this process's workers took per scan."),
      buckets: [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
                .seconds(30), .seconds(60), .seconds(120), .seconds(300)])
  }

  /// Sets the queue-depth gauges from `depth` (jobs per state).
  func setDepth(_ depth: [String: Int]) {
    for state in ["queued", "running", "done", "parked"] {
      registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "plimsoll", metricName: "queue", unitName: "jobs",
                                                          helpText: "Jobs in the queue, by state (all workers)."),
                         labels: [("state", state)])
        .set(Double(depth[state] ?? 0))
    }
  }

  /// The exposition text.
  func exposition() -> [UInt8] { registry.emitToBuffer() }
}
