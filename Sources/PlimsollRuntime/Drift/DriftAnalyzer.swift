public import PlimsollEngine
public import PlimsollFindings
import PlimsollIO
import PlimsollDiagnostics

/// Turns a container's filesystem changes into drift findings.
///
/// Shallow analysis reads the Engine's changes list only (path and kind). Deep analysis also
/// compares each changed path in the image with the container: the Engine reports a file as
/// changed when it was only touched or copied up, and (with the vfs driver) an appended-to
/// image file as added, so only content and mode tell what really drifted.
public enum DriftAnalyzer {
  /// Shallow analysis: one finding per changed path, from its location and change kind.
  ///
  /// Directories listed only because something below them changed (`C /usr`) are not findings.
  public static func report(container: String, image: String, changes: [ContainerChange])
    -> FindingReport
  {
    let prepared = PreparedChanges(changes, container: container)
    var findings: [Finding] = []
    for change in prepared.changes where !prepared.isParentOnly(change) {
      findings.append(shallowFinding(change, image: image))
    }
    return FindingReport(target: container, findings: sorted(findings),
                         warnings: prepared.warnings)
  }

  /// Deep analysis: each changed path compared between the image's merged filesystem and the
  /// container's, by type, content hash and mode.
  ///
  /// A path neither side explains (missing from the export, or deleted but absent from the
  /// image) is reported from the changes list alone, with a warning.
  public static func report(container: String, image: String, changes: [ContainerChange],
                            imageFiles: DriftFilesystemIndex,
                            containerFiles: DriftFilesystemIndex) -> FindingReport
  {
    let prepared = PreparedChanges(changes, container: container)
    var findings: [Finding] = []
    var warnings = prepared.warnings + imageFiles.warnings + containerFiles.warnings
    for change in prepared.changes {
      let before = imageFiles.states[change.path]
      let after = containerFiles.states[change.path]
      let parentOnly = prepared.isParentOnly(change)
      switch (before, after, change.kind) {
      case (.some(let before), nil, .deleted):
        findings.append(deletedFinding(change, before: before, image: image))
      case (nil, .some(let after), .added), (nil, .some(let after), .modified):
        // A directory that is new only because files were written in it is not a finding.
        if !parentOnly {
          findings += addedFindings(change, after: after, image: image)
        }
      case (.some(let before), .some(let after), .added),
        (.some(let before), .some(let after), .modified):
        findings += modifiedFindings(change, before: before, after: after, image: image,
                                     parentOnly: parentOnly)
      default:
        let problem: String
        switch (before, after, change.kind) {
        case (nil, nil, .deleted): problem = "reported deleted, but the image does not hold it"
        case (_, nil, _): problem = "reported changed, but the container export does not hold it"
        default: problem = "reported deleted, but the container export still holds it"
        }
        warnings.append(ScanWarning(
          input: "\(container):\(change.path)",
          message: problem + "; reported from the changes list only"))
        if !parentOnly {
          findings.append(shallowFinding(change, image: image))
        }
      }
    }
    return FindingReport(target: container, findings: sorted(findings), warnings: warnings)
  }

  /// The paths deep analysis needs from both filesystems: every changed path (normalised),
  /// parents included so their permission changes are seen.
  public static func pathsToIndex(_ changes: [ContainerChange]) -> Set<String> {
    Set(PreparedChanges(changes, container: "").changes.map(\.path))
  }

  // MARK: - Classification

  private static func shallowFinding(_ change: NormalizedChange, image: String) -> Finding {
    let path = change.path
    let rule = change.kind == .deleted ? deletionRule(path) : locationRule(path)
    return rule.finding(
      path: path,
      evidence: "\(change.letter) \(path) (changes list only; content not compared with the image)",
      properties: ["change": change.letter, "analysis": "shallow", "image": image])
  }

  /// The rule for a deleted path: a package database change, else by where it was.
  private static func deletionRule(_ path: String) -> DriftRule {
    if DriftPaths.isPackageDatabase(path) { return DriftRules.packageDatabaseChanged }
    return DriftPaths.isSystem(path) ? DriftRules.systemFileDeleted : DriftRules.fileDeleted
  }

  /// The rule for a written path that is not an executable: by what the path is for.
  private static func locationRule(_ path: String) -> DriftRule {
    if DriftPaths.isPackageDatabase(path) { return DriftRules.packageDatabaseChanged }
    if DriftPaths.isPreload(path) { return DriftRules.preloadWritten }
    if DriftPaths.isPersistence(path) { return DriftRules.persistenceWritten }
    if DriftPaths.isSystem(path) { return DriftRules.systemFileWritten }
    if DriftPaths.isScratch(path) { return DriftRules.scratchFileWritten }
    return DriftRules.fileWritten
  }

  private static func deletedFinding(_ change: NormalizedChange, before: DriftFileState,
                                     image: String) -> Finding
  {
    let path = change.path
    let rule = deletionRule(path)
    var properties = baseProperties(change, image: image, drift: "deleted")
    properties.merge(describe(before, side: "image")) { $1 }
    return rule.finding(path: path, evidence: "deleted; image: \(before.summary)",
                        properties: properties)
  }

