import Foundation
import PlimsollFindings

/// A Kubernetes workload (Pod or a controller with a pod template) reduced to its pod spec.
public struct KubernetesWorkload: Sendable, Hashable {
  /// One container of the pod (regular, init or ephemeral).
  public struct Container: Sendable, Hashable {
    public var name: String
    public var node: YAMLNode
    /// `containers`, `initContainers` or `ephemeralContainers`.
    public var field: String
  }

  public var kind: String
  public var name: String
  /// `metadata.namespace`, or `nil` when not set (the default namespace at apply time).
  public var namespace: String?
  /// Line of the document's `kind`.
  public var line: Int
  /// The pod spec.
  public var podSpec: YAMLNode
  /// The pod template's metadata (annotations live here).
  public var podMetadata: YAMLNode?
  public var containers: [Container]

  /// Kinds whose pod spec the rules read.
  public static let workloadKinds: Set<String> = [
    "Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet",
    "ReplicationController",
  ]

  /// The workload a manifest document describes, or `nil` when it is not a workload.
  public init?(document: YAMLNode) {
    guard let kind = document["kind"]?.string, Self.workloadKinds.contains(kind) else { return nil }
    self.kind = kind
    name = document.at("metadata", "name")?.string ?? "(unnamed)"
    namespace = document.at("metadata", "namespace")?.string
    line = document["kind"]?.line ?? document.line
    let template: YAMLNode?
    switch kind {
    case "Pod": template = document
    case "CronJob": template = document.at("spec", "jobTemplate", "spec", "template")
    default: template = document.at("spec", "template")
    }
    guard let template, let spec = template["spec"], spec.isMapping else { return nil }
    podSpec = spec
    podMetadata = template["metadata"]
    var containers: [Container] = []
    for field in ["initContainers", "containers", "ephemeralContainers"] {
      for item in spec[field]?.items ?? [] where item.isMapping {
        containers.append(Container(name: item["name"]?.string ?? "(unnamed)", node: item, field: field))
      }
    }
    self.containers = containers
  }

  /// The effective value of a securityContext field: the container's, else the pod's.
  func effective(_ container: Container, _ key: String) -> YAMLNode? {
    container.node.at("securityContext", key) ?? podSpec.at("securityContext", key)
  }

  /// A label for evidence: `Deployment/web container app`.
  func label(_ container: Container? = nil) -> String {
    let base = "\(kind)/\(name)"
    guard let container else { return base }
    return base + " container \(container.name)"
  }
}

/// All the manifests of one scan: workloads, RBAC roles and bindings, Secrets, and
/// namespaces that have a NetworkPolicy.
public struct KubernetesManifests: Sendable, Hashable {
  public var workloads: [KubernetesWorkload]
  public var roles: [KubernetesRole] = []
  public var bindings: [KubernetesBinding] = []
  public var secrets: [KubernetesSecret] = []
  /// Namespaces (empty string = unset) covered by at least one NetworkPolicy.
  public var networkPolicyNamespaces: Set<String>

  /// The manifests of `documents`; `detector` judges Secret values.
  public init(documents: [YAMLNode], detector: any CredentialDetector = BuiltInCredentialDetector()) {
    var workloads: [KubernetesWorkload] = []
    var policies: Set<String> = []
    var queue = documents
    while !queue.isEmpty {
      let document = queue.removeFirst()
      let kind = document["kind"]?.string
      if kind?.hasSuffix("List") == true {
        queue += document["items"]?.items ?? []
        continue
      }
      if kind == "NetworkPolicy" {
        policies.insert(document.at("metadata", "namespace")?.string ?? "")
      }
      if let workload = KubernetesWorkload(document: document) { workloads.append(workload) }
      if let role = KubernetesRole(document: document) { roles.append(role) }
      if let binding = KubernetesBinding(document: document) { bindings.append(binding) }
      if let secret = KubernetesSecret(document: document, detector: detector) { secrets.append(secret) }
    }
    self.workloads = workloads
    self.networkPolicyNamespaces = policies
  }

  /// Whether a document is a Kubernetes object (has `apiVersion` and `kind`).
  public static func isManifest(_ document: YAMLNode) -> Bool {
    document["apiVersion"]?.string != nil && document["kind"]?.string != nil
  }
}

/// A Role or ClusterRole, reduced to its policy rules.
public struct KubernetesRole: Sendable, Hashable {
  /// One entry of `rules:`.
  public struct PolicyRule: Sendable, Hashable {
    public var apiGroups: [String]
    public var resources: [String]
    public var verbs: [String]
    /// Line of the rule's first key.
    public var line: Int

