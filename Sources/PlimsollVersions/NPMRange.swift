/// An npm version range (`^1.2.3`, `~1.2`, `1.x`, `1.2.3 - 2.3.4`, `>=1 <2 || 3.x`), as node-semver evaluates it.
///
/// The range is desugared once into sets of primitive comparators; a version satisfies the
/// range when it satisfies every comparator of some set. A pre-release version only matches a
/// set that names a pre-release of the same `major.minor.patch` (node-semver's default), unless
/// `includePrerelease` is set.
public struct NPMRange: Sendable, CustomStringConvertible {
  /// A primitive comparison against one version.
  public struct Comparator: Sendable, Hashable {
    /// `<`, `<=`, `>`, `>=`, `=`; nil matches every version.
    public let op: String?
    /// The version compared against (nil for "any").
    public let version: NPMVersion?
  }

  /// The alternative sets (`||`), each a conjunction.
  public let sets: [[Comparator]]
  /// The range as given.
  public let description: String
  /// Whether pre-release versions match ranges without a pre-release of the same tuple.
  public let includePrerelease: Bool

  /// Parses an npm range.
  public init(_ text: String, includePrerelease: Bool = false) throws(VersionError) {
    description = text
    self.includePrerelease = includePrerelease
    var parsedSets: [[Comparator]] = []
    for alternative in text.components(separatedBy: "||") {
      let set = try NPMRange.parseSet(alternative, whole: text, includePrerelease: includePrerelease)
      parsedSets.append(set)
    }
    sets = parsedSets
  }

  /// True when `version` satisfies the range.
  public func contains(_ version: NPMVersion) -> Bool {
    sets.contains { set in
      guard set.allSatisfy({ Self.test($0, version) }) else { return false }
      if version.semver.isPrerelease && !includePrerelease {
        return set.contains { comparator in
          guard let allowed = comparator.version, allowed.semver.isPrerelease else { return false }
          return allowed.semver.major == version.semver.major && allowed.semver.minor == version.semver.minor
            && allowed.semver.patch == version.semver.patch
        }
      }
      return true
    }
  }

  static func test(_ comparator: Comparator, _ version: NPMVersion) -> Bool {
    guard let op = comparator.op, let bound = comparator.version else { return true }
    let order = version.compare(to: bound)
    switch op {
    case "<": return order < 0
    case "<=": return order <= 0
    case ">": return order > 0
    case ">=": return order >= 0
    default: return order == 0
    }
  }

  /// A partial version: numbers or nil for `x`, `X`, `*` and missing parts.
  struct Partial {
    var major: UInt64?
    var minor: UInt64?
    var patch: UInt64?
    var prerelease: String?

    func text(_ major: UInt64, _ minor: UInt64, _ patch: UInt64, _ pre: String? = nil) -> String {
      "\(major).\(minor).\(patch)" + (pre.map { "-" + $0 } ?? "")
    }
  }

  static func isJSSpace(_ character: Character) -> Bool { character.isWhitespace }

