/// Decoding support of the Engine models: the Engine's JSON names its keys in PascalCase and
/// often omits a field or sends `null` for an empty list, map, string, number or flag.

/// A coding key whose JSON name is its case name with the first letter upper-cased
/// (`hostConfig` → `HostConfig`); a raw value spells an irregular name (`UTSMode`) in full.
///
/// Why: the models then list only the keys whose JSON name does not follow from the property.
public protocol EngineCodingKey: CodingKey, CaseIterable, RawRepresentable
where RawValue == String {}

extension EngineCodingKey {
  /// The key's name in the Engine's JSON.
  public var stringValue: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

  /// The key whose JSON name is `stringValue`, if there is one.
  public init?(stringValue: String) {
    guard let key = Self.allCases.first(where: { $0.stringValue == stringValue }) else {
      return nil
    }
    self = key
  }
}

/// A value that stands for "none" when the Engine omits a field or sends `null`.
public protocol EngineEmptyValue {
  /// The empty value: `""`, `0`, `false`, `[]`, `[:]` or an all-empty record.
  static var engineEmpty: Self { get }
}

extension String: EngineEmptyValue {
  /// The empty string.
  public static var engineEmpty: String { "" }
}

extension Bool: EngineEmptyValue {
  /// `false`.
  public static var engineEmpty: Bool { false }
}

extension Int: EngineEmptyValue {
  /// Zero.
  public static var engineEmpty: Int { 0 }
}

extension Int64: EngineEmptyValue {
  /// Zero.
  public static var engineEmpty: Int64 { 0 }
}

extension Array: EngineEmptyValue {
  /// The empty list.
  public static var engineEmpty: [Element] { [] }
}

extension Dictionary: EngineEmptyValue {
  /// The empty map.
  public static var engineEmpty: [Key: Value] { [:] }
}

/// How one field of an Engine model decodes from its keyed container.
public protocol EngineFieldRule {
  /// The field's type.
  associatedtype Value: Codable & Hashable & Sendable

  /// The field's value at `key` in `container`.
  static func decode<Key>(_ container: KeyedDecodingContainer<Key>, forKey key: Key) throws
    -> Value
}

/// Decodes the field as its type does, and as the type's empty value when the key is missing or
/// `null`.
public enum EmptyWhenAbsent<Value: EngineEmptyValue & Codable & Hashable & Sendable>:
  EngineFieldRule
{
  /// The value at `key`, or the empty value when the key is missing or `null`.
  public static func decode<Key>(_ container: KeyedDecodingContainer<Key>, forKey key: Key) throws
    -> Value
  {
    try container.decodeIfPresent(Value.self, forKey: key) ?? .engineEmpty
  }
}

/// Decodes a command line the Engine sends as a list, a single string (older engines), or `null`.
public enum CommandLineField: EngineFieldRule {
  /// The command's words; empty when the key is missing or `null`.
  public static func decode<Key>(_ container: KeyedDecodingContainer<Key>, forKey key: Key) throws
    -> [String]
  {
    guard container.contains(key), try !container.decodeNil(forKey: key) else { return [] }
    if let single = try? container.decode(String.self, forKey: key) { return [single] }
    return try container.decode([String].self, forKey: key)
  }
}

/// Decodes a port map (`"80/tcp": [{HostIp, HostPort}]`) whose values may be `null` (exposed but
/// not published): `null` becomes an empty list, and so does a missing or `null` map.
public enum PortMapField: EngineFieldRule {
  /// The bindings keyed by container port.
  public static func decode<Key>(_ container: KeyedDecodingContainer<Key>, forKey key: Key) throws
    -> [String: [ContainerInspect.PortBinding]]
  {
    let raw = try container.decodeIfPresent(
      [String: [ContainerInspect.PortBinding]?].self, forKey: key)
    return (raw ?? [:]).mapValues { $0 ?? [] }
  }
}

/// A model field that decodes by `Rule` and encodes as its plain value.
///
/// Why: the models keep their synthesized `Codable` and still accept the Engine's omissions.
@propertyWrapper
public struct EngineField<Rule: EngineFieldRule>: Codable, Hashable, Sendable {
  /// The field's value.
  public var wrappedValue: Rule.Value

  /// Wraps `wrappedValue`.
  public init(wrappedValue: Rule.Value) {
    self.wrappedValue = wrappedValue
  }

  /// Decodes the plain value (outside a keyed container no key can be missing).
  public init(from decoder: any Decoder) throws {
    wrappedValue = try decoder.singleValueContainer().decode(Rule.Value.self)
  }

  /// Encodes the plain value.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(wrappedValue)
  }
}

/// A model field that decodes as empty when the Engine omits it or sends `null`.
public typealias OrEmpty<Value: EngineEmptyValue & Codable & Hashable & Sendable> = EngineField<
  EmptyWhenAbsent<Value>
>

extension KeyedDecodingContainer {
  /// Decodes an ``EngineField`` by its rule, so that a missing key is the rule's to handle.
  public func decode<Rule>(_ type: EngineField<Rule>.Type, forKey key: Key) throws
    -> EngineField<Rule>
  {
    EngineField(wrappedValue: try Rule.decode(self, forKey: key))
  }
}
