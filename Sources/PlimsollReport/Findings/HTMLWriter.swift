import Foundation
import PlimsollFindings

/// Writes a findings report as one self-contained, interactive HTML page: a summary with
/// inline SVG charts, the layer ledger, and a findings table that sorts and filters.
///
/// The page loads nothing (a strict Content-Security-Policy admits only its own hashed style
/// and script, see `HTMLAssets`), works from `file://`, and prints without its controls.
/// Every text from the scan is escaped, in text and in attributes: a hostile package name or
/// file path cannot inject markup. The page is also well-formed XML. Tools can read it
/// without scraping: ledger sections carry `data-layer-index` and `data-layer-digest`,
/// finding rows `data-severity`, `data-kind`, `data-package`, `data-layer` and `data-fixable`.
public enum HTMLWriter: FindingsWriter {
  /// The report as HTML text.
  public static func write(_ report: FindingReport, rules: [RuleInfo] = [],
                           options: RenderOptions = RenderOptions()) -> String {
    let layers = LayerIndex(report.ledger)
    var html: [String] = [
      "<!DOCTYPE html>",
      "<html lang=\"en\">",
      "<head>",
      "<meta charset=\"utf-8\"/>",
      "<meta http-equiv=\"Content-Security-Policy\" content=\"\(escape(HTMLAssets.contentSecurityPolicy))\"/>",
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>",
      "<meta name=\"generator\" content=\"plimsoll \(escape(options.toolVersion))\"/>",
      "<title>Plimsoll report: \(escape(report.target))</title>",
      "<style>" + HTMLAssets.style + "</style>",
      "</head>",
      "<body>",
      "<header>",
      "<h1>Plimsoll report: <span class=\"mono\">\(escape(report.target))</span></h1>",
      "<nav class=\"meta\"><a href=\"#summary\">Summary</a> · <a href=\"#ledger\">Layer ledger</a> · "
        + "<a href=\"#findings-section\">Findings</a>"
        + (report.warnings.isEmpty ? "" : " · <a href=\"#warnings\">Warnings</a>") + "</nav>",
      "</header>",
    ]
    html += summary(report, layers: layers)
    html += ledger(report, layers: layers)
    html += findingsTable(report, rules: rules, layers: layers)
    if !report.warnings.isEmpty {
      html.append("<section id=\"warnings\"><h2>Warnings</h2>")
      html.append("<ul>" + report.warnings.map { "<li>\(escape($0.description))</li>" }.joined() + "</ul></section>")
    }
    html += ["<script>" + HTMLAssets.script + "</script>", "</body>", "</html>"]
    return html.joined(separator: "\n") + "\n"
  }

  // MARK: Summary

  static func summary(_ report: FindingReport, layers: LayerIndex) -> [String] {
    let failing = report.findings.filter(\.isFailing)
    var html = ["<section id=\"summary\"><h2>Summary</h2>"]
    if let data = report.advisoryData {
      html.append("<p class=\"meta\" id=\"data-age\">\(escape(FindingsOrder.advisoryDataLine(data)))</p>")
    } else if report.findings.contains(where: { $0.kind == .vulnerability }) == false {
      html.append("<p class=\"meta\" id=\"data-age\">No advisory data was used (vulnerabilities not checked).</p>")
    }
    if report.findings.isEmpty {
      html.append("<p>No findings.</p></section>")
      return html
    }
    html.append("<div class=\"cards\" id=\"by-severity\">" + FindingsOrder.severityCounts(report.findings).map {
      "<div class=\"card\" data-count-severity=\"\($0.0.rawValue)\"><b>\($0.1)</b><span class=\"sev \($0.0.rawValue)\">\($0.0.rawValue)</span></div>"
    }.joined() + "</div>")
    let kinds = FindingKind.allCases.compactMap { kind -> String? in
      let count = failing.filter { $0.kind == kind }.count
      return count == 0 ? nil : "<div class=\"card\" data-count-kind=\"\(kind.rawValue)\"><b>\(count)</b>\(escape(FindingsOrder.kindTitle(kind)))</div>"
    }
    let vulnerabilities = failing.filter { $0.kind == .vulnerability }
    let fixable = vulnerabilities.filter { $0.package?.fixedVersion != nil }.count
    let exploited = vulnerabilities.filter(\.isKnownExploited).count
    var facts = kinds
    if !vulnerabilities.isEmpty {
      facts.append("<div class=\"card\" id=\"fixable\"><b>\(fixable)</b>fixable</div>")
      facts.append("<div class=\"card\" id=\"not-fixable\"><b>\(vulnerabilities.count - fixable)</b>no fix</div>")
      facts.append("<div class=\"card\" id=\"kev\"><b>\(exploited)</b>known exploited (CISA KEV)</div>")
    }
    html.append("<div class=\"cards\">" + facts.joined() + "</div>")
    html.append("<p class=\"meta\">Counts are failing findings (passed and informational checks left out).</p>")
    html += HTMLCharts.severityByLayer(failing, layers: layers)
    if !vulnerabilities.isEmpty {
      html += HTMLCharts.fixableShare(fixable: fixable, total: vulnerabilities.count)
    }
    html.append("</section>")
    return html
  }

