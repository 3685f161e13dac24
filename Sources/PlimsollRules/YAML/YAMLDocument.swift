public import Foundation
public import PlimsollDiagnostics
import Yams

/// A YAML node with its source position, converted from Yams with bounded alias expansion.
///
/// Rules read these instead of Yams nodes so that every value keeps its line and a hostile
/// file (alias bombs, deep nesting) fails with a named error instead of exhausting memory.
public struct YAMLNode: Sendable, Hashable {
  /// What the node holds.
  public enum Content: Sendable, Hashable {
    /// A scalar and whether it was written plain (unquoted), which decides `true`/`yes` etc.
    case scalar(String, plain: Bool)
    case mapping([YAMLEntry])
    case sequence([YAMLNode])
  }

  public var content: Content
  /// 1-based line of the node's start.
  public var line: Int
  /// 1-based column of the node's start.
  public var column: Int

  /// The value for `key` in a mapping.
  public subscript(key: String) -> YAMLNode? {
    guard case .mapping(let entries) = content else { return nil }
    return entries.last { $0.key == key }?.value
  }

  /// The value at a path of mapping keys.
  public func at(_ path: String...) -> YAMLNode? {
    var node: YAMLNode? = self
    for key in path { node = node?[key] }
    return node
  }

  /// The scalar text, or `nil` for a collection or null.
  public var string: String? {
    guard case .scalar(let value, let plain) = content else { return nil }
    if plain, ["", "~", "null", "Null", "NULL"].contains(value) { return nil }
    return value
  }

  /// A YAML 1.1 boolean (`true`, `yes`, `on`…), or `nil` when not a boolean.
  public var bool: Bool? {
    guard case .scalar(let value, let plain) = content, plain else { return nil }
    switch value.lowercased() {
    case "true", "yes", "on", "y": return true
    case "false", "no", "off", "n": return false
    default: return nil
    }
  }

  /// The integer value of a scalar.
  public var int: Int? { string.flatMap { Int($0) } }

  /// Mapping entries in order (empty for other nodes).
  public var entries: [YAMLEntry] {
    if case .mapping(let entries) = content { return entries }
    return []
  }

  /// Sequence items (empty for other nodes).
  public var items: [YAMLNode] {
    if case .sequence(let items) = content { return items }
    return []
  }

  /// Whether this is a mapping.
  public var isMapping: Bool {
    if case .mapping = content { return true }
    return false
  }

  /// Whether this is a sequence.
  public var isSequence: Bool {
    if case .sequence = content { return true }
    return false
  }
}

/// One `key: value` of a YAML mapping.
public struct YAMLEntry: Sendable, Hashable {
  public var key: String
  /// Line of the key.
  public var keyLine: Int
  public var value: YAMLNode
}

/// The documents of one YAML file and the keys its mappings repeat.
public struct YAMLFile: Sendable, Hashable {
  /// A key written more than once in one mapping; the last value is the one read.
  public struct DuplicateKey: Sendable, Hashable {
    public var key: String
    /// Line of an earlier occurrence (the one that is not used).
    public var line: Int
  }

  public var documents: [YAMLNode]
  public var duplicateKeys: [DuplicateKey]

  /// One warning per repeated key, naming the file, the key and the line.
  public func warnings(path: String) -> [ScanWarning] {
    duplicateKeys.map { duplicate in
      ScanWarning(input: "\(path):\(duplicate.line)",
                  message: "key '\(duplicate.key)' is repeated in its mapping; the last value is used")
    }
  }
}

/// Why a YAML file could not be read.
public enum YAMLLoadError: Error, LocalizedError, Sendable, Equatable {
  case invalidUTF8
  case syntax(String)
  /// Alias expansion produced more nodes than allowed (a "billion laughs" file).
  case tooManyNodes(Int)
  /// Nesting deeper than allowed.
  case tooDeep(Int)

