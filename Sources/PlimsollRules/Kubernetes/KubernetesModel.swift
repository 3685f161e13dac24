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

/// All the manifests of one scan: workloads, and namespaces that have a NetworkPolicy.
public struct KubernetesManifests: Sendable, Hashable {
  public var workloads: [KubernetesWorkload]
  /// Namespaces (empty string = unset) covered by at least one NetworkPolicy.
  public var networkPolicyNamespaces: Set<String>

  public init(documents: [YAMLNode]) {
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
    }
    self.workloads = workloads
    self.networkPolicyNamespaces = policies
  }

  /// Whether a document is a Kubernetes object (has `apiVersion` and `kind`).
  public static func isManifest(_ document: YAMLNode) -> Bool {
    document["apiVersion"]?.string != nil && document["kind"]?.string != nil
  }
}