  static func parseSet(_ raw: String, whole: String, includePrerelease: Bool) throws(VersionError) -> [Comparator] {
    let fail = VersionError.rangeFailure(whole, NPMScheme.ecosystemName)
    var tokens = raw.split(whereSeparator: isJSSpace).map(String.init)
    let z = includePrerelease ? "-0" : ""
    var primitives: [String] = []
    // A hyphen range's ends may carry `v`/`=` prefixes separated by spaces ("1.2.3 - v 2.0.0").
    if let dash = tokens.firstIndex(of: "-"), dash > 0, dash < tokens.count - 1 {
      func merge(_ part: ArraySlice<String>) -> [String] {
        var merged: [String] = []
        var prefix = ""
        for token in part {
          if token.allSatisfy({ $0 == "v" || $0 == "=" }) {
            prefix += token + " "
          } else {
            merged.append(prefix + token)
            prefix = ""
          }
        }
        if !prefix.isEmpty { merged.append(prefix) }
        return merged
      }
      let left = merge(tokens[..<dash])
      let right = merge(tokens[(dash + 1)...])
      if left.count == 1, right.count == 1 { tokens = [left[0], "-", right[0]] }
    }
    if tokens.count == 3, tokens[1] == "-" {
      let from = try partial(tokens[0], fail)
      let to = try partial(tokens[2], fail)
      if from.patch != nil { try checkKeptAsWritten(tokens[0], fail) }
      if to.patch != nil && to.prerelease == nil && !includePrerelease { try checkKeptAsWritten(tokens[2], fail) }
      if let fM = from.major {
        if let fm = from.minor {
          if let fp = from.patch {
            primitives.append(">=" + from.text(fM, fm, fp, from.prerelease ?? (includePrerelease ? "0" : nil)))
          } else {
            primitives.append(">=\(fM).\(fm).0\(z)")
          }
        } else {
          primitives.append(">=\(fM).0.0\(z)")
        }
      }
      if let tM = to.major {
        if let tm = to.minor {
          if let tp = to.patch {
            if let pre = to.prerelease {
              primitives.append("<=" + to.text(tM, tm, tp, pre))
            } else if includePrerelease {
              primitives.append("<\(tM).\(tm).\(tp + 1)-0")
            } else {
              primitives.append("<=\(tM).\(tm).\(tp)")
            }
          } else {
            primitives.append("<\(tM).\(tm + 1).0-0")
          }
        } else {
          primitives.append("<\(tM + 1).0.0-0")
        }
      }
      return try primitives.map { (text) throws(VersionError) -> Comparator in try primitive(text, fail) }
    }
    // Join a bare operator with the version that follows it ("> = 1.2" stays invalid).
    var joined: [String] = []
    var index = 0
    while index < tokens.count {
      var token = tokens[index]
      if ["<", ">", "<=", ">=", "=", "~", "~>", "^"].contains(token), index + 1 < tokens.count {
        token += tokens[index + 1]
        index += 1
      }
      joined.append(token)
      index += 1
    }
    tokens = joined
    for token in tokens {
      let op = token.leadingOperator(among: ["~>", ">=", "<=", "~", "^", ">", "<", "="]) ?? ""
      let operand = String(token.dropFirst(op.count))
      if !op.isEmpty && operand.isEmpty { throw fail("operator \(op) without a version") }
      let version = try partial(operand, fail)
      guard let M = version.major else {
        if op == ">" || op == "<" { primitives.append("<0.0.0-0") } else { primitives.append("") }
        continue
      }
      let pre = version.prerelease
      switch op {
      case "~", "~>":
        if let m = version.minor {
          if let p = version.patch {
            primitives.append(">=" + version.text(M, m, p, pre))
          } else {
            primitives.append(">=\(M).\(m).0\(z)")
          }
          primitives.append("<\(M).\(m + 1).0-0")
        } else {
          primitives.append(contentsOf: [">=\(M).0.0\(z)", "<\(M + 1).0.0-0"])
        }
      case "^":
        guard let m = version.minor else {
          primitives.append(contentsOf: [">=\(M).0.0\(z)", "<\(M + 1).0.0-0"])
          continue
        }
        guard let p = version.patch else {
          primitives.append(">=\(M).\(m).0\(z)")
          primitives.append(M == 0 ? "<\(M).\(m + 1).0-0" : "<\(M + 1).0.0-0")
          continue
        }
        primitives.append(">=" + version.text(M, m, p, pre))
        if M == 0 {
          primitives.append(m == 0 ? "<\(M).\(m).\(p + 1)-0" : "<\(M).\(m + 1).0-0")
        } else {
          primitives.append("<\(M + 1).0.0-0")
        }
      default:
        if let m = version.minor, let p = version.patch {
          try checkKeptAsWritten(operand, fail)
          primitives.append(op + version.text(M, m, p, pre))
          continue
        }
        let xm = version.minor == nil
        var gtlt = op == "=" ? "" : op
        if !gtlt.isEmpty {
          var major = M
          var minor = version.minor ?? 0
          var patchPre = z
          if gtlt == ">" {
            gtlt = ">="
            if xm { major += 1; minor = 0 } else { minor += 1 }
          } else if gtlt == "<=" {
            gtlt = "<"
            if xm { major += 1 } else { minor += 1 }
          }
          if gtlt == "<" { patchPre = "-0" }
          primitives.append("\(gtlt)\(major).\(minor).0\(patchPre)")
        } else if xm {
          primitives.append(contentsOf: [">=\(M).0.0\(z)", "<\(M + 1).0.0-0"])
        } else if let m = version.minor {
          primitives.append(contentsOf: [">=\(M).\(m).0\(z)", "<\(M).\(m + 1).0-0"])
        }
      }
    }
    var comparators = try primitives.map { (text) throws(VersionError) -> Comparator in try primitive(text, fail) }
    if comparators.contains(where: { $0.op == "<" && $0.version?.description == "0.0.0-0" }) {
      comparators = comparators.filter { $0.op == "<" && $0.version?.description == "0.0.0-0" }
      return Array(comparators.prefix(1))
    }
    if comparators.count > 1 { comparators = comparators.filter { $0.op != nil } }
    return comparators.isEmpty ? [Comparator(op: nil, version: nil)] : comparators
  }