  public var errorDescription: String? {
    switch self {
    case .invalidUTF8: "not valid UTF-8"
    case .syntax(let message): "YAML syntax error: \(message)"
    case .tooManyNodes(let limit): "YAML expands to more than \(limit) nodes (alias bomb?); not scanned"
    case .tooDeep(let limit):
      "YAML nests deeper than the \(ResourceLimit.documentDepth.rawValue) limit of \(limit) levels "
        + "(\(ResourceLimit.documentDepth.remedy)); not scanned"
    }
  }
}

/// Loads multi-document YAML into `YAMLNode`s.
public enum YAMLLoader {
  /// Most nodes one file may expand to, aliases included.
  public static let maxNodes = 250_000
  /// Deepest nesting accepted (checked before parsing, so the parser's recursion is bounded).
  public static let maxDepth = ResourceLimits.documentDepth

  /// Every document of `data`; empty documents are skipped.
  public static func documents(_ data: Data) throws -> [YAMLNode] {
    guard let text = String(data: data, encoding: .utf8) else { throw YAMLLoadError.invalidUTF8 }
    return try documents(text)
  }

  /// Every document of `text`; empty documents are skipped. A key repeated in a mapping
  /// is accepted as Kubernetes and Compose accept it (the last value wins).
  public static func documents(_ text: String) throws -> [YAMLNode] {
    try load(text).documents
  }

  /// Every document of `data`, with the keys a mapping repeats (see `load(_:)` for text).
  public static func load(_ data: Data) throws -> YAMLFile {
    guard let text = String(data: data, encoding: .utf8) else { throw YAMLLoadError.invalidUTF8 }
    return try load(text)
  }

  /// Every document of `text`, with the keys a mapping repeats. Yams refuses a repeated key,
  /// so each earlier occurrence it names is renamed out of the way and the text parsed
  /// again; the renamed entries are then dropped, which leaves the last value, as
  /// Kubernetes and Compose read it.
  public static func load(_ text: String) throws -> YAMLFile {
    try checkDepth(text)
    var source = text
    var duplicates: [YAMLFile.DuplicateKey] = []
    while true {
      do {
        let documents = try parse(source)
        return YAMLFile(documents: documents, duplicateKeys: duplicates.sorted { $0.line < $1.line })
      } catch YamlError.duplicatedKeysInMapping(let keys, let context) {
        guard duplicates.count < maxDuplicateKeys,
              let renamed = shadow(in: source, line: context.mark.line, column: context.mark.column,
                                   number: duplicates.count)
        else {
          throw YAMLLoadError.syntax("repeated key \(keys.first ?? "?") at line \(context.mark.line) could not be resolved")
        }
        source = renamed
        duplicates.append(YAMLFile.DuplicateKey(key: keys.first ?? "?", line: context.mark.line))
      }
    }
  }

  /// Most repeated keys one file may have before it is refused.
  static let maxDuplicateKeys = 200
  /// What an earlier occurrence of a repeated key is renamed to begin with.
  static let shadowPrefix = "plimsoll-shadowed-key-"

  /// `text` with `shadowPrefix` and `number` inserted before the key at the 1-based `line` and
  /// `column` (in characters), or nil when there is no such place.
  static func shadow(in text: String, line: Int, column: Int, number: Int) -> String? {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard line >= 1, line <= lines.count else { return nil }
    var characters = Array(lines[line - 1].unicodeScalars)
    guard column >= 1, column <= characters.count else { return nil }
    characters.insert(contentsOf: "\(shadowPrefix)\(number)-".unicodeScalars, at: column - 1)
    var rewritten = String.UnicodeScalarView()
    rewritten.append(contentsOf: characters)
    lines[line - 1] = String(rewritten)
    return lines.joined(separator: "\n")
  }

