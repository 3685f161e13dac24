import Testing
@testable import PlimsollRules

/// One YAML rule's positive and negative document.
struct YAMLRuleCase: Sendable, CustomTestStringConvertible {
  var id: String
  var positive: String
  /// The line the positive finding must report.
  var line: Int
  var negative: String

  var testDescription: String { id }
}

/// Builds a Compose file with one service `web` whose body is `body` (indented 4 spaces).
func compose(_ body: String) -> String {
  "services:\n  web:\n" + body.split(separator: "\n", omittingEmptySubsequences: false)
    .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n") + "\n"
}

let composeRuleCases: [YAMLRuleCase] = [
  .init(id: "PLM-DC-001", positive: compose("image: a:1\nprivileged: true"), line: 4,
        negative: compose("image: a:1\nprivileged: false")),
  .init(id: "PLM-DC-002", positive: compose("image: a:1\nnetwork_mode: host"), line: 4,
        negative: compose("image: a:1\nnetwork_mode: bridge")),
  .init(id: "PLM-DC-003", positive: compose("image: a:1\npid: host"), line: 4,
        negative: compose("image: a:1\npid: \"service:db\"")),
  .init(id: "PLM-DC-004", positive: compose("image: a:1\nipc: host"), line: 4,
        negative: compose("image: a:1\nipc: shareable")),
  .init(id: "PLM-DC-005", positive: compose("image: a:1\nuserns_mode: host"), line: 4,
        negative: compose("image: a:1")),
  .init(id: "PLM-DC-006", positive: compose("image: a:1\ncap_add:\n  - NET_BIND_SERVICE\n  - CAP_SYS_ADMIN"), line: 6,
        negative: compose("image: a:1\ncap_add: [NET_BIND_SERVICE, CHOWN]")),
  .init(id: "PLM-DC-007", positive: compose("image: a:1\ncap_drop: [NET_RAW]"), line: 2,
        negative: compose("image: a:1\ncap_drop: [ALL]")),
  .init(id: "PLM-DC-008", positive: compose("image: a:1\nvolumes:\n  - /var/run/docker.sock:/var/run/docker.sock:ro"), line: 5,
        negative: compose("image: a:1\nvolumes:\n  - data:/data")),
  .init(id: "PLM-DC-009", positive: compose("image: a:1\nvolumes:\n  - type: bind\n    source: /etc/\n    target: /host"), line: 5,
        negative: compose("image: a:1\nvolumes:\n  - /etcetera:/x:ro\n  - ./etc:/y:ro")),
  .init(id: "PLM-DC-010", positive: compose("image: a:1\nvolumes:\n  - ./src:/app"), line: 5,
        negative: compose("image: a:1\nvolumes:\n  - ./src:/app:ro\n  - cache:/cache\n  - type: bind\n    source: ./b\n    target: /b\n    read_only: true")),
  .init(id: "PLM-DC-011", positive: compose("image: a:1\nread_only: false"), line: 2,
        negative: compose("image: a:1\nread_only: true")),
  .init(id: "PLM-DC-012", positive: compose("image: a:1\nports:\n  - \"127.0.0.1:80:80\"\n  - target: 443\n    published: 8443"), line: 6,
        negative: compose("image: a:1\nports:\n  - \"127.0.0.1:80:80\"\n  - \"[::1]:81:81\"\n  - target: 443\n    host_ip: 10.0.0.5")),
  .init(id: "PLM-DC-013", positive: compose("image: a:1\nsecurity_opt:\n  - seccomp=unconfined"), line: 5,
        negative: compose("image: a:1\nsecurity_opt:\n  - seccomp:./profile.json")),
  .init(id: "PLM-DC-014", positive: compose("image: a:1\nsecurity_opt:\n  - label:disable"), line: 5,
        negative: compose("image: a:1\nsecurity_opt:\n  - apparmor:docker-default")),
  .init(id: "PLM-DC-015", positive: compose("image: a:1\nsecurity_opt: [\"no-new-privileges:false\"]"), line: 2,
        negative: compose("image: a:1\nsecurity_opt: [\"no-new-privileges:true\"]")),
  .init(id: "PLM-DC-016", positive: compose("image: a:1\ndeploy:\n  resources:\n    limits:\n      cpus: '1'"), line: 2,
        negative: compose("image: a:1\nmem_limit: 512m")),
  .init(id: "PLM-DC-017", positive: compose("image: a:1\nmem_limit: 512m"), line: 2,
        negative: compose("image: a:1\ndeploy:\n  resources:\n    limits:\n      cpus: '0.5'")),
  .init(id: "PLM-DC-018", positive: compose("image: a:1\nuser: \"0:0\""), line: 4,
        negative: compose("image: a:1\nuser: \"1000:1000\"")),
  .init(id: "PLM-DC-019", positive: compose("image: a:1\nenvironment:\n  REDIS_PASSWORD: hunter2"), line: 5,
        negative: compose("image: a:1\nenvironment:\n  REDIS_PASSWORD: ${REDIS_PASSWORD}\n  REDIS_HOST: cache")),
  .init(id: "PLM-DC-020", positive: compose("image: a:1\nlinks: [db]"), line: 4,
        negative: compose("image: a:1\ndepends_on: [db]")),
  .init(id: "PLM-DC-021", positive: compose("image: redis"), line: 3,
        negative: "services:\n  a:\n    image: redis:7.2\n  b:\n    build: .\n    image: local/app\n"),
  .init(id: "PLM-DC-022", positive: compose("image: a:1\ndevices:\n  - /dev/kvm"), line: 5,
        negative: compose("image: a:1")),
  .init(id: "PLM-DC-023", positive: compose("image: a:1\nhealthcheck:\n  test: [\"NONE\"]"), line: 5,
        negative: compose("image: a:1\nhealthcheck:\n  test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]")),
  .init(id: "PLM-DC-024", positive: compose("image: a:1\nmem_limit: 1g"), line: 2,
        negative: compose("image: a:1\npids_limit: 200")),
  .init(id: "PLM-DC-025", positive: compose("image: a:1\nrestart: unless-stopped"), line: 4,
        negative: compose("image: a:1\nrestart: on-failure:5")),
]