  // MARK: Ledger

  static func ledger(_ report: FindingReport, layers: LayerIndex) -> [String] {
    var html = ["<section id=\"ledger\"><h2>Layer ledger</h2>"]
    guard let ledger = report.ledger, !ledger.layers.isEmpty else {
      html.append("<p id=\"no-layers\">No image layers: this target is a directory or root filesystem, "
        + "so there is no layer ledger.</p></section>")
      return html
    }
    html.append("<p class=\"meta\">One section per layer, base first: the instruction that made it, and "
      + "what it added, changed and removed. Items a later layer removed still ship in this layer’s tar.</p>")
    for layer in ledger.layers {
      html.append("<section class=\"layer\" id=\"layer-\(layer.index)\" data-layer-index=\"\(layer.index)\" "
        + "data-layer-digest=\"\(escape(layer.diffID))\">")
      html.append("<h3>Layer \(layer.index) <span class=\"muted\">\(escape(LedgerTextWriter.byteCount(layer.size)))</span></h3>")
      html.append("<p><code class=\"created-by\">\(escape(LedgerTextWriter.instruction(layer.createdBy)))</code><br/>"
        + "<span class=\"muted mono\">\(escape(layer.diffID))</span></p>")
      let findingCount = (layer.added + layer.changed).reduce(0) { $0 + $1.findings.count }
        + layer.files.reduce(0) { $0 + $1.findings.count }
      html.append("<p class=\"counts\">\(layer.added.count) added, \(layer.changed.count) changed, "
        + "\(layer.removed.count) removed packages; \(layer.files.count) files with findings; "
        + "\(findingCount) findings.</p>")
      html += packageList("Added packages", "added", layer.added)
      html += packageList("Changed packages", "changed", layer.changed)
      html += packageList("Removed packages", "removed", layer.removed)
      html += fileList("Files", "files", layer.files, removedHere: false)
      html += fileList("Removed files", "removed-files", layer.removedFiles, removedHere: true)
      html.append("</section>")
    }
    html.append("</section>")
    return html
  }

  /// Packages with findings listed first and in full; the rest folded away in one `<details>`.
  static func packageList(_ title: String, _ kind: String, _ packages: [LedgerPackage]) -> [String] {
    guard !packages.isEmpty else { return [] }
    let repeated = LedgerTextWriter.repeatedNames(packages)
    func item(_ package: LedgerPackage) -> String {
      var text = "<li data-package=\"\(escape(package.name))\"><span class=\"tag\">\(escape(package.type))</span> "
        + "<b>\(escape(package.name))</b> "
      if let previous = package.previousVersion { text += "\(escape(previous)) → " }
      text += escape(package.version) + " "
      if repeated.contains(package.type + " " + package.name) { text += "<code class=\"muted\">\(escape(package.foundIn))</code> " }
      text += kind == "removed" ? "<span class=\"tag gone\">from layer \(package.addedInLayer)</span>" : fate(package.removedInLayer)
      text += badges(package.findings)
      return text + "</li>"
    }
    let flagged = packages.filter { !$0.findings.isEmpty }
    let rest = packages.filter(\.findings.isEmpty)
    var html = ["<div class=\"\(kind)\"><h4>\(escape(title)) (\(packages.count))</h4>"]
    if !flagged.isEmpty { html.append("<ul>" + flagged.map(item).joined() + "</ul>") }
    if !rest.isEmpty {
      let label = flagged.isEmpty ? "\(rest.count) packages" : "\(rest.count) more without findings"
      html.append("<details><summary>\(label)</summary><ul>" + rest.map(item).joined() + "</ul></details>")
    }
    html.append("</div>")
    return html
  }