  /// Parses and converts every document of `text` (Yams errors pass through).
  private static func parse(_ text: String) throws -> [YAMLNode] {
    var result: [YAMLNode] = []
    var budget = maxNodes
    do {
      var sequence = try Yams.compose_all(yaml: text)
      while let node = sequence.next() {
        result.append(try convert(node, budget: &budget, depth: 0))
      }
      if let error = sequence.error { throw error }
    } catch let error as YAMLLoadError {
      throw error
    } catch let error as YamlError {
      if case .duplicatedKeysInMapping = error { throw error }
      throw YAMLLoadError.syntax(String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)")
    } catch {
      throw YAMLLoadError.syntax(String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)")
    }
    return result
  }

  /// Rejects text whose nesting could exceed `maxDepth`: indentation, `- ` indicators and
  /// flow brackets each add at most one level per character.
  static func checkDepth(_ text: String) throws {
    var flow = 0
    var quote: UInt8?
    var atLineStart = true
    var lineDepth = 0
    for byte in text.utf8 {
      if let open = quote {
        if byte == open { quote = nil }
        if byte == UInt8(ascii: "\n") { atLineStart = true; lineDepth = 0 }
        continue
      }
      switch byte {
      case UInt8(ascii: "\n"):
        atLineStart = true
        lineDepth = 0
      case UInt8(ascii: " "), UInt8(ascii: "-"):
        if atLineStart { lineDepth += 1 }
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        flow += 1
        atLineStart = false
      case UInt8(ascii: "]"), UInt8(ascii: "}"):
        flow = max(0, flow - 1)
        atLineStart = false
      case UInt8(ascii: "\""), UInt8(ascii: "'"):
        if flow > 0 { quote = byte }
        atLineStart = false
      default:
        atLineStart = false
      }
      if flow > maxDepth { throw YAMLLoadError.tooDeep(maxDepth) }
      if lineDepth > maxDepth * 2 { throw YAMLLoadError.tooDeep(maxDepth) }
    }
  }

  private static func convert(_ node: Node, budget: inout Int, depth: Int) throws -> YAMLNode {
    budget -= 1
    if budget < 0 { throw YAMLLoadError.tooManyNodes(maxNodes) }
    if depth > maxDepth { throw YAMLLoadError.tooDeep(maxDepth) }
    let line = node.mark?.line ?? 0
    let column = node.mark?.column ?? 0
    switch node {
    case .scalar(let scalar):
      return YAMLNode(content: .scalar(scalar.string, plain: scalar.style == .plain || scalar.style == .any),
                      line: line, column: column)
    case .sequence(let sequence):
      var items: [YAMLNode] = []
      for item in sequence { items.append(try convert(item, budget: &budget, depth: depth + 1)) }
      return YAMLNode(content: .sequence(items), line: line, column: column)
    case .mapping(let mapping):
      var entries: [YAMLEntry] = []
      var merged: [YAMLEntry] = []
      for (key, value) in mapping {
        let converted = try convert(value, budget: &budget, depth: depth + 1)
        let keyText = key.scalar?.string ?? ""
        if keyText == "<<" {
          // Merge keys: `<<: *defaults` or `<<: [*a, *b]`.
          let sources = converted.isSequence ? converted.items : [converted]
          for source in sources { merged += source.entries }
          continue
        }
        // An earlier occurrence of a repeated key, renamed by `load`: the later one wins.
        if keyText.hasPrefix(shadowPrefix) { continue }
        entries.append(YAMLEntry(key: keyText, keyLine: key.mark?.line ?? line, value: converted))
      }
      let own = Set(entries.map(\.key))
      var seen: Set<String> = []
      for entry in merged where !own.contains(entry.key) && !seen.contains(entry.key) {
        seen.insert(entry.key)
        entries.append(entry)
      }
      return YAMLNode(content: .mapping(entries), line: line, column: column)
    case .alias(let alias):
      // Yams resolves aliases while composing; an unresolved one is kept as a null scalar.
      return YAMLNode(content: .scalar("", plain: true), line: alias.mark?.line ?? line, column: column)
    }
  }
}