/// Builds a Pod whose single container has `container` (indented) and whose spec has `spec`.
func pod(container: String = "", spec: String = "", metadata: String = "") -> String {
  func indent(_ text: String, _ spaces: Int) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.isEmpty ? "" : String(repeating: " ", count: spaces) + $0 }.joined(separator: "\n")
  }
  var text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
  if !metadata.isEmpty { text += indent(metadata, 2) + "\n" }
  text += "spec:\n"
  if !spec.isEmpty { text += indent(spec, 2) + "\n" }
  text += "  containers:\n    - name: c\n      image: app:1\n"
  if !container.isEmpty { text += indent(container, 6) + "\n" }
  return text
}

/// A ClusterRole whose `rules:` list is `rules` (indented 2 spaces); its first rule starts
/// on line 6.
func role(_ rules: String) -> String {
  "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\nrules:\n"
    + rules.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
}

/// A ClusterRoleBinding of `roleName` to a service account; `roleRef.name` is on line 8.
func clusterRoleBinding(_ roleName: String) -> String {
  "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: b\n"
    + "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: \(roleName)\n"
    + "subjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: build\n"
}

/// A Secret with `body` (indented 0) after its metadata; its first value is on line 6.
func secret(_ body: String) -> String {
  "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n" + body + "\n"
}

