public import Foundation
public import PlimsollFindings
public import PlimsollDiagnostics

/// The Kubernetes rule table (`PLM-K8S-nnn`): Pod Security Standards baseline and restricted
/// checks, resource, image and token hygiene, RBAC grants and literal credentials in Secrets.
public enum KubernetesRules {
  typealias K8sRule = Rule<KubernetesManifests>

  static let pss = "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
  static let securityContext = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"

  /// Capabilities the baseline profile allows to be added.
  public static let baselineCapabilities: Set<String> = [
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
    "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
  ]
  /// Sysctls the baseline profile allows.
  public static let safeSysctls: Set<String> = [
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
  ]
  /// Volume types the restricted profile allows.
  public static let restrictedVolumeTypes: Set<String> = [
    "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim",
    "projected", "secret",
  ]
  static let allowedSELinuxTypes: Set<String> = [
    "", "container_t", "container_init_t", "container_kvm_t", "container_engine_t",
  ]

  /// One hit per container where `check` returns the offending node (or the container).
  static func perContainer(
    _ manifests: KubernetesManifests,
    _ check: (KubernetesWorkload, KubernetesWorkload.Container) -> (YAMLNode?, String)?
  ) -> [RuleHit] {
    manifests.workloads.flatMap { workload in
      workload.containers.compactMap { container in
        guard let (node, evidence) = check(workload, container) else { return nil }
        return RuleHit(startLine: node?.line ?? container.node.line,
                       evidence: "\(workload.label(container)): \(evidence)")
      }
    }
  }

  /// One hit per workload where `check` returns the offending node.
  static func perWorkload(
    _ manifests: KubernetesManifests, _ check: (KubernetesWorkload) -> (YAMLNode?, String)?
  ) -> [RuleHit] {
    manifests.workloads.compactMap { workload in
      guard let (node, evidence) = check(workload) else { return nil }
      return RuleHit(startLine: node?.line ?? workload.line, evidence: "\(workload.label()): \(evidence)")
    }
  }

  static func capabilities(_ container: KubernetesWorkload.Container, _ list: String) -> [YAMLNode] {
    container.node.at("securityContext", "capabilities", list)?.items ?? []
  }

  static func capabilityName(_ node: YAMLNode) -> String {
    ComposeRules.normalizedCapability(node.string ?? "")
  }

  static func seccompType(_ node: YAMLNode?) -> String? { node?["type"]?.string }

  static let rbacPractices = "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"

  /// One hit per policy rule of a Role or ClusterRole where `check` returns the evidence.
  static func policyRuleHits(
    _ manifests: KubernetesManifests, _ check: (KubernetesRole.PolicyRule) -> String?
  ) -> [RuleHit] {
    manifests.roles.flatMap { role in
      role.rules.compactMap { rule in
        check(rule).map { RuleHit(startLine: rule.line, evidence: "\(role.label): \($0)") }
      }
    }
  }

