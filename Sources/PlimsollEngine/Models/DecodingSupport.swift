/// Decoding helpers of the inspect models: the Engine's JSON often sends `null` for an empty
/// list or map.
extension KeyedDecodingContainer {
  /// The list at `key`, or empty when the key is missing or `null`.
  func inspectList<Element: Decodable>(_ key: Key) throws -> [Element] {
    try decodeIfPresent([Element].self, forKey: key) ?? []
  }

  /// The string map at `key`, or empty when the key is missing or `null`.
  func inspectMap<Value: Decodable>(_ key: Key) throws -> [String: Value] {
    try decodeIfPresent([String: Value].self, forKey: key) ?? [:]
  }

  /// A command line the Engine sends as a list, a single string (older engines), or `null`.
  func inspectCommand(_ key: Key) throws -> [String] {
    guard contains(key), try !decodeNil(forKey: key) else { return [] }
    if let single = try? decode(String.self, forKey: key) { return [single] }
    return try decode([String].self, forKey: key)
  }

  /// A port map (`"80/tcp": [{HostIp, HostPort}]`) whose values may be `null` (exposed but not
  /// published): `null` becomes an empty list.
  func inspectPorts(_ key: Key) throws -> [String: [ContainerInspect.PortBinding]] {
    let raw = try decodeIfPresent([String: [ContainerInspect.PortBinding]?].self, forKey: key)
    return (raw ?? [:]).mapValues { $0 ?? [] }
  }
}
