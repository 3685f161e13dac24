import Foundation

/// npm package names, licenses and Package URLs.
enum NpmPackage {
  /// `pkg:npm/%40scope/name@version` for `@scope/name`, `pkg:npm/name@version` otherwise.
  static func purl(name: String, version: String) -> String {
    var namespace: String?
    var base = name
    if name.hasPrefix("@"), let slash = name.firstIndex(of: "/") {
      namespace = String(name[..<slash])
      base = String(name[name.index(after: slash)...])
    }
    return PackageURL(type: PackageType.npm.purlType, namespace: namespace, name: base,
                      version: version).description
  }

  /// The real name and version of an alias spec, `npm:@scope/real@1.2.3` or `npm:real@1.2.3`;
  /// nil for anything else (a spec without a version included).
  static func aliasTarget(_ spec: String) -> (name: String, version: String)? {
    guard spec.hasPrefix("npm:") else { return nil }
    let target = spec.dropFirst(4)
    guard let at = target.lastIndex(of: "@"), at != target.startIndex else { return nil }
    let name = target[..<at]
    let version = target[target.index(after: at)...]
    guard !name.isEmpty, !version.isEmpty else { return nil }
    return (String(name), String(version))
  }

  /// Licenses from `license` (a string, an object with `type`, or an array) and the legacy
  /// `licenses` array.
  static func licenses(_ object: [String: Any]) -> [String] {
    var out: [String] = []
    func add(_ value: Any?) {
      switch value {
      case let text as String where !text.isEmpty:
        out.append(text)
      case let dictionary as [String: Any]:
        if let type = dictionary["type"] as? String, !type.isEmpty { out.append(type) }
      case let list as [Any]:
        list.forEach(add)
      default:
        break
      }
    }
    add(object["license"])
    if out.isEmpty { add(object["licenses"]) }
    return out
  }

  /// `author` as a string (`Name <mail> (url)`) or the `name` of an author object.
  static func author(_ value: Any?) -> String? {
    switch value {
    case let text as String where !text.isEmpty: text
    case let dictionary as [String: Any]: dictionary["name"] as? String
    default: nil
    }
  }

  /// Parses JSON text into an object, or a message naming the problem.
  static func jsonObject(_ bytes: [UInt8]) -> Result<[String: Any], JSONProblem> {
    let value: Any
    do {
      value = try JSONSerialization.jsonObject(with: Data(bytes))
    } catch {
      return .failure(JSONProblem(message: "malformed JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "unparseable"))"))
    }
    guard let object = value as? [String: Any] else {
      return .failure(JSONProblem(message: "malformed JSON: top level is not an object"))
    }
    return .success(object)
  }
}

/// A JSON document that could not be read.
struct JSONProblem: Error {
  var message: String
}