  static func fileList(_ title: String, _ kind: String, _ files: [LedgerFile], removedHere: Bool) -> [String] {
    guard !files.isEmpty else { return [] }
    let items = files.map { file -> String in
      let category = file.category.rawValue
      let status = removedHere
        ? "<span class=\"tag gone\">from layer \(file.addedInLayer), still in its tar</span>" : fate(file.removedInLayer)
      let head = "<li data-category=\"\(category)\"><span class=\"tag\">\(category)</span> "
      return head + "<code>\(escape(file.path))</code> " + status + badges(file.findings) + "</li>"
    }
    return ["<div class=\"\(kind)\"><h4>\(escape(title)) (\(files.count))</h4><ul>" + items.joined() + "</ul></div>"]
  }

  /// The findings' ids as severity badges, the most severe first; past `limit`, a count.
  static func badges(_ findings: [LedgerFinding], limit: Int = 8) -> String {
    guard !findings.isEmpty else { return "" }
    let sorted = findings.sorted { ($0.severity, $1.id) > ($1.severity, $0.id) }
    var text = " " + sorted.prefix(limit).map {
      "<span class=\"sev \($0.severity.rawValue)\" title=\"\($0.severity.rawValue)\">"
        + "\(HTMLCharts.styles[$0.severity]?.letter ?? "?"): \(escape($0.id))</span>"
    }
      .joined(separator: " ")
    if sorted.count > limit {
      text += " <span class=\"muted\">+\(sorted.count - limit) more (see Findings)</span>"
    }
    return text
  }

  static func fate(_ removedInLayer: Int?) -> String {
    guard let removedInLayer else { return "<span class=\"tag shipped\">still shipped</span>" }
    return "<span class=\"tag gone\" data-removed-in=\"\(removedInLayer)\">removed in layer \(removedInLayer)</span>"
  }

  // MARK: Findings

  static func findingsTable(_ report: FindingReport, rules: [RuleInfo], layers: LayerIndex) -> [String] {
    var html = ["<section id=\"findings-section\"><h2>Findings</h2>"]
    guard !report.findings.isEmpty else {
      html.append("<p>No findings.</p></section>")
      return html
    }
    let findings = report.findings.sorted(by: FindingsOrder.bySeverity)
    func options(_ values: [(String, String)]) -> String {
      "<option value=\"\">all</option>" + values.map { "<option value=\"\(escape($0.0))\">\(escape($0.1))</option>" }.joined()
    }
    let kinds = FindingKind.allCases.filter { kind in findings.contains { $0.kind == kind } }
    html.append("<div id=\"filters\" hidden=\"hidden\">"
      + "<label>Severity<select id=\"f-severity\">" + options(Severity.allCases.reversed().map { ($0.rawValue, $0.rawValue) }) + "</select></label>"
      + "<label>Kind<select id=\"f-kind\">" + options(kinds.map { ($0.rawValue, $0.rawValue) }) + "</select></label>"
      + "<label>Layer<select id=\"f-layer\">" + options(layers.all.map { (String($0), "layer \($0)") }) + "</select></label>"
      + "<label>Fix available<select id=\"f-fix\">" + options([("yes", "yes"), ("no", "no")]) + "</select></label>"
      + "<label>Package<input id=\"f-package\" type=\"search\" placeholder=\"name\"/></label>"
      + "<label>Search<input id=\"f-text\" type=\"search\" placeholder=\"id, title, path…\"/></label>"
      + "<span id=\"f-count\" class=\"meta\" aria-live=\"polite\"></span></div>")
    let rulesByID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    html.append("<table id=\"findings\"><thead><tr>"
      + header("severity", "Severity") + header("id", "ID") + header("package", "Package or file")
      + "<th>Installed → fixed</th>" + header("layer", "Layer") + header("title", "Title") + "</tr></thead><tbody>")
    for finding in findings {
      html.append(row(finding, remediation: finding.remediation ?? rulesByID[finding.id]?.remediation, layers: layers))
    }
    html.append("</tbody></table></section>")
    return html
  }