let kubernetesRuleCases: [YAMLRuleCase] = [
  .init(id: "PLM-K8S-001", positive: pod(container: "securityContext:\n  privileged: true"), line: 10,
        negative: pod(container: "securityContext:\n  privileged: false")),
  .init(id: "PLM-K8S-002", positive: pod(spec: "hostPID: true"), line: 6,
        negative: pod(spec: "hostPID: false")),
  .init(id: "PLM-K8S-003", positive: pod(spec: "volumes:\n  - name: v\n    hostPath:\n      path: /data"), line: 9,
        negative: pod(spec: "volumes:\n  - name: v\n    emptyDir: {}")),
  .init(id: "PLM-K8S-004", positive: pod(spec: "volumes:\n  - name: v\n    hostPath:\n      path: /run/containerd/containerd.sock"), line: 9,
        negative: pod(spec: "volumes:\n  - name: v\n    hostPath:\n      path: /data")),
  .init(id: "PLM-K8S-005", positive: pod(container: "ports:\n  - containerPort: 80\n    hostPort: 8080"), line: 11,
        negative: pod(container: "ports:\n  - containerPort: 80")),
  .init(id: "PLM-K8S-006", positive: pod(container: "securityContext:\n  capabilities:\n    add: [NET_RAW]"), line: 11,
        negative: pod(container: "securityContext:\n  capabilities:\n    add: [NET_BIND_SERVICE, CHOWN]")),
  .init(id: "PLM-K8S-007", positive: pod(container: "securityContext:\n  seccompProfile:\n    type: Unconfined"), line: 11,
        negative: pod(container: "securityContext:\n  seccompProfile:\n    type: RuntimeDefault")),
  .init(id: "PLM-K8S-008", positive: pod(container: "securityContext:\n  appArmorProfile:\n    type: Unconfined"), line: 11,
        negative: pod(container: "securityContext:\n  appArmorProfile:\n    type: RuntimeDefault")),
  .init(id: "PLM-K8S-009", positive: pod(spec: "securityContext:\n  seLinuxOptions:\n    type: spc_t"), line: 8,
        negative: pod(spec: "securityContext:\n  seLinuxOptions:\n    level: \"s0:c123,c456\"")),
  .init(id: "PLM-K8S-010", positive: pod(container: "securityContext:\n  procMount: Unmasked"), line: 10,
        negative: pod(container: "securityContext:\n  procMount: Default")),
  .init(id: "PLM-K8S-011", positive: pod(spec: "securityContext:\n  sysctls:\n    - name: net.core.somaxconn\n      value: \"1024\""), line: 8,
        negative: pod(spec: "securityContext:\n  sysctls:\n    - name: net.ipv4.tcp_syncookies\n      value: \"1\"")),
  .init(id: "PLM-K8S-012", positive: pod(container: "securityContext:\n  windowsOptions:\n    hostProcess: true"), line: 11,
        negative: pod(container: "securityContext:\n  windowsOptions:\n    runAsUserName: app")),
  .init(id: "PLM-K8S-013", positive: pod(container: "securityContext:\n  allowPrivilegeEscalation: true"), line: 10,
        negative: pod(container: "securityContext:\n  allowPrivilegeEscalation: false")),
  .init(id: "PLM-K8S-014", positive: pod(spec: "securityContext:\n  runAsNonRoot: false"), line: 7,
        negative: pod(spec: "securityContext:\n  runAsNonRoot: true")),
  .init(id: "PLM-K8S-015", positive: pod(container: "securityContext:\n  runAsUser: 0"), line: 10,
        negative: pod(spec: "securityContext:\n  runAsUser: 10001", )),
  .init(id: "PLM-K8S-016", positive: pod(), line: 7,
        negative: pod(spec: "securityContext:\n  seccompProfile:\n    type: RuntimeDefault")),
  .init(id: "PLM-K8S-017", positive: pod(container: "securityContext:\n  capabilities:\n    drop: [NET_RAW]"), line: 7,
        negative: pod(container: "securityContext:\n  capabilities:\n    drop: [\"ALL\"]")),
  .init(id: "PLM-K8S-018", positive: pod(container: "securityContext:\n  capabilities:\n    add: [CHOWN]"), line: 11,
        negative: pod(container: "securityContext:\n  capabilities:\n    add: [NET_BIND_SERVICE]")),
  .init(id: "PLM-K8S-019", positive: pod(spec: "volumes:\n  - name: v\n    nfs:\n      server: nas\n      path: /x"), line: 7,
        negative: pod(spec: "volumes:\n  - name: v\n    persistentVolumeClaim:\n      claimName: data")),
  .init(id: "PLM-K8S-020", positive: pod(), line: 7,
        negative: pod(container: "securityContext:\n  readOnlyRootFilesystem: true")),
  .init(id: "PLM-K8S-021", positive: pod(container: "resources:\n  limits:\n    cpu: 500m"), line: 7,
        negative: pod(container: "resources:\n  limits:\n    memory: 256Mi")),
  .init(id: "PLM-K8S-022", positive: pod(container: "resources:\n  limits:\n    memory: 256Mi"), line: 7,
        negative: pod(container: "resources:\n  limits:\n    cpu: 500m")),
  .init(id: "PLM-K8S-023", positive: pod(container: "resources:\n  requests:\n    cpu: 100m"), line: 7,
        negative: pod(container: "resources:\n  requests:\n    cpu: 100m\n    memory: 64Mi")),
  .init(id: "PLM-K8S-024", positive: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx:latest\n", line: 7,
        negative: pod()),
  .init(id: "PLM-K8S-025", positive: pod(), line: 8,
        negative: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000\n"),
  .init(id: "PLM-K8S-026", positive: pod(container: "env:\n  - name: SLACK_TOKEN\n    value: xoxb-not-a-real-token"), line: 11,
        negative: pod(container: "env:\n  - name: SLACK_TOKEN\n    valueFrom:\n      secretKeyRef: {name: s, key: k}\n  - name: MODE\n    value: prod")),
  .init(id: "PLM-K8S-027", positive: pod(spec: "automountServiceAccountToken: true"), line: 2,
        negative: pod(spec: "automountServiceAccountToken: false")),
  .init(id: "PLM-K8S-028", positive: pod(), line: 7,
        negative: pod(container: "readinessProbe:\n  tcpSocket: {port: 80}")),
  .init(id: "PLM-K8S-029", positive: pod(metadata: "namespace: shop"), line: 2,
        negative: pod(metadata: "namespace: shop") + "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector: {}\n"),
  .init(id: "PLM-K8S-030", positive: role("- apiGroups: [\"\"]\n  resources: [\"*\"]\n  verbs: [get]"), line: 6,
        negative: role("- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [get, list]")),
  .init(id: "PLM-K8S-031", positive: clusterRoleBinding("cluster-admin"), line: 8,
        negative: clusterRoleBinding("view")),
  .init(id: "PLM-K8S-032", positive: role("- apiGroups: [\"\"]\n  resources: [configmaps, secrets]\n  verbs: [list]"), line: 6,
        negative: role("- apiGroups: [\"\"]\n  resources: [secrets]\n  verbs: [create, delete]")),
  .init(id: "PLM-K8S-033", positive: role("- apiGroups: [\"\"]\n  resources: [pods/exec]\n  verbs: [create]"), line: 6,
        negative: role("- apiGroups: [\"\"]\n  resources: [pods, pods/log]\n  verbs: [get, create]")),
  .init(id: "PLM-K8S-034", positive: role("- apiGroups: [rbac.authorization.k8s.io]\n  resources: [clusterroles]\n  verbs: [get, bind]"), line: 6,
        negative: role("- apiGroups: [rbac.authorization.k8s.io]\n  resources: [clusterroles]\n  verbs: [get, list]")),
  .init(id: "PLM-K8S-035", positive: secret("stringData:\n  token: ghp_0123456789abcdefghijABCDEFGHIJ012345"), line: 6,
        negative: secret("stringData:\n  username: admin\ndata:\n  host: ZGIuaW50ZXJuYWw=")),
]