  static func primitive(_ text: String, _ fail: ParseFailure) throws(VersionError) -> Comparator {
    if text.isEmpty { return Comparator(op: nil, version: nil) }
    // node-semver reads ">=0.0.0" as "any version" (before the pre-release rule applies).
    if text == ">=0.0.0" { return Comparator(op: nil, version: nil) }
    let op = text.leadingOperator(among: [">=", "<=", ">", "<", "="]) ?? ""
    do {
      let version = try NPMVersion(String(text.dropFirst(op.count)))
      return Comparator(op: op.isEmpty ? "=" : op, version: version)
    } catch {
      throw fail("bad comparator \"\(text)\"")
    }
  }

  /// A full version that node-semver keeps as written must read `v?M.m.p…` (one optional `v`, no `=`).
  static func checkKeptAsWritten(_ text: String, _ fail: ParseFailure) throws(VersionError) {
    var body = Substring(text)
    if body.first == "v" { body = body.dropFirst() }
    if body.first == "v" || body.first == "=" || body.first == " " { throw fail("bad prefix in \"\(text)\"") }
  }

  /// Parses `[v=]*M[.m[.p[-pre][+build]]]` with `x`, `X`, `*` wildcards.
  static func partial(_ text: String, _ fail: ParseFailure) throws(VersionError) -> Partial {
    var body = Substring(text)
    while let first = body.first, first == "v" || first == "=" || first == " " { body = body.dropFirst() }
    var result = Partial()
    if body.isEmpty {
      if !text.isEmpty { throw fail("no version in \"\(text)\"") }
      return result
    }
    var core = body
    var hasBuild = false
    if let plus = core.firstIndex(of: "+") {
      hasBuild = true
      let build = core[core.index(after: plus)...]
      guard build.isDotSeparatedIdentifiers else {
        throw fail("bad build metadata in \"\(text)\"")
      }
      core = core[..<plus]
    }
    if let dash = core.firstIndex(of: "-") {
      let pre = core[core.index(after: dash)...]
      guard pre.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({
        SemVer.prereleaseIdentifier($0) != nil
      }) else { throw fail("bad pre-release in \"\(text)\"") }
      result.prerelease = String(pre)
      core = core[..<dash]
    }
    let parts = core.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 3 else { throw fail("too many parts in \"\(text)\"") }
    var numbers: [UInt64?] = []
    var sawWildcard = false
    for part in parts {
      if part == "x" || part == "X" || part == "*" {
        sawWildcard = true
        numbers.append(nil)
        continue
      }
      guard let number = SemVer.strictNumber(part), case .small(let value) = number,
        value <= NPMVersion.maxSafeInteger
      else { throw fail("bad number in \"\(text)\"") }
      numbers.append(sawWildcard ? nil : value)
    }
    if hasBuild, numbers.count != 3 { throw fail("build metadata needs a full version in \"\(text)\"") }
    if result.prerelease != nil, numbers.count != 3 || numbers.contains(where: { $0 == nil }) {
      throw fail("pre-release needs a full version in \"\(text)\"")
    }
    result.major = numbers.first ?? nil
    result.minor = result.major == nil ? nil : (numbers.count > 1 ? numbers[1] : nil)
    result.patch = result.minor == nil ? nil : (numbers.count > 2 ? numbers[2] : nil)
    return result
  }
}
