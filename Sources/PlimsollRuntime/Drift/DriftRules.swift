public import PlimsollFindings

/// One drift rule: its documentation and the status its findings carry.
///
/// Drift rules are not run one by one over a subject: the analyzer classifies each changed
/// path into exactly one rule (the most specific), which then reports it as an observation.
public struct DriftRule: Sendable, Hashable {
  /// Id, title, severity, rationale and remediation, as `plimsoll rules` lists them.
  public var info: RuleInfo
  /// `fail` for drift that should not happen in an immutable container, `info` for facts.
  public var status: FindingStatus

  /// Builds a rule from its table columns: `PLM-DRIFT-nnn`, kind `.drift`.
  init(_ number: Int, _ severity: Severity, _ status: FindingStatus, _ title: String,
       rationale: String, remediation: String, aliases: [String] = [],
       references: [String] = []) {
    info = RuleInfo(
      id: RuleInfo.numberedID("PLM-DRIFT-", number), aliases: aliases, kind: .drift, severity: severity, title: title,
      rationale: rationale, remediation: remediation, references: references)
    self.status = status
  }

  /// The finding this rule reports for `path`.
  func finding(path: String, evidence: String, properties: [String: String]) -> Finding {
    info.finding(Observation(status, evidence), at: path, properties: properties)
  }
}

/// The container drift rules: what a change in a running container's filesystem, compared
/// with its image, means.
///
/// A container should run what its image holds; a program written or patched at runtime, a
/// package installed, a cron entry dropped are the traces an intruder leaves. The table is the
/// single source for both the analyzer and `plimsoll rules`.
public enum DriftRules {
  private static let immutable =
    "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
  private static let falco = "https://falco.org/docs/reference/rules/default-rules/"
  private static let rebuild =
    "Find what wrote it (shell history, process tree, logs); if it is not yours, treat the "
    + "container as compromised: keep its export for forensics and replace it from the image. "
    + "Make the root filesystem read-only (--read-only, readOnlyRootFilesystem: true) and "
    + "mount writable volumes only where the application writes."

  /// An ELF program or library, or a file with execute bits, whose content changed.
  public static let executableModified = DriftRule(
    1, .critical, .fail, "Executable from the image modified at runtime",
    rationale: "A program or shared library the image shipped now has different content: "
      + "patching binaries in place is how rootkits and backdoors hide in a container.",
    remediation: rebuild, references: [falco])

  /// A file that was not executable in the image (or not there at all) now is.
  public static let newExecutable = DriftRule(
    2, .high, .fail, "Executable file written at runtime",
    rationale: "A program or script that is not in the image (execute bit, ELF header or "
      + "interpreter line) was written into the container: downloaded tools and droppers "
      + "look like this. Immutable containers run only what their image holds.",
    remediation: rebuild, references: [falco, immutable])

  /// Added or modified under `/etc`, `/usr`, `/bin`, `/sbin`, `/lib*`, `/boot`.
  public static let systemFileWritten = DriftRule(
    3, .high, .fail, "File written below a system directory",
    rationale: "Configuration, libraries and programs live below /etc, /usr, /bin, /sbin, "
      + "/lib and /boot; a running service has no reason to change them.",
    remediation: rebuild, references: [falco])

  /// dpkg, apk or rpm database changed: a package was installed, upgraded or removed.
  public static let packageDatabaseChanged = DriftRule(
    4, .high, .fail, "Package installed or removed at runtime",
    rationale: "The package manager's database changed, so software was installed, upgraded "
      + "or removed inside the running container. It is missing from the image's SBOM and "
      + "vulnerability scan, and package managers in production are an attacker's tool.",
    remediation: "Install packages in the Dockerfile and rebuild; " + rebuild,
    references: [falco])

  /// Deleted below a system directory.
  public static let systemFileDeleted = DriftRule(
    5, .high, .fail, "File deleted from a system directory",
    rationale: "A file the image shipped below /etc, /usr, /bin, /sbin, /lib or /boot was "
      + "removed: deleting logs of a tool, a security configuration or a binary to replace it.",
    remediation: rebuild)

  /// Deleted elsewhere.
  public static let fileDeleted = DriftRule(
    6, .medium, .warn, "File from the image deleted",
    rationale: "A file the image shipped was removed from the running container.",
    remediation: rebuild)

  /// Setuid or setgid bit newly set.
  public static let setIDGained = DriftRule(
    7, .high, .fail, "File made setuid or setgid at runtime",
    rationale: "A file gained the setuid or setgid bit in the running container: a classic "
      + "way to keep root access, since any user running it gets the owner's privileges.",
    remediation: rebuild + " Run with --security-opt no-new-privileges and drop CAP_FOWNER, "
      + "CAP_SETUID and CAP_SETGID.",
    references: ["https://gtfobins.github.io/#+suid"])

  /// World-writable bit newly set on a file, or on a directory without the sticky bit.
  public static let worldWritableGained = DriftRule(
    8, .medium, .fail, "File made world-writable at runtime",
    rationale: "Any user of the container can now change this file (or replace files in this "
      + "directory), which lets an unprivileged process tamper with what others run or read.",
    remediation: rebuild)