  /// Every Kubernetes rule, in id order.
  public static let all: [Rule<KubernetesManifests>] = [
    K8sRule(
      "PLM-K8S-001", ["CKV_K8S_16"], .critical, "Privileged container",
      rationale: "A privileged container has all capabilities and host devices: it is root on the node.",
      remediation: "Remove `securityContext.privileged: true`.",
      references: [pss + "#baseline"]
    ) { manifests in
      perContainer(manifests) { _, container in
        guard let node = container.node.at("securityContext", "privileged"), node.bool == true else { return nil }
        return (node, "privileged: true")
      }
    },
    K8sRule(
      "PLM-K8S-002", ["CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19"], .high, "Pod shares host namespaces",
      rationale: "hostNetwork, hostPID or hostIPC let the pod see the node's network, processes or shared memory.",
      remediation: "Remove hostNetwork, hostPID and hostIPC (or set them to false).",
      references: [pss + "#baseline"]
    ) { manifests in
      perWorkload(manifests) { workload in
        for key in ["hostNetwork", "hostPID", "hostIPC"] {
          if let node = workload.podSpec[key], node.bool == true { return (node, "\(key): true") }
        }
        return nil
      }
    },
    K8sRule(
      "PLM-K8S-003", [], .high, "hostPath volume",
      rationale: "A hostPath volume exposes the node's filesystem; a writable one is a path to node takeover.",
      remediation: "Use persistentVolumeClaim, configMap, secret or emptyDir volumes.",
      references: [pss + "#baseline"]
    ) { manifests in
      perWorkload(manifests) { workload in
        guard let volume = workload.podSpec["volumes"]?.items.first(where: { $0["hostPath"] != nil }) else { return nil }
        return (volume["hostPath"], "hostPath \(volume.at("hostPath", "path")?.string ?? "")")
      }
    },
    K8sRule(
      "PLM-K8S-004", ["CKV_K8S_27"], .critical, "Container runtime socket mounted",
      rationale: "A hostPath to docker.sock, containerd.sock or crio.sock is full control of the node.",
      remediation: "Do not mount the container runtime socket.",
      references: [pss + "#baseline"]
    ) { manifests in
      perWorkload(manifests) { workload in
        guard let volume = workload.podSpec["volumes"]?.items.first(where: { volume in
          let path = volume.at("hostPath", "path")?.string ?? ""
          return path.hasSuffix("docker.sock") || path.hasSuffix("containerd.sock") || path.hasSuffix("crio.sock")
        }) else { return nil }
        return (volume["hostPath"], volume.at("hostPath", "path")?.string ?? "")
      }
    },
    K8sRule(
      "PLM-K8S-005", ["CKV_K8S_26"], .medium, "hostPort used",
      rationale: "hostPort binds the node's port, bypassing Services and network policy, and limits scheduling.",
      remediation: "Remove hostPort; expose the pod through a Service.",
      references: [pss + "#baseline"]
    ) { manifests in
      perContainer(manifests) { _, container in
        guard let port = container.node["ports"]?.items.first(where: { ($0["hostPort"]?.int ?? 0) != 0 }) else { return nil }
        return (port["hostPort"], "hostPort \(port["hostPort"]?.string ?? "")")
      }
    },
    K8sRule(
      "PLM-K8S-006", ["CKV_K8S_39"], .high, "Capability added beyond the baseline set",
      rationale: "Capabilities such as SYS_ADMIN, NET_ADMIN or NET_RAW give a container power over the node kernel.",
      remediation: "Remove the capability from `securityContext.capabilities.add`.",
      references: [pss + "#baseline"]
    ) { manifests in
      perContainer(manifests) { _, container in
        guard let bad = capabilities(container, "add").first(where: { !baselineCapabilities.contains(capabilityName($0)) })
        else { return nil }
        return (bad, "capabilities.add \(bad.string ?? "")")
      }
    },
    K8sRule(
      "PLM-K8S-007", [], .high, "Seccomp profile Unconfined",
      rationale: "Unconfined seccomp re-enables every system call, the usual kernel exploit path.",
      remediation: "Set `seccompProfile.type: RuntimeDefault`.",
      references: [pss + "#baseline"]
    ) { manifests in
      var hits = perWorkload(manifests) { workload in
        let node = workload.podSpec.at("securityContext", "seccompProfile")
        return seccompType(node) == "Unconfined" ? (node, "pod seccompProfile Unconfined") : nil
      }
      hits += perContainer(manifests) { _, container in
        let node = container.node.at("securityContext", "seccompProfile")
        return seccompType(node) == "Unconfined" ? (node, "seccompProfile Unconfined") : nil
      }
      return hits
    },
    K8sRule(
      "PLM-K8S-008", [], .high, "AppArmor profile unconfined",
      rationale: "Running unconfined removes AppArmor's containment of a compromised process.",
      remediation: "Use the runtime default AppArmor profile.",
      references: [pss + "#baseline"]
    ) { manifests in
      var hits = perContainer(manifests) { _, container in
        let node = container.node.at("securityContext", "appArmorProfile")
        return node?["type"]?.string == "Unconfined" ? (node, "appArmorProfile Unconfined") : nil
      }
      hits += perWorkload(manifests) { workload in
        let annotations = workload.podMetadata?["annotations"]?.entries ?? []
        guard let entry = annotations.first(where: {
          $0.key.hasPrefix("container.apparmor.security.beta.kubernetes.io/") && $0.value.string == "unconfined"
        }) else {
          let node = workload.podSpec.at("securityContext", "appArmorProfile")
          return node?["type"]?.string == "Unconfined" ? (node, "pod appArmorProfile Unconfined") : nil
        }
        return (entry.value, "\(entry.key): unconfined")
      }
      return hits
    },
    K8sRule(
      "PLM-K8S-009", [], .medium, "Custom SELinux type, user or role",
      rationale: "Setting SELinux user/role or a non-container type can lift the container's confinement.",
      remediation: "Remove seLinuxOptions or use a container_t type.",
      references: [pss + "#baseline"]
    ) { manifests in
      perContainer(manifests) { workload, container in
        guard let options = workload.effective(container, "seLinuxOptions") else { return nil }
        if options["user"] != nil || options["role"] != nil { return (options, "seLinuxOptions user/role set") }
        if let type = options["type"]?.string, !allowedSELinuxTypes.contains(type) { return (options, "seLinuxOptions.type \(type)") }
        return nil
      }
    },
    K8sRule(
      "PLM-K8S-010", [], .high, "Unmasked /proc mount",
      rationale: "`procMount: Unmasked` exposes kernel interfaces in /proc that are normally hidden.",
      remediation: "Remove procMount or set it to Default.",
      references: [pss + "#baseline"]
    ) { manifests in
      perContainer(manifests) { _, container in
        guard let node = container.node.at("securityContext", "procMount"), let value = node.string, value != "Default"
        else { return nil }
        return (node, "procMount \(value)")
      }
    },
    K8sRule(
      "PLM-K8S-011", [], .medium, "Unsafe sysctl",
      rationale: "Sysctls outside the safe set change node-wide kernel behaviour.",
      remediation: "Remove the sysctl or allow it explicitly on the node.",
      references: [pss + "#baseline"]
    ) { manifests in
      perWorkload(manifests) { workload in
        guard let bad = workload.podSpec.at("securityContext", "sysctls")?.items.first(where: {
          !safeSysctls.contains($0["name"]?.string ?? "")
        }) else { return nil }
        return (bad, "sysctl \(bad["name"]?.string ?? "")")
      }
    },
    K8sRule(
      "PLM-K8S-012", [], .high, "Windows HostProcess container",
      rationale: "A HostProcess container runs directly on the Windows node with its privileges.",
      remediation: "Remove `windowsOptions.hostProcess: true`.",
      references: [pss + "#baseline"]
    ) { manifests in
      perContainer(manifests) { workload, container in
        let node = container.node.at("securityContext", "windowsOptions", "hostProcess")
          ?? workload.podSpec.at("securityContext", "windowsOptions", "hostProcess")
        return node?.bool == true ? (node, "hostProcess: true") : nil
      }
    },
    K8sRule(
      "PLM-K8S-013", ["CKV_K8S_20"], .medium, "allowPrivilegeEscalation not set to false",
      rationale: "Without it, setuid binaries and file capabilities can raise a process's privileges.",
      remediation: "Set `securityContext.allowPrivilegeEscalation: false`.",
      references: [pss + "#restricted", securityContext]
    ) { manifests in
      perContainer(manifests) { _, container in
        let node = container.node.at("securityContext", "allowPrivilegeEscalation")
        return node?.bool == false ? nil : (node, "allowPrivilegeEscalation not false")
      }
    },
    K8sRule(
      "PLM-K8S-014", ["CKV_K8S_23"], .medium, "runAsNonRoot not set to true",
      rationale: "Without runAsNonRoot the kubelet will start an image that runs as root.",
      remediation: "Set `securityContext.runAsNonRoot: true` on the pod or container.",
      references: [pss + "#restricted"]
    ) { manifests in
      perContainer(manifests) { workload, container in
        let node = workload.effective(container, "runAsNonRoot")
        return node?.bool == true ? nil : (node, "runAsNonRoot not true")
      }
    },
    K8sRule(
      "PLM-K8S-015", [], .high, "Container runs as UID 0",
      rationale: "`runAsUser: 0` runs the process as root.",
      remediation: "Set runAsUser to a non-zero UID.",
      references: [pss + "#restricted"]
    ) { manifests in
      perContainer(manifests) { workload, container in
        guard let node = workload.effective(container, "runAsUser"), node.int == 0 else { return nil }
        return (node, "runAsUser: 0")
      }
    },
    K8sRule(
      "PLM-K8S-016", ["CKV_K8S_31"], .low, "Seccomp profile not set",
      rationale: "The restricted profile requires RuntimeDefault or Localhost seccomp.",
      remediation: "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.",
      references: [pss + "#restricted"]
    ) { manifests in
      perContainer(manifests) { workload, container in
        let type = seccompType(workload.effective(container, "seccompProfile"))
        return type == "RuntimeDefault" || type == "Localhost" ? nil : (nil, "seccompProfile not set")
      }
    },
    K8sRule(
      "PLM-K8S-017", ["CKV_K8S_37"], .low, "Capabilities not dropped",
      rationale: "The restricted profile requires dropping ALL capabilities and adding back only NET_BIND_SERVICE.",
      remediation: "Set `securityContext.capabilities.drop: [ALL]`.",
      references: [pss + "#restricted"]
    ) { manifests in
      perContainer(manifests) { _, container in
        capabilities(container, "drop").contains { capabilityName($0) == "ALL" } ? nil : (nil, "capabilities.drop lacks ALL")
      }
    },
    K8sRule(
      "PLM-K8S-018", ["CKV_K8S_25"], .medium, "Capability added beyond NET_BIND_SERVICE",
      rationale: "The restricted profile allows adding only NET_BIND_SERVICE.",
      remediation: "Remove the capability from `securityContext.capabilities.add`.",
      references: [pss + "#restricted"]
    ) { manifests in
      perContainer(manifests) { _, container in
        guard let bad = capabilities(container, "add").first(where: { capabilityName($0) != "NET_BIND_SERVICE" })
        else { return nil }
        return (bad, "capabilities.add \(bad.string ?? "")")
      }
    },
    K8sRule(
      "PLM-K8S-019", [], .low, "Volume type not allowed by the restricted profile",
      rationale: "Only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes are allowed.",
      remediation: "Use a persistentVolumeClaim instead of a direct volume source.",
      references: [pss + "#restricted"]
    ) { manifests in
      perWorkload(manifests) { workload in
        for volume in workload.podSpec["volumes"]?.items ?? [] {
          let types = volume.entries.map(\.key).filter { $0 != "name" }
          if let bad = types.first(where: { !restrictedVolumeTypes.contains($0) }) {
            return (volume, "volume \(volume["name"]?.string ?? "") uses \(bad)")
          }
        }
        return nil
      }
    },
    K8sRule(
      "PLM-K8S-020", ["CKV_K8S_22"], .low, "Root filesystem is not read-only",
      rationale: "A writable root filesystem lets an attacker persist tools and change binaries.",
      remediation: "Set `securityContext.readOnlyRootFilesystem: true` and mount emptyDir where writes are needed.",
      references: [securityContext]
    ) { manifests in
      perContainer(manifests) { _, container in
        let node = container.node.at("securityContext", "readOnlyRootFilesystem")
        return node?.bool == true ? nil : (node, "readOnlyRootFilesystem not true")
      }
    },
    K8sRule(
      "PLM-K8S-021", ["CKV_K8S_13"], .medium, "No memory limit",
      rationale: "Without a memory limit one container can exhaust the node and get neighbours evicted.",
      remediation: "Set `resources.limits.memory`.",
      references: ["https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"]
    ) { manifests in
      perContainer(manifests) { _, container in
        container.field == "ephemeralContainers" || container.node.at("resources", "limits", "memory") != nil
          ? nil : (nil, "resources.limits.memory not set")
      }
    },
    K8sRule(
      "PLM-K8S-022", ["CKV_K8S_11"], .low, "No CPU limit",
      rationale: "Without a CPU limit one container can starve its neighbours.",
      remediation: "Set `resources.limits.cpu`.",
      references: ["https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"]
    ) { manifests in
      perContainer(manifests) { _, container in
        container.field == "ephemeralContainers" || container.node.at("resources", "limits", "cpu") != nil
          ? nil : (nil, "resources.limits.cpu not set")
      }
    },
    K8sRule(
      "PLM-K8S-023", ["CKV_K8S_10", "CKV_K8S_12"], .low, "No resource requests",
      rationale: "Without requests the scheduler cannot place the pod sensibly and it is evicted first.",
      remediation: "Set `resources.requests.cpu` and `resources.requests.memory`.",
      references: ["https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"]
    ) { manifests in
      perContainer(manifests) { _, container in
        guard container.field != "ephemeralContainers" else { return nil }
        let requests = container.node.at("resources", "requests")
        return requests?["cpu"] != nil && requests?["memory"] != nil ? nil : (nil, "resources.requests incomplete")
      }
    },
    K8sRule(
      "PLM-K8S-024", ["CKV_K8S_14"], .medium, "Image uses the latest tag or no tag",
      rationale: "`latest` changes under you; rollouts stop being reproducible and rollbacks lie.",
      remediation: "Pin a version tag or a digest.",
      references: ["https://kubernetes.io/docs/concepts/containers/images/#image-names"]
    ) { manifests in
      perContainer(manifests) { _, container in
        guard let node = container.node["image"], let image = node.string, !image.contains("$") else { return nil }
        let reference = ImageReference(image)
        guard reference.digest == nil, reference.tag == nil || reference.tag == "latest" else { return nil }
        return (node, "image \(image)")
      }
    },
    K8sRule(
      "PLM-K8S-025", ["CKV_K8S_43"], .low, "Image not pinned by digest",
      rationale: "A tag can be re-pointed to different content; only a digest names exact bytes.",
      remediation: "Reference the image as `name@sha256:<digest>`.",
      references: ["https://kubernetes.io/docs/concepts/containers/images/#image-names"]
    ) { manifests in
      perContainer(manifests) { _, container in
        guard let node = container.node["image"], let image = node.string, !image.contains("$"),
              ImageReference(image).digest == nil else { return nil }
        return (node, "image \(image)")
      }
    },
    K8sRule(
      "PLM-K8S-026", [], .high, "Literal secret in env",
      rationale: "A secret written as an env value sits in the manifest, version control and `kubectl get -o yaml`.",
      remediation: "Use `valueFrom.secretKeyRef` with a Secret.",
      references: ["https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables"]
    ) { manifests in
      manifests.workloads.flatMap { workload in
        workload.containers.flatMap { container in
          (container.node["env"]?.items ?? []).compactMap { entry -> RuleHit? in
            guard let name = entry["name"]?.string, let valueNode = entry["value"], let value = valueNode.string,
                  SensitiveValues.isLiteral(value),
                  SensitiveValues.isSensitiveName(name) || SensitiveValues.looksLikeCredential(value)
                    || SensitiveValues.containsURLCredentials(value)
            else { return nil }
            return RuleHit(startLine: valueNode.line,
                           evidence: "\(workload.label(container)): \(name)=\(SensitiveValues.maskSecret(value))")
          }
        }
      }
    },
    K8sRule(
      "PLM-K8S-027", ["CKV_K8S_38"], .low, "Service account token mounted automatically",
      rationale: "Most pods never call the API server; a mounted token is a credential for an attacker.",
      remediation: "Set `automountServiceAccountToken: false` in the pod spec (or the ServiceAccount).",
      references: ["https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"]
    ) { manifests in
      perWorkload(manifests) { workload in
        workload.podSpec["automountServiceAccountToken"]?.bool == false ? nil : (nil, "automountServiceAccountToken not false")
      }
    },
    K8sRule(
      "PLM-K8S-028", ["CKV_K8S_8", "CKV_K8S_9"], .low, "No liveness or readiness probe",
      rationale: "Without probes Kubernetes routes traffic to, and keeps, containers that no longer work.",
      remediation: "Add `readinessProbe` and `livenessProbe`.",
      references: ["https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"]
    ) { manifests in
      perContainer(manifests) { workload, container in
        guard container.field == "containers", workload.kind != "Job", workload.kind != "CronJob" else { return nil }
        return container.node["livenessProbe"] == nil && container.node["readinessProbe"] == nil
          ? (nil, "no probes") : nil
      }
    },
    K8sRule(
      "PLM-K8S-029", ["CKV2_K8S_6"], .low, "Namespace has workloads but no NetworkPolicy",
      rationale: "Without a NetworkPolicy every pod accepts traffic from every other pod in the cluster.",
      remediation: "Add a default-deny NetworkPolicy for the namespace and allow only needed traffic.",
      references: ["https://kubernetes.io/docs/concepts/services-networking/network-policies/"]
    ) { manifests in
      var reported: Set<String> = []
      return manifests.workloads.compactMap { workload in
        let namespace = workload.namespace ?? ""
        guard !manifests.networkPolicyNamespaces.contains(namespace), !reported.contains(namespace) else { return nil }
        reported.insert(namespace)
        return RuleHit(startLine: workload.line,
                       evidence: "namespace \(namespace.isEmpty ? "(default)" : namespace) has no NetworkPolicy")
      }
    },
    K8sRule(
      "PLM-K8S-030", ["KSV044", "KSV045", "KSV046", "CKV_K8S_49"], .high, "Role grants a wildcard",
      rationale: "`*` in verbs, resources or apiGroups grants everything that exists now and every resource or verb added later, including secrets and RBAC itself.",
      remediation: "List the verbs, resources and API groups the subject needs.",
      references: [rbacPractices]
    ) { manifests in
      policyRuleHits(manifests) { rule in
        let wild = [("verbs", rule.verbs), ("resources", rule.resources), ("apiGroups", rule.apiGroups)]
          .filter { $0.1.contains("*") }.map { "\($0.0): *" }
        return wild.isEmpty ? nil : wild.joined(separator: ", ")
      }
    },
    K8sRule(
      "PLM-K8S-031", ["KSV111"], .high, "Binding to cluster-admin",
      rationale: "cluster-admin is unrestricted control of the whole cluster; a workload or user bound to it turns any compromise into a cluster takeover.",
      remediation: "Bind a role with only the permissions needed; keep cluster-admin for break-glass accounts.",
      references: [rbacPractices]
    ) { manifests in
      manifests.bindings.compactMap { binding in
        guard binding.roleKind == "ClusterRole", binding.roleName == "cluster-admin" else { return nil }
        let subjects = binding.subjects.isEmpty ? "" : " for " + binding.subjects.joined(separator: ", ")
        return RuleHit(startLine: binding.line, evidence: "\(binding.kind)/\(binding.name) binds cluster-admin\(subjects)")
      }
    },
    K8sRule(
      "PLM-K8S-032", ["KSV041"], .high, "Role can read Secrets",
      rationale: "get, list or watch on secrets reads every credential in scope, service account tokens included.",
      remediation: "Mount the one Secret a workload needs instead of granting read access to all of them.",
      references: [rbacPractices]
    ) { manifests in
      policyRuleHits(manifests) { rule in
        guard rule.resources.contains("secrets"), rule.grants(["get", "list", "watch"], on: "secrets") else { return nil }
        return "secrets: " + rule.verbs.joined(separator: ",")
      }
    },
    K8sRule(
      "PLM-K8S-033", ["KSV053"], .high, "Role can exec into pods",
      rationale: "create on pods/exec (or pods/attach) is a shell in every pod in scope, with the pod's service account and mounted secrets.",
      remediation: "Remove pods/exec and pods/attach from roles that do not need an interactive shell.",
      references: [rbacPractices]
    ) { manifests in
      policyRuleHits(manifests) { rule in
        let resources = ["pods/exec", "pods/attach"].filter {
          rule.resources.contains($0) && rule.grants(["create"], on: $0)
        }
        return resources.isEmpty ? nil : resources.joined(separator: ", ") + ": " + rule.verbs.joined(separator: ",")
      }
    },
    K8sRule(
      "PLM-K8S-034", ["CKV_K8S_157", "CKV_K8S_158", "KSV043"], .high, "Role can escalate, bind or impersonate",
      rationale: "escalate and bind bypass RBAC's check that a subject cannot grant more than it holds, and impersonate acts as any user, group or service account: each is a path to cluster-admin.",
      remediation: "Remove the escalate, bind and impersonate verbs unless the subject administers RBAC.",
      references: [rbacPractices]
    ) { manifests in
      policyRuleHits(manifests) { rule in
        let verbs = ["escalate", "bind", "impersonate"].filter(rule.verbs.contains)
        return verbs.isEmpty ? nil : "verbs: " + verbs.joined(separator: ",") + " on " + rule.resources.joined(separator: ",")
      }
    },
    K8sRule(
      "PLM-K8S-035", [], .high, "Secret manifest holds a literal credential",
      rationale: "A credential written into a Secret manifest (base64 is an encoding, not encryption) is readable by anyone with the repository.",
      remediation: "Keep the value out of the repository: create the Secret at deploy time, or commit it encrypted (Sealed Secrets, SOPS, an external secrets operator).",
      references: ["https://kubernetes.io/docs/concepts/security/secrets-good-practices/"]
    ) { manifests in
      manifests.secrets.flatMap { secret in
        secret.entries.filter { !$0.credentials.isEmpty }.map { entry in
          RuleHit(startLine: entry.line,
                  evidence: "Secret/\(secret.name) \(entry.field).\(entry.key): \(entry.credentials.joined(separator: ", "))")
        }
      }
    },
  ]
}

