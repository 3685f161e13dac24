import Foundation

/// Headless Chromium from Debian (`chromium`, `chromium-driver`) driven by Selenium through
/// `scripts/browser-check.py`, for the tests that open HTML reports as a user would.
public enum Browser {
  static let chromium = ProcessInfo.processInfo.environment["PLIMSOLL_CHROMIUM"] ?? "/usr/bin/chromium"
  static let driver = ProcessInfo.processInfo.environment["PLIMSOLL_CHROMEDRIVER"] ?? "/usr/bin/chromedriver"

  /// Whether Chromium, its driver and Selenium are installed.
  public static let available: Bool = {
    let files = FileManager.default
    guard files.isExecutableFile(atPath: chromium), files.isExecutableFile(atPath: driver) else { return false }
    return (try? python(["-c", "import selenium"]).status) == 0
  }()

  /// Whether the browser tests run: when the browser is there, and always in CI (`CI=true`),
  /// where a missing browser must fail them rather than skip.
  public static var shouldRun: Bool {
    available || ProcessInfo.processInfo.environment["CI"] == "true"
  }

  /// Where the tests write their screenshots (`PLIMSOLL_SCREENSHOTS`, else a fixed folder in
  /// the temporary directory), kept after the test for the note.
  public static var screenshotDirectory: URL {
    let directory = ProcessInfo.processInfo.environment["PLIMSOLL_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("plimsoll-report-screenshots")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
  }

  /// What the browser saw of one report (the fields `scripts/browser-check.py` prints).
  public struct Page {
    public let json: [String: Any]
    /// `data-layer-index` and `data-layer-digest` of each ledger section, in page order.
    public var ledgerSections: [(index: Int, digest: String, createdBy: String)] {
      (json["ledgerSections"] as? [[String: Any]] ?? []).map {
        (Int($0["index"] as? String ?? "") ?? -1, $0["digest"] as? String ?? "", $0["createdBy"] as? String ?? "")
      }
    }
    /// Each finding row's `data-severity`.
    public var rowSeverities: [String] { (json["rows"] as? [[String: Any]] ?? []).compactMap { $0["severity"] as? String } }
    /// Each finding row's `data-package`.
    public var rowPackages: [String] { (json["rows"] as? [[String: Any]] ?? []).compactMap { $0["package"] as? String } }
    /// The severities of the rows left visible after choosing the filter's severity.
    public var filteredSeverities: [String]? { (json["filter"] as? [String: Any])?["visible"] as? [String] }
    public var filtersShown: Bool { json["filtersShown"] as? Bool ?? false }
    public var rowsAfterSort: Int? { json["rowsAfterSort"] as? Int }
    /// alert/confirm/prompt calls made by anything in the page.
    public var dialogs: [String] { json["dialogs"] as? [String] ?? [] }
    /// Requests other than the report itself.
    public var requests: [String] { json["requests"] as? [String] ?? [] }
    public var consoleErrors: [String] { json["consoleErrors"] as? [String] ?? [] }
    public var scripts: Int { json["scripts"] as? Int ?? -1 }
    public var images: Int { json["images"] as? Int ?? -1 }
    public var noLayersNote: Bool { json["noLayersNote"] as? Bool ?? false }
    public var bodyText: String { json["bodyText"] as? String ?? "" }
  }

  /// Opens `report` in headless Chromium, filters it by `severity`, and writes a full-page
  /// screenshot to `screenshot` (and the first screen beside it, `.top.png`).
  public static func open(_ report: String, screenshot: URL, severity: String = "HIGH") throws -> Page {
    let script = Repository.root.appendingPathComponent("scripts/browser-check.py").path
    let result = try python([script, report, screenshot.path, "--filter-severity", severity])
    guard result.status == 0,
      let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
    else {
      throw BrowserError(message: "browser-check.py exited \(result.status): \(result.output) \(result.errors)")
    }
    return Page(json: json)
  }

  struct BrowserError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
  }

  static func python(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let result = try ProcessOutput.run(["python3"] + arguments)
    return (result.status, String(decoding: result.output, as: UTF8.self), String(decoding: result.errors, as: UTF8.self))
  }
}