  /// Mode changed, content equal to the image.
  public static let metadataChanged = DriftRule(
    9, .low, .info, "Permissions or owner changed, content unchanged",
    rationale: "The file's permissions or owner differ from the image while its content is identical.",
    remediation: "Check which process changed the permissions; set them in the image instead.")

  /// Added or modified outside the system, scratch and log directories.
  public static let fileWritten = DriftRule(
    10, .low, .warn, "File added or modified at runtime",
    rationale: "A file outside the system directories was written: application data belongs "
      + "on a volume, where it is expected and survives the container.",
    remediation: "Mount a volume where the application writes and make the root filesystem "
      + "read-only.")

  /// Added or modified in `/tmp`, `/var/tmp`, `/run`, `/var/log`, `/var/cache`, `/dev/shm`.
  public static let scratchFileWritten = DriftRule(
    11, .low, .info, "File written in a temporary, runtime or log directory",
    rationale: "Temporary, runtime, cache and log files are expected to change; listed so "
      + "the drift picture is complete.",
    remediation: "Mount a tmpfs for temporary files and send logs to the container's output.")

  /// Cron, systemd, init scripts, shell start-up files, sudoers, authorized_keys.
  public static let persistenceWritten = DriftRule(
    12, .high, .fail, "Persistence or privilege configuration written",
    rationale: "Cron entries, service units, init scripts, shell start-up files, sudoers and "
      + "SSH authorized_keys run commands or grant access later: writing them is how an "
      + "intruder comes back.",
    remediation: rebuild, references: [falco])

  /// `/etc/ld.so.preload` written.
  public static let preloadWritten = DriftRule(
    13, .critical, .fail, "Dynamic linker preload configured at runtime",
    rationale: "/etc/ld.so.preload makes every dynamically linked program load the listed "
      + "libraries first: the standard way user-space rootkits hide processes and files.",
    remediation: rebuild, references: [falco])

  /// Every drift rule, in id order.
  public static let all: [DriftRule] = [
    executableModified, newExecutable, systemFileWritten, packageDatabaseChanged,
    systemFileDeleted, fileDeleted, setIDGained, worldWritableGained, metadataChanged,
    fileWritten, scratchFileWritten, persistenceWritten, preloadWritten,
  ]

  /// The documentation of every drift rule, for `plimsoll rules` and SARIF.
  public static var infos: [RuleInfo] { all.map(\.info) }
}

/// Which part of a Linux filesystem a path is in, for the drift rules.
enum DriftPaths {
  /// Directories holding programs, libraries and configuration.
  static let system = ["/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
                       "/boot"]
  /// Directories expected to change while a container runs.
  static let scratch = ["/tmp", "/var/tmp", "/run", "/var/run", "/var/log", "/var/cache",
                        "/dev/shm"]
  /// Package manager databases: dpkg, apk, rpm (classic and /usr/lib/sysimage). Only the
  /// database itself, so one install is one finding, not one per file list it touched.
  static let packageDatabaseFiles = [
    "/var/lib/dpkg/status", "/lib/apk/db/installed", "/usr/lib/apk/db/installed",
    "/var/lib/rpm/Packages", "/var/lib/rpm/Packages.db", "/var/lib/rpm/rpmdb.sqlite",
    "/usr/lib/sysimage/rpm/Packages", "/usr/lib/sysimage/rpm/Packages.db",
    "/usr/lib/sysimage/rpm/rpmdb.sqlite",
  ]
  /// Files and directories whose content runs later or grants access.
  static let persistenceFiles = ["/etc/crontab", "/etc/rc.local", "/etc/sudoers",
                                 "/etc/profile", "/etc/bash.bashrc", "/etc/environment",
                                 "/etc/passwd", "/etc/shadow", "/etc/group",
                                 "/root/.bashrc", "/root/.profile", "/root/.bash_profile"]
  static let persistenceDirectories = ["/etc/cron.d", "/etc/cron.hourly", "/etc/cron.daily",
                                       "/etc/cron.weekly", "/etc/cron.monthly",
                                       "/var/spool/cron", "/etc/systemd", "/lib/systemd/system",
                                       "/usr/lib/systemd/system", "/etc/init.d", "/etc/rc.d",
                                       "/etc/profile.d", "/etc/sudoers.d", "/root/.ssh",
                                       "/etc/update-motd.d"]

  static func isUnder(_ path: String, _ directories: [String]) -> Bool {
    directories.contains { path == $0 || path.hasPrefix($0 + "/") }
  }

  static func isSystem(_ path: String) -> Bool { isUnder(path, system) }
  static func isScratch(_ path: String) -> Bool { isUnder(path, scratch) }

  static func isPackageDatabase(_ path: String) -> Bool {
    packageDatabaseFiles.contains(path)
  }

  static func isPreload(_ path: String) -> Bool { path == "/etc/ld.so.preload" }

  static func isPersistence(_ path: String) -> Bool {
    if persistenceFiles.contains(path) { return true }
    if persistenceDirectories.contains(where: { path.hasPrefix($0 + "/") }) { return true }
    // Any user's SSH keys: /home/<user>/.ssh/authorized_keys and friends.
    let parts = path.split(separator: "/")
    return parts.count == 4 && parts.first == "home" && parts.dropFirst(2).first == ".ssh"
  }
}