/// Runs the Kubernetes rules over manifest files.
public enum KubernetesScanner {
  /// What a YAML file turned out to hold.
  public enum Loaded: Sendable {
    /// Manifests, with warnings about the file that did not stop it (repeated keys).
    case kubernetes([YAMLNode], warnings: [ScanWarning])
    case compose([YAMLNode], warnings: [ScanWarning])
    /// Neither; the warning says why when the file should have been a manifest.
    case skipped(ScanWarning?)
  }

  /// Parses `data` and classifies it as Kubernetes manifests or a Compose file. With
  /// `requireManifests`, YAML of neither kind is skipped silently (a directory walk meets
  /// many unrelated YAML files).
  public static func load(data: Data, path: String, requireManifests: Bool) -> Loaded {
    let file: YAMLFile
    do {
      file = try YAMLLoader.load(data)
    } catch {
      if !requireManifests || looksLikeManifest(data) {
        return .skipped(ScanWarning(input: path, message: error.localizedDescription))
      }
      return .skipped(nil)
    }
    let documents = file.documents
    let manifests = documents.filter(KubernetesManifests.isManifest)
    if !manifests.isEmpty { return .kubernetes(manifests, warnings: file.warnings(path: path)) }
    if documents.contains(where: { $0["services"]?.isMapping == true }) {
      return .compose(documents, warnings: file.warnings(path: path))
    }
    return .skipped(requireManifests
      ? nil : ScanWarning(input: path, message: "no Kubernetes objects or Compose services found"))
  }

