import PlimsollFindings

/// Writes a findings report as Plimsoll's own JSON (documented in docs/json-format.md, schema
/// docs/json-schema/findings.schema.json).
///
/// Stable: fields are only ever added. `target`, `findings` and `warnings` use the field names
/// of the `FindingReport` model, so the document decodes back into one.
public enum FindingsJSONWriter: FindingsWriter {
  /// Version of the findings JSON format; bumped only for an incompatible change.
  public static let schemaVersion = 1

  /// The report as JSON text; `rules` that the findings use are listed under `rules`.
  public static func write(_ report: FindingReport, rules: [RuleInfo] = [],
                           options: RenderOptions = RenderOptions()) -> String {
    document(report, rules: rules, options: options).rendered()
  }

  static func document(_ report: FindingReport, rules: [RuleInfo], options: RenderOptions)
    -> JSONValue
  {
    var doc = JSONObjectBuilder()
    doc.set("schemaVersion", schemaVersion)
    doc.set("reportType", "findings")
    doc.set("tool", PlimsollJSONWriter.tool(options.toolVersion))
    doc.set("createdAt", ReportSupport.timestamp(options.sbomOptions.resolvedTimestamp))
    doc.set("target", report.target)
    if let data = report.advisoryData {
      var entry = JSONObjectBuilder()
      entry.set("updatedAt", data.updatedAt)
      entry.set("ageHours", .double(data.ageHours))
      entry.set("newestData", ifPresent: data.newestData)
      doc.set("advisoryData", entry.value)
    }
    doc.set("summary", summary(report.findings))
    doc.set("findings", .array(report.findings.map(finding)))
    let usedIDs = Set(report.findings.map(\.id))
    var listed = Set<String>()
    let usedRules = rules.filter { usedIDs.contains($0.id) && listed.insert($0.id).inserted }
    doc.set("rules", .array(usedRules.map(rule)))
    doc.set("warnings", .array(report.warnings.map(PlimsollJSONWriter.warning)))
    if !report.suppressed.isEmpty { doc.set("suppressed", .array(report.suppressed.map(suppression))) }
    if let ledger = report.ledger { doc.set("ledger", self.ledger(ledger)) }
    return doc.value
  }

  /// The layer ledger: one object per layer, in order.
  static func ledger(_ ledger: LayerLedger) -> JSONValue {
    func reference(_ finding: LedgerFinding) -> JSONValue {
      .object([("id", .string(finding.id)), ("severity", .string(finding.severity.rawValue)),
               ("subject", .string(finding.subject))])
    }
    func package(_ package: LedgerPackage) -> JSONValue {
      var value = JSONObjectBuilder()
      value.set("type", package.type)
      value.set("name", package.name)
      value.set("version", package.version)
      value.set("previousVersion", ifPresent: package.previousVersion)
      value.set("foundIn", package.foundIn)
      value.set("purl", ifPresent: package.purl)
      value.set("addedInLayer", package.addedInLayer)
      if let removed = package.removedInLayer { value.set("removedInLayer", removed) }
      value.set("stillShipped", package.stillShipped)
      value.set("findings", .array(package.findings.map(reference)))
      return value.value
    }
    func file(_ file: LedgerFile) -> JSONValue {
      var value = JSONObjectBuilder()
      value.set("category", file.category.rawValue)
      value.set("path", file.path)
      value.set("addedInLayer", file.addedInLayer)
      if let removed = file.removedInLayer { value.set("removedInLayer", removed) }
      value.set("stillShipped", file.removedInLayer == nil)
      value.set("findings", .array(file.findings.map(reference)))
      return value.value
    }
    return .object([("layers", .array(ledger.layers.map { layer in
      var value = JSONObjectBuilder()
      value.set("index", layer.index)
      value.set("diffID", layer.diffID)
      value.set("digest", layer.digest)
      value.set("createdBy", ifPresent: layer.createdBy)
      value.set("size", .int(layer.size))
      value.set("added", .array(layer.added.map(package)))
      value.set("changed", .array(layer.changed.map(package)))
      value.set("removed", .array(layer.removed.map(package)))
      value.set("files", .array(layer.files.map(file)))
      value.set("removedFiles", .array(layer.removedFiles.map(file)))
      return value.value
    }))])
  }

