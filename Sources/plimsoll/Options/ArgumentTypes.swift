import ArgumentParser
import PlimsollCore

// Options with fixed choices parse straight into the library's enums, so `--help` lists the
// real choices and a typo fails before any work starts.

extension FindingsFormat: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// `--sort`: how findings are ordered.
enum FindingSortOrder: String, CaseIterable, ExpressibleByArgument {
  /// Most severe first (the default).
  case severity
  /// Known-exploited (CISA KEV) first, then by EPSS probability × CVSS base score.
  case risk
}

extension SBOMFormat: ExpressibleByArgument {
  /// Also the spellings other tools use (`cyclonedx-json`, `spdx`).
  public init?(argument: String) { self.init(name: argument) }
}

extension RuleListFormat: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension DatabaseStatusFormat: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension ImageScannerKind: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension FindingStatus: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension Severity: ExpressibleByArgument {
  public init?(argument: String) { self.init(name: argument) }
}

extension Platform: ExpressibleByArgument {
  /// `os/arch[/variant]`.
  public init?(argument: String) { self.init(argument) }
  public var defaultValueDescription: String { description }
}

/// A comma-separated list of fixed choices (`vuln,config`), each checked while parsing.
struct ChoiceList<Choice: ExpressibleByArgument & Hashable & CaseIterable & RawRepresentable>:
  ExpressibleByArgument
where Choice.RawValue == String {
  var values: [Choice]

  init(_ values: [Choice]) {
    self.values = values
  }

  init?(argument: String) {
    var values: [Choice] = []
    for part in argument.split(separator: ",") {
      guard let value = Choice(argument: part.trimmingCharacters(in: .whitespaces)) else {
        return nil
      }
      values.append(value)
    }
    guard !values.isEmpty else { return nil }
    self.values = values
  }

  static var allValueStrings: [String] { Choice.allCases.map(\.rawValue) }

  var defaultValueDescription: String { values.map(\.rawValue).joined(separator: ",") }

  var set: Set<Choice> { Set(values) }
}