  /// Parses and scans one YAML file (Kubernetes, or Compose when that is what it holds).
  public static func scan(data: Data, path: String, ignoring ignored: Set<String> = [],
                          requireManifests: Bool = false,
                          networkPolicyNamespaces: Set<String> = [],
                          detector: any CredentialDetector = BuiltInCredentialDetector()) -> FindingReport {
    findings(for: load(data: data, path: path, requireManifests: requireManifests), path: path,
             ignoring: ignored, networkPolicyNamespaces: networkPolicyNamespaces, detector: detector)
  }

  /// Runs the matching rules over an already loaded file; `detector` judges Secret values.
  public static func findings(for loaded: Loaded, path: String, ignoring ignored: Set<String>,
                              networkPolicyNamespaces: Set<String> = [],
                              detector: any CredentialDetector = BuiltInCredentialDetector())
    -> FindingReport
  {
    var report = FindingReport(target: path)
    switch loaded {
    case .kubernetes(let documents, let warnings):
      report.warnings += warnings
      var manifests = KubernetesManifests(documents: documents, detector: detector)
      for secret in manifests.secrets where !secret.undecodable.isEmpty {
        report.warnings.append(ScanWarning(
          input: path, message: "Secret/\(secret.name): data not valid base64 for "
            + secret.undecodable.joined(separator: ", ") + "; those values were not checked"))
      }
      manifests.networkPolicyNamespaces.formUnion(networkPolicyNamespaces)
      report.findings = run(manifests, path: path, ignoring: ignored)
    case .compose(let documents, let warnings):
      report.warnings += warnings
      for document in documents {
        report.findings += ComposeScanner.run(ComposeFile(document: document), path: path, ignoring: ignored)
      }
    case .skipped(let warning):
      if let warning { report.warnings.append(warning) }
    }
    return report
  }

  static func looksLikeManifest(_ data: Data) -> Bool {
    let head = String(decoding: data.prefix(4096), as: UTF8.self)
    return head.contains("apiVersion:") && head.contains("kind:")
  }

  /// Runs every Kubernetes rule over parsed manifests.
  public static func run(_ manifests: KubernetesManifests, path: String, ignoring ignored: Set<String> = [])
    -> [Finding]
  {
    KubernetesRules.all.filter { rule in
      !rule.info.isIgnored(by: ignored)
    }.flatMap { $0.findings(manifests, path: path) }
      .sorted { ($0.location?.startLine ?? 0, $0.id) < ($1.location?.startLine ?? 0, $1.id) }
  }
}