  private static func addedFindings(_ change: NormalizedChange, after: DriftFileState,
                                    image: String) -> [Finding]
  {
    let path = change.path
    var rule = locationRule(path)
    let specific = [DriftRules.preloadWritten, DriftRules.persistenceWritten,
                    DriftRules.packageDatabaseChanged]
    if after.isExecutable, !specific.contains(rule) {
      rule = DriftRules.newExecutable
    }
    var properties = baseProperties(change, image: image, drift: "added")
    properties.merge(describe(after, side: "container")) { $1 }
    if change.kind == .modified {
      properties["reclassified"] = "reported as modified, but the image does not hold this path"
    }
    let evidence = "added: \(after.summary)"
    var findings = [rule.finding(path: path, evidence: evidence, properties: properties)]
    if after.isSetID {
      findings.append(DriftRules.setIDGained.finding(
        path: path, evidence: evidence, properties: properties))
    }
    // World-writable files are expected in scratch directories, not among system files.
    if after.isWorldWritable, DriftPaths.isSystem(path) {
      findings.append(DriftRules.worldWritableGained.finding(
        path: path, evidence: evidence, properties: properties))
    }
    return findings
  }

  private static func modifiedFindings(_ change: NormalizedChange, before: DriftFileState,
                                       after: DriftFileState, image: String, parentOnly: Bool)
    -> [Finding]
  {
    let path = change.path
    let sameContent = before.sameContent(as: after)
    var properties = baseProperties(change, image: image,
                                    drift: sameContent ? "metadata" : "modified")
    properties.merge(describe(before, side: "image")) { $1 }
    properties.merge(describe(after, side: "container")) { $1 }
    if change.kind == .added {
      properties["reclassified"] = "reported as added, but the image holds this path"
    }
    let comparison = "image: \(before.summary); container: \(after.summary)"
    var findings: [Finding] = []
    if !sameContent && !parentOnly {
      let rule: DriftRule
      let location = locationRule(path)
      if [DriftRules.packageDatabaseChanged, DriftRules.preloadWritten].contains(location) {
        rule = location
      } else if before.isExecutable {
        rule = DriftRules.executableModified
      } else if location == DriftRules.persistenceWritten {
        rule = location
      } else if after.isExecutable {
        rule = DriftRules.newExecutable
      } else {
        rule = location
      }
      findings.append(rule.finding(path: path, evidence: comparison, properties: properties))
    }
    let modeChange = "mode \(DriftFileState.octal(before.mode)) -> "
      + "\(DriftFileState.octal(after.mode))"
    let gainedSetID = after.isSetID && (after.mode & ~before.mode & 0o6000 != 0
                                        || before.type != after.type)
    if gainedSetID {
      findings.append(DriftRules.setIDGained.finding(
        path: path, evidence: modeChange + "; " + comparison, properties: properties))
    }
    let gainedWorldWrite = after.isWorldWritable && !before.isWorldWritable
    if gainedWorldWrite {
      findings.append(DriftRules.worldWritableGained.finding(
        path: path, evidence: modeChange + "; " + comparison, properties: properties))
    }
    let ownerChanged = after.ownerDiffers(from: before)
    if sameContent, !gainedSetID, !gainedWorldWrite, before.mode != after.mode || ownerChanged {
      var change = before.mode != after.mode ? [modeChange] : []
      if ownerChanged, let old = before.owner, let new = after.owner {
        change.append("owner \(old) -> \(new)")
      }
      findings.append(DriftRules.metadataChanged.finding(
        path: path, evidence: change.joined(separator: ", ") + ", content unchanged; " + comparison,
        properties: properties))
    }
    return findings
  }

  private static func baseProperties(_ change: NormalizedChange, image: String, drift: String)
    -> [String: String]
  {
    ["change": change.letter, "analysis": "deep", "drift": drift, "image": image]
  }

  private static func describe(_ state: DriftFileState, side: String) -> [String: String] {
    var out = [side + "Type": state.type.rawValue, side + "Mode": DriftFileState.octal(state.mode)]
    if let owner = state.owner { out[side + "Owner"] = owner }
    if let sha256 = state.sha256 { out[side + "SHA256"] = sha256 }
    if let target = state.linkTarget { out[side + "LinkTarget"] = target }
    return out
  }

  private static func sorted(_ findings: [Finding]) -> [Finding] {
    findings.sorted {
      ($0.location?.path ?? "", $0.id) < ($1.location?.path ?? "", $1.id)
    }
  }
}

/// One change with its path normalised.
struct NormalizedChange: Sendable, Hashable {
  var path: String
  var kind: ContainerChange.Kind

  /// `A`, `C` or `D`, as `docker diff` prints it.
  var letter: String {
    switch kind {
    case .added: "A"
    case .modified: "C"
    case .deleted: "D"
    }
  }
}

/// The changes list made safe to classify: paths normalised (hostile ones dropped with a
/// warning), duplicates removed, and the directories that only hold other changes known.
struct PreparedChanges {
  var changes: [NormalizedChange] = []
  var warnings: [ScanWarning] = []
  /// Every directory above some changed path.
  var parents: Set<String> = []

  init(_ raw: [ContainerChange], container: String) {
    var seen = Set<String>()
    for change in raw {
      guard change.path.hasPrefix("/"), let path = ArchivePath.normalize(change.path) else {
        warnings.append(ScanWarning(
          input: "\(container):\(change.path)",
          message: "changed path is not an absolute path inside the container; ignored"))
        continue
      }
      guard seen.insert(path).inserted else { continue }
      changes.append(NormalizedChange(path: path, kind: change.kind))
      var current = Substring(path)
      while let slash = current.lastIndex(of: "/"), slash != current.startIndex {
        current = current[..<slash]
        parents.insert(String(current))
      }
    }
    changes.sort { $0.path < $1.path }
  }

  /// A directory that appears only because something below it changed.
  func isParentOnly(_ change: NormalizedChange) -> Bool {
    change.kind != .deleted && parents.contains(change.path)
  }
}