  static func header(_ key: String, _ title: String) -> String {
    "<th data-sort=\"\(key)\"><button type=\"button\">\(escape(title))</button></th>"
  }

  static func row(_ finding: Finding, remediation: String?, layers: LayerIndex) -> String {
    let layer = layers.layer(of: finding)
    let packageName = finding.package?.name ?? ""
    let subject = finding.package.map { $0.name } ?? finding.location.map { where_($0) } ?? "-"
    let fixable = finding.package?.fixedVersion != nil
    var attributes = [
      ("data-severity", finding.severity.rawValue), ("data-kind", finding.kind.rawValue),
      ("data-status", finding.status.rawValue), ("data-package", packageName),
      ("data-layer", layer.map(String.init) ?? ""), ("data-fixable", fixable ? "yes" : "no"),
      ("data-sort-severity", String(severityRank(finding.severity))), ("data-sort-id", finding.id),
      ("data-sort-package", subject), ("data-sort-layer", layer.map(String.init) ?? ""),
      ("data-sort-title", finding.title),
    ]
    if finding.isKnownExploited { attributes.append(("data-kev", "yes")) }
    var cells = ["<td><span class=\"sev \(finding.severity.rawValue)\">\(finding.severity.rawValue)</span>"
      + (finding.isKnownExploited ? " <span class=\"tag kev\">KEV</span>" : "")
      + (finding.isFailing ? "" : " <span class=\"tag\">\(escape(finding.status.rawValue))</span>") + "</td>"]
    cells.append("<td>" + idCell(finding) + "</td>")
    var place = "<td>"
    if let package = finding.package {
      place += "<b>\(escape(package.name))</b>" + (package.type.map { " <span class=\"tag\">\(escape($0))</span>" } ?? "")
      if let location = finding.location { place += "<br/><code class=\"muted\">\(escape(where_(location)))</code>" }
    } else if let location = finding.location {
      place += "<code>\(escape(where_(location)))</code>"
    } else {
      place += "-"
    }
    cells.append(place + "</td>")
    if let package = finding.package {
      cells.append("<td>\(escape(package.installedVersion)) → "
        + (package.fixedVersion.map(escape) ?? "<span class=\"muted\">no fix</span>") + "</td>")
    } else {
      cells.append("<td class=\"muted\">-</td>")
    }
    cells.append("<td>" + (layer.map { "<a href=\"#layer-\($0)\">\($0)</a>" } ?? "<span class=\"muted\">-</span>") + "</td>")
    var title = "<td><span class=\"title\">\(escape(finding.title))</span>"
    var more: [String] = []
    if let description = finding.description, !description.isEmpty, description != finding.title {
      more.append("<p class=\"description\">\(escape(description))</p>")
    }
    if finding.isFailing, let remediation, !remediation.isEmpty {
      more.append("<p>Fix: \(escape(remediation))</p>")
    }
    if let evidence = finding.evidence, !evidence.isEmpty {
      more.append("<p>Evidence: <code>\(escape(evidence))</code></p>")
    }
    if !more.isEmpty { title += "<details><summary>Details</summary>" + more.joined() + "</details>" }
    cells.append(title + "</td>")
    return "<tr " + attributes.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: " ") + ">"
      + cells.joined() + "</tr>"
  }

  static func where_(_ location: Location) -> String {
    var text = location.path
    if let lines = FindingsOrder.lines(location) { text += ":\(lines)" }
    return text
  }

  static func severityRank(_ severity: Severity) -> Int {
    Severity.allCases.firstIndex(of: severity) ?? 0
  }

  /// The ID linked to the advisory's canonical page, its aliases, and the other references.
  static func idCell(_ finding: Finding) -> String {
    let canonical = canonicalURL(finding)
    var text = canonical.map { "<a class=\"id\" href=\"\(escape($0))\">\(escape(finding.id))</a>" }
      ?? "<span class=\"id\">\(escape(finding.id))</span>"
    if !finding.aliases.isEmpty {
      text += "<br/><span class=\"muted\">" + escape(finding.aliases.joined(separator: ", ")) + "</span>"
    }
    let others = finding.references.filter { SARIFWriter.isWebURL($0) && $0 != canonical }
    if !others.isEmpty {
      text += "<br/><span class=\"refs\">" + others.prefix(8).enumerated().map { position, url in
        "<a href=\"\(escape(url))\" title=\"\(escape(url))\">\(escape(referenceLabel(url, position)))</a>"
      }.joined() + (others.count > 8 ? "<span class=\"muted\">+\(others.count - 8)</span>" : "") + "</span>"
    }
    return text
  }

  /// The advisory's own page: the distribution tracker for a distribution's advisory (or when
  /// the references name the tracker's page for the id), GitHub
  /// for GHSA, NVD for other CVEs, osv.dev for the ids OSV publishes; else the first web
  /// reference.
  static func canonicalURL(_ finding: Finding) -> String? {
    let id = finding.id
    guard finding.kind == .vulnerability, !id.isEmpty,
      id.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "-_.:".unicodeScalars.contains($0) })
    else { return finding.references.first(where: SARIFWriter.isWebURL) }
    let source = finding.properties["source"] ?? ""
    if id.hasPrefix("CVE-") {
      let trackers = ["security-tracker.debian.org/tracker/", "security.alpinelinux.org/vuln/", "ubuntu.com/security/"]
      if let tracker = finding.references.first(where: { url in
        SARIFWriter.isWebURL(url) && url.hasSuffix("/" + id) && trackers.contains { url.contains($0) }
      }) {
        return tracker
      }
      if source.hasPrefix("debian") { return "https://security-tracker.debian.org/tracker/\(id)" }
      if source.hasPrefix("alpine") { return "https://security.alpinelinux.org/vuln/\(id)" }
      if source.hasPrefix("ubuntu") { return "https://ubuntu.com/security/\(id)" }
      return "https://nvd.nist.gov/vuln/detail/\(id)"
    }
    if id.hasPrefix("DSA-") || id.hasPrefix("DLA-") { return "https://security-tracker.debian.org/tracker/\(id)" }
    if id.hasPrefix("GHSA-") { return "https://github.com/advisories/\(id)" }
    return "https://osv.dev/vulnerability/\(id)"
  }

  /// A short label for a reference link: its host.
  static func referenceLabel(_ url: String, _ position: Int) -> String {
    URL(string: url)?.host ?? "ref \(position + 1)"
  }

  /// HTML/XML text escaping (attribute-safe: both quotes); control characters XML forbids
  /// are dropped.
  static func escape(_ text: String) -> String { JUnitWriter.escape(text) }
}

/// Which ledger layer a finding belongs to: the layer index its file analyzer recorded, else
/// the layer whose diffID (or blob digest) its location names.
struct LayerIndex {
  let byDigest: [String: Int]
  let all: [Int]

  init(_ ledger: LayerLedger?) {
    let layers = ledger?.layers ?? []
    byDigest = Dictionary(layers.flatMap { [($0.diffID, $0.index), ($0.digest, $0.index)] },
                          uniquingKeysWith: { first, _ in first })
    all = layers.map(\.index)
  }

  func layer(of finding: Finding) -> Int? {
    if let index = finding.properties["layerIndex"].flatMap({ Int($0) }), all.contains(index) { return index }
    return finding.location?.layerDigest.flatMap { byDigest[$0] }
  }
}