    /// Whether the rule grants `verb` (or `*`) on `resource` (or `*`) in the core API group
    /// (or `*`).
    func grants(_ verbs: Set<String>, on resource: String, apiGroup: String = "") -> Bool {
      (resources.contains(resource) || resources.contains("*"))
        && (apiGroups.contains(apiGroup) || apiGroups.contains("*"))
        && (self.verbs.contains("*") || !verbs.isDisjoint(with: self.verbs))
    }
  }

  public var kind: String
  public var name: String
  public var line: Int
  public var rules: [PolicyRule]

  /// The role a manifest document describes, or `nil` when it is not a Role or ClusterRole.
  public init?(document: YAMLNode) {
    guard let kind = document["kind"]?.string, kind == "Role" || kind == "ClusterRole" else { return nil }
    self.kind = kind
    name = document.at("metadata", "name")?.string ?? "(unnamed)"
    line = document["kind"]?.line ?? document.line
    rules = (document["rules"]?.items ?? []).filter(\.isMapping).map { rule in
      func strings(_ key: String) -> [String] {
        if let single = rule[key]?.string { return [single] }
        return (rule[key]?.items ?? []).compactMap(\.string)
      }
      return PolicyRule(apiGroups: strings("apiGroups"), resources: strings("resources"),
                        verbs: strings("verbs"), line: rule.entries.first?.keyLine ?? rule.line)
    }
  }

  /// A label for evidence: `ClusterRole/reader`.
  var label: String { "\(kind)/\(name)" }
}

/// A RoleBinding or ClusterRoleBinding: which role it grants.
public struct KubernetesBinding: Sendable, Hashable {
  public var kind: String
  public var name: String
  /// `roleRef.kind` (`ClusterRole` or `Role`).
  public var roleKind: String
  /// `roleRef.name`.
  public var roleName: String
  /// Line of `roleRef.name`, else of the document's `kind`.
  public var line: Int
  /// The bound subjects, as `Kind/name`.
  public var subjects: [String]

  /// The binding a manifest document describes, or `nil` when it is not one.
  public init?(document: YAMLNode) {
    guard let kind = document["kind"]?.string, kind == "RoleBinding" || kind == "ClusterRoleBinding",
          let roleName = document.at("roleRef", "name")?.string
    else { return nil }
    self.kind = kind
    name = document.at("metadata", "name")?.string ?? "(unnamed)"
    roleKind = document.at("roleRef", "kind")?.string ?? "ClusterRole"
    self.roleName = roleName
    line = document.at("roleRef", "name")?.line ?? document["kind"]?.line ?? document.line
    subjects = (document["subjects"]?.items ?? []).map { subject in
      "\(subject["kind"]?.string ?? "?")/\(subject["name"]?.string ?? "?")"
    }
  }
}

/// A Secret's values: `stringData` as written, `data` base64-decoded, each with the
/// credentials the secret rules found in it.
public struct KubernetesSecret: Sendable, Hashable {
  /// One key of `data` or `stringData`.
  public struct Entry: Sendable, Hashable {
    public var key: String
    /// `data` or `stringData`.
    public var field: String
    public var line: Int
    /// Ids of the secret rules that matched the value (empty: no literal credential found).
    public var credentials: [String]
  }

  public var name: String
  public var line: Int
  public var entries: [Entry]
  /// `data` values that are not valid base64 (Kubernetes rejects them).
  public var undecodable: [String]

  /// The Secret a manifest document describes, with each value judged by `detector`, or
  /// `nil` when the document is not a Secret.
  public init?(document: YAMLNode, detector: any CredentialDetector) {
    guard document["kind"]?.string == "Secret" else { return nil }
    name = document.at("metadata", "name")?.string ?? "(unnamed)"
    line = document["kind"]?.line ?? document.line
    var entries: [Entry] = []
    var undecodable: [String] = []
    for entry in document["data"]?.entries ?? [] {
      guard let encoded = entry.value.string else { continue }
      let compact = encoded.filter { !$0.isWhitespace }
      guard let bytes = Data(base64Encoded: compact) else {
        undecodable.append(entry.key)
        continue
      }
      let value = String(decoding: bytes, as: UTF8.self)
      entries.append(Entry(key: entry.key, field: "data", line: entry.keyLine,
                           credentials: detector.credentials(key: entry.key, value: value)))
    }
    for entry in document["stringData"]?.entries ?? [] {
      guard let value = entry.value.string else { continue }
      entries.append(Entry(key: entry.key, field: "stringData", line: entry.keyLine,
                           credentials: detector.credentials(key: entry.key, value: value)))
    }
    self.entries = entries
    self.undecodable = undecodable
  }
}
