import Foundation
import PlimsollFindings

/// CVSS v3.0/v3.1 base scores from vector strings, by the formula in the CVSS v3.1 specification.
public enum CVSS {
  /// The base score of a `CVSS:3.x/...` vector; nil for other versions or a malformed vector.
  public static func baseScore(_ vector: String) -> Double? {
    let parts = vector.split(separator: "/")
    guard let head = parts.first, head == "CVSS:3.0" || head == "CVSS:3.1" else { return nil }
    var metrics: [Substring: Substring] = [:]
    for part in parts.dropFirst() {
      let pair = part.split(separator: ":", maxSplits: 1)
      guard pair.count == 2 else { return nil }
      metrics[pair[0]] = pair[1]
    }
    guard let scope = metrics["S"], scope == "U" || scope == "C",
      let av = ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2][metrics["AV"] ?? ""],
      let ac = ["L": 0.77, "H": 0.44][metrics["AC"] ?? ""],
      let pr = (scope == "C" ? ["N": 0.85, "L": 0.68, "H": 0.5] : ["N": 0.85, "L": 0.62, "H": 0.27])[
        metrics["PR"] ?? ""],
      let ui = ["N": 0.85, "R": 0.62][metrics["UI"] ?? ""],
      let c = ["H": 0.56, "L": 0.22, "N": 0.0][metrics["C"] ?? ""],
      let i = ["H": 0.56, "L": 0.22, "N": 0.0][metrics["I"] ?? ""],
      let a = ["H": 0.56, "L": 0.22, "N": 0.0][metrics["A"] ?? ""]
    else { return nil }
    let iss = 1 - (1 - c) * (1 - i) * (1 - a)
    let impact = scope == "U"
      ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15)
    let exploitability = 8.22 * av * ac * pr * ui
    if impact <= 0 { return 0 }
    let raw = scope == "U" ? min(impact + exploitability, 10) : min(1.08 * (impact + exploitability), 10)
    return roundUp(raw)
  }

  /// The specification's Roundup: the smallest one-decimal number not below the input.
  static func roundUp(_ value: Double) -> Double {
    let scaled = Int((value * 100_000).rounded())
    if scaled % 10_000 == 0 { return Double(scaled) / 100_000 }
    return (Double(scaled / 10_000) + 1) / 10
  }

  /// The qualitative rating of a score (CVSS v3 table).
  public static func severity(score: Double) -> Severity {
    switch score {
    case 9...: .critical
    case 7..<9: .high
    case 4..<7: .medium
    case 0.1..<4: .low
    default: .unknown
    }
  }

  /// The severity of the highest scored vector, or nil when none can be scored.
  public static func severity(of scores: [CVSSScore]) -> Severity? {
    scores.compactMap(\.score).max().map { severity(score: $0) }
  }
}
