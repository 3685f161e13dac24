public import PlimsollCatalog

/// Kernel vulnerabilities matched against packages that do not run a kernel.
///
/// Distributions file kernel CVEs under the kernel's source package (`linux`, `kernel`), so a
/// container's `linux-libc-dev` (headers for building userspace) or `kernel-headers` inherits
/// every kernel CVE. A container runs its host's kernel: these findings are reported as
/// `not_affected` with the reason, rather than as hundreds of plain findings.
public enum KernelHeaders {
  /// Binary packages built from a kernel source that hold headers, build helpers, documents
  /// or user-space tools, never a kernel image.
  static let namePrefixes = ["linux-libc-dev", "linux-headers", "linux-kbuild", "linux-compiler",
                             "linux-source", "linux-doc", "linux-support", "linux-tools",
                             "linux-perf", "kernel-headers", "kernel-devel", "kernel-tools",
                             "kernel-doc", "libcpupower", "bpftool", "usbip", "hyperv-daemons"]

  /// The reason a finding for `package` is not a risk in a container, or nil when it may be.
  public static func notAffectedReason(_ package: Package, sourceName: String) -> String? {
    let isKernelSource = sourceName == "linux" || sourceName.hasPrefix("linux-signed")
      || sourceName == "kernel" || sourceName == "linux-lts"
    guard package.type.isOSPackage, isKernelSource,
      namePrefixes.contains(where: { package.name.hasPrefix($0) })
    else { return nil }
    return "kernel vulnerability: \(package.name) ships kernel headers or tools, not a kernel; "
      + "a container runs its host's kernel, which is where this applies"
  }
}