  static func summary(_ findings: [Finding]) -> JSONValue {
    let failing = findings.filter(\.isFailing)
    var byKind: [String: Int] = [:]
    var byStatus: [String: Int] = [:]
    for finding in findings {
      byKind[finding.kind.rawValue, default: 0] += 1
      byStatus[finding.status.rawValue, default: 0] += 1
    }
    func counts(_ values: [String: Int]) -> JSONValue {
      .object(values.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })
    }
    return .object([
      ("total", .int(Int64(findings.count))),
      ("failing", .int(Int64(failing.count))),
      ("bySeverity", .object(FindingsOrder.severityCounts(findings).map {
        ($0.0.rawValue, .int(Int64($0.1)))
      })),
      ("byKind", counts(byKind)),
      ("byStatus", counts(byStatus)),
    ])
  }

  static func finding(_ finding: Finding) -> JSONValue {
    var value = JSONObjectBuilder()
    value.set("kind", finding.kind.rawValue)
    value.set("id", finding.id)
    value.set("aliases", .strings(finding.aliases))
    value.set("title", finding.title)
    value.set("description", ifPresent: finding.description)
    value.set("severity", finding.severity.rawValue)
    value.set("severitySource", ifPresent: finding.severitySource)
    value.set("status", finding.status.rawValue)
    value.set("failing", finding.isFailing)
    if let location = finding.location {
      var entry = JSONObjectBuilder()
      entry.set("path", location.path)
      if let line = location.startLine { entry.set("startLine", line) }
      if let line = location.endLine { entry.set("endLine", line) }
      entry.set("layerDigest", ifPresent: location.layerDigest)
      entry.set("createdBy", ifPresent: location.createdBy)
      value.set("location", entry.value)
    }
    if let package = finding.package {
      var entry = JSONObjectBuilder()
      entry.set("name", package.name)
      entry.set("installedVersion", package.installedVersion)
      entry.set("fixedVersion", ifPresent: package.fixedVersion)
      entry.set("purl", ifPresent: package.purl)
      entry.set("type", ifPresent: package.type)
      value.set("package", entry.value)
    }
    value.set("remediation", ifPresent: finding.remediation)
    value.set("references", .strings(finding.references))
    value.set("evidence", ifPresent: finding.evidence)
    value.set("cvss", .array(finding.cvss.map { score in
      var entry = JSONObjectBuilder()
      entry.set("source", score.source)
      entry.set("version", score.version)
      entry.set("vector", ifPresent: score.vector)
      if let number = score.score { entry.set("score", .double(number)) }
      entry.set("severity", ifPresent: score.severity?.rawValue)
      return entry.value
    }))
    if let exploitation = finding.exploitation {
      var entry = JSONObjectBuilder()
      if let epss = exploitation.epss {
        var scores = JSONObjectBuilder()
        scores.set("score", .double(epss))
        if let percentile = exploitation.epssPercentile { scores.set("percentile", .double(percentile)) }
        scores.set("date", ifPresent: exploitation.epssDate)
        entry.set("epss", scores.value)
      }
      if let kev = exploitation.knownExploited {
        var catalog = JSONObjectBuilder()
        catalog.set("dateAdded", kev.dateAdded)
        catalog.set("dueDate", ifPresent: kev.dueDate)
        catalog.set("knownRansomwareUse", kev.ransomware)
        catalog.set("name", ifPresent: kev.name)
        entry.set("knownExploited", catalog.value)
      }
      value.set("exploitation", entry.value)
    }
    value.set("properties", .sortedStrings(finding.properties))
    if let note = finding.vex {
      var entry = JSONObjectBuilder()
      entry.set("status", note.status)
      entry.set("statement", ifPresent: note.statement)
      entry.set("source", note.source)
      value.set("vex", entry.value)
    }
    return value.value
  }

  /// A finding a decision took out of the report, with the decision.
  static func suppression(_ suppression: Suppression) -> JSONValue {
    var decision = JSONObjectBuilder()
    decision.set("by", suppression.decision.rawValue)
    decision.set("status", suppression.status)
    decision.set("justification", ifPresent: suppression.justification)
    decision.set("statement", ifPresent: suppression.statement)
    decision.set("source", suppression.source)
    return .object([("finding", finding(suppression.finding)), ("suppression", decision.value)])
  }

  static func rule(_ rule: RuleInfo) -> JSONValue {
    .object([
      ("id", .string(rule.id)),
      ("aliases", .strings(rule.aliases)),
      ("kind", .string(rule.kind.rawValue)),
      ("severity", .string(rule.severity.rawValue)),
      ("title", .string(rule.title)),
      ("rationale", .string(rule.rationale)),
      ("remediation", .string(rule.remediation)),
      ("references", .strings(rule.references)),
    ])
  }
}
