/// Evaluates `SecretGate`s on raw bytes at a keyword hit.
enum SecretGateCheck {
  /// Characters of a key name: `A-Za-z0-9_.-`.
  @inline(__always)
  static func isKey(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2E, 0x2D: true
    default: false
    }
  }

  /// Characters of a token body: key characters and `+/=~%`.
  @inline(__always)
  static func isToken(_ byte: UInt8) -> Bool {
    isKey(byte) || byte == 0x2B || byte == 0x2F || byte == 0x3D || byte == 0x7E || byte == 0x25
  }

  @inline(__always)
  static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

  /// Whether the rule's regular expression may match at the keyword occupying `hit`.
  static func passes(_ gate: SecretGate, bytes: UnsafeRawBufferPointer, hit: Range<Int>) -> Bool {
    switch gate {
    case .none:
      return true
    case .tail(let count):
      var index = hit.upperBound
      let end = min(bytes.count, index + count)
      while index < end {
        guard isToken(bytes[index]) else { return false }
        index += 1
      }
      return index - hit.upperBound >= count
    case .assignment(let quotedValue):
      return assignment(bytes: bytes, from: hit.upperBound, quotedValue: quotedValue) != nil
    case .lineAssignment(let minValue):
      // The candidate window of a long line starts at most maxLineSpan before the hit, and
      // the regular expression's `^` matches there; look back no further.
      let floor = max(0, hit.lowerBound - SecretScanner.maxLineSpan)
      var start = hit.lowerBound
      while start > floor, isKey(bytes[start - 1]) { start -= 1 }
      var lineStart = start
      while lineStart > floor, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
      var prefix = Array(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<start]))
      while let last = prefix.last, isBlank(last) { prefix.removeLast() }
      while let first = prefix.first, isBlank(first) { prefix.removeFirst() }
      guard prefix.isEmpty || prefix == [0x2D] || endsWithWord(prefix, "export")
        || endsWithWord(prefix, "ENV") || endsWithWord(prefix, "ARG")
      else {
        return false
      }
      guard var index = assignment(bytes: bytes, from: hit.upperBound, quotedValue: nil) else {
        return false
      }
      index += 1
      while index < bytes.count, isBlank(bytes[index]) { index += 1 }
      let valueStart = index
      while index < bytes.count {
        switch bytes[index] {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0x22, 0x27, 0x60, 0x23, 0x2C, 0x3B: break
        default:
          index += 1
          continue
        }
        break
      }
      guard index - valueStart >= minValue else { return false }
      while index < bytes.count, isBlank(bytes[index]) || bytes[index] == 0x0D { index += 1 }
      return index == bytes.count || bytes[index] == 0x0A
    case .lineStart:
      let floor = max(0, hit.lowerBound - SecretScanner.maxLineSpan)
      var index = hit.lowerBound
      while index > floor {
        let byte = bytes[index - 1]
        if byte == 0x0A { return true }
        guard isBlank(byte) else { return false }
        index -= 1
      }
      return true
    case .urlUserInfo:
      var index = hit.upperBound
      let end = min(bytes.count, index + 512)
      // User: anything up to ':' except separators, blanks and quotes.
      while index < end {
        let byte = bytes[index]
        if byte == 0x3A { break }
        if byte == 0x2F || byte == 0x40 || byte == 0x22 || byte == 0x27 || byte <= 0x20 {
          return false
        }
        index += 1
      }
      guard index < end else { return false }
      index += 1
      while index < end {
        let byte = bytes[index]
        if byte == 0x40 { return true }
        if byte <= 0x20 || byte == 0x2F { return false }
        index += 1
      }
      return false
    }
  }

  /// Whether `bytes` ends with `word` standing alone (at the start or after a blank).
  static func endsWithWord(_ bytes: [UInt8], _ word: String) -> Bool {
    let word = Array(word.utf8)
    guard bytes.count >= word.count, Array(bytes.suffix(word.count)) == word else { return false }
    let before = bytes.count - word.count - 1
    return before < 0 || isBlank(bytes[before])
  }

  /// Key characters, an optional quote, blanks, then `=` or `:`; returns the offset of that
  /// operator. With `quotedValue`, also blanks, an optional string prefix letter, a quote,
  /// at least `quotedValue` bytes that are not quotes or blanks, and a closing quote.
  static func assignment(bytes: UnsafeRawBufferPointer, from start: Int, quotedValue: Int?)
    -> Int?
  {
    var index = start
    let end = min(bytes.count, start + 512)
    while index < end, isKey(bytes[index]) { index += 1 }
    if index < end, bytes[index] == 0x22 || bytes[index] == 0x27 { index += 1 }
    while index < end, isBlank(bytes[index]) { index += 1 }
    guard index < end, bytes[index] == 0x3D || bytes[index] == 0x3A else { return nil }
    let operatorOffset = index
    guard let minValue = quotedValue else { return operatorOffset }
    while index < end, bytes[index] == 0x3D || bytes[index] == 0x3A || bytes[index] == 0x3E {
      index += 1
    }
    while index < end, isBlank(bytes[index]) { index += 1 }
    if index < end, "rbufRBUF".utf8.contains(bytes[index]) { index += 1 }
    guard index < end, bytes[index] == 0x22 || bytes[index] == 0x27 else { return nil }
    index += 1
    let valueStart = index
    while index < end {
      let byte = bytes[index]
      if byte == 0x22 || byte == 0x27 || byte <= 0x20 { break }
      index += 1
    }
    guard index - valueStart >= minValue, index < end else { return nil }
    return bytes[index] == 0x22 || bytes[index] == 0x27 ? operatorOffset : nil
  }
}
