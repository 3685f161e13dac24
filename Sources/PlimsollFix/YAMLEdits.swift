import Foundation
import PlimsollRules

/// Edits of YAML text that keep every comment, quote and key order: new entries are written
/// as new lines at the mapping's own indentation, values are replaced on their line. Flow
/// collections (`{…}`, `[…]` over several lines) and block scalars are never rewritten; a
/// fixer that meets one gives no candidate, and the file is left as it was.
extension SourceLines {
  /// The character at a node's position, if any.
  func character(at node: YAMLNode) -> Character? {
    let line = self[node.line]
    guard node.column >= 1, node.column <= line.count else { return nil }
    return line[line.index(line.startIndex, offsetBy: node.column - 1)]
  }

  /// Whether `node` is a block mapping whose entries this can edit.
  func isBlockMapping(_ node: YAMLNode) -> Bool {
    node.isMapping && !node.entries.isEmpty && character(at: node) != "{"
  }

  /// The last line of the block node starting at `line` whose content is indented to `column`:
  /// the line before the next non-blank, non-comment line indented less (or a `-` at the
  /// column's parent level).
  func blockEnd(from line: Int, column: Int) -> Int {
    var last = line
    var number = line + 1
    while number <= lines.count {
      let text = self[number]
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") {
        number += 1
        continue
      }
      let indent = text.prefix { $0 == " " }.count
      if indent < column - 1 || trimmed == "---" || trimmed == "..." { break }
      last = number
      number += 1
    }
    return last
  }

  /// Adds `entry` (lines relative to the mapping's indentation, the first a `key: …` line) to
  /// the block mapping `mapping`, after its last line; false when it cannot be done safely.
  @discardableResult
  mutating func addEntry(_ entry: [String], to mapping: YAMLNode) -> Bool {
    guard isBlockMapping(mapping) else { return false }
    let indent = String(repeating: " ", count: mapping.column - 1)
    let end = blockEnd(from: mapping.line, column: mapping.column)
    insert(entry.map { indent + $0 }, before: end + 1)
    return true
  }

  /// Replaces the scalar value of `key` in `mapping` on its line (`key: old  # c` keeps the
  /// comment); false when the value is not a one-line scalar.
  @discardableResult
  mutating func replaceValue(of key: String, in mapping: YAMLNode, with value: String) -> Bool {
    guard let entry = mapping.entries.last(where: { $0.key == key }), entry.value.string != nil,
      entry.value.line == entry.keyLine, character(at: entry.value) != "|", character(at: entry.value) != ">"
    else { return false }
    let pattern = "^(\\s*(?:-\\s+)?" + NSRegularExpression.escapedPattern(for: key) + "\\s*:\\s*)(\"[^\"]*\"|'[^']*'|[^\\s#]+)"
    return rewrite(pattern, in: entry.keyLine...entry.keyLine) { $0[1] + value } > 0
  }

  /// Adds `item` to the block or one-line flow sequence `sequence`; false otherwise.
  @discardableResult
  mutating func appendItem(_ item: String, to sequence: YAMLNode) -> Bool {
    guard sequence.isSequence else { return false }
    if character(at: sequence) == "[" {
      let line = sequence.line
      guard self[line].contains("]"), sequence.items.allSatisfy({ $0.line == line }) else { return false }
      let empty = sequence.items.isEmpty
      return rewrite(#"\[([^\]]*)\]"#, in: line...line) { "[" + $0[1] + (empty ? "" : ", ") + item + "]" } > 0
    }
    guard let first = sequence.items.first else { return false }
    // The first item's own prefix (`    - `) is the shape of a new item.
    let line = self[first.line]
    let prefixLength = max(first.column - 1, 0)
    guard prefixLength <= line.count else { return false }
    let prefix = String(line.prefix(prefixLength))
    guard prefix.trimmingCharacters(in: .whitespaces).hasPrefix("-") || prefix.hasSuffix("- ") else { return false }
    let dashColumn = (prefix.firstIndex(of: "-").map { prefix.distance(from: prefix.startIndex, to: $0) } ?? 0) + 1
    let end = blockEnd(from: first.line, column: dashColumn)
    insert([String(repeating: " ", count: dashColumn - 1) + "- " + item], before: end + 1)
    return true
  }

  /// Sets `path` (mapping keys) under `mapping` to `value`: replaces an existing scalar, or adds
  /// the missing keys as nested entries; false when it cannot be done safely.
  @discardableResult
  mutating func set(_ path: [String], to value: String, in mapping: YAMLNode) -> Bool {
    guard let key = path.first else { return false }
    if path.count == 1 {
      if mapping[key] != nil { return mapping[key]?.string == value || replaceValue(of: key, in: mapping, with: value) }
      return addEntry([key + ": " + value], to: mapping)
    }
    if let child = mapping[key] {
      return child.isMapping && set(Array(path.dropFirst()), to: value, in: child)
    }
    var entry: [String] = []
    for (depth, part) in path.enumerated() {
      let pad = String(repeating: "  ", count: depth)
      entry.append(pad + part + (depth == path.count - 1 ? ": " + value : ":"))
    }
    return addEntry(entry, to: mapping)
  }
}

extension YAMLNode {
  /// Every mapping in the tree, with the key path that leads to it.
  func mappings(path: [String] = []) -> [(path: [String], node: YAMLNode)] {
    var out: [(path: [String], node: YAMLNode)] = []
    if isMapping { out.append((path, self)) }
    for entry in entries { out += entry.value.mappings(path: path + [entry.key]) }
    for item in items { out += item.mappings(path: path + ["-"]) }
    return out
  }
}
