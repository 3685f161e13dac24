import Foundation
public import PlimsollEngine
public import PlimsollFindings
import PlimsollRules

/// What an image check looks at: the environment the Docker client runs with (checks of
/// the client's settings), or one image with its history `created_by` lines (newest first, as
/// `docker history` lists them).
public enum ImageScope: Sendable {
  case environment([String: String])
  case image(ImageInspect, history: [String])
}

/// An image check (CIS section 4 over an engine's images): one observation per environment
/// or per image, as its table entry says.
public typealias ImageCheck = Check<ImageScope>

extension ImageScope {
  /// The image and its history, for a per-image check.
  var image: (ImageInspect, [String])? {
    if case .image(let image, let history) = self { (image, history) } else { nil }
  }

  /// The client's environment, for a check decided once.
  var environment: [String: String]? {
    if case .environment(let environment) = self { environment } else { nil }
  }
}

extension Check where Subject == ImageScope {
  /// A per-image check from its table columns: `PLM-EIMG-nnn`, alias `CIS-4.n`.
  public init(
    _ number: Int, cis: String, _ severity: Severity, _ title: String,
    rationale: String, remediation: String, references: [String] = [],
    run: @escaping @Sendable (ImageInspect, [String]) -> Observation
  ) {
    let info = RuleInfo.runtime("PLM-EIMG-", number, cis: cis, severity, title, rationale: rationale,
                                remediation: remediation, references: references)
    self.init(info: info, on: \.image) { run($0.0, $0.1) }
  }

  /// A check of the client's environment, decided once.
  public init(
    _ number: Int, cis: String, _ severity: Severity, _ title: String,
    rationale: String, remediation: String, references: [String] = [],
    environment run: @escaping @Sendable ([String: String]) -> Observation
  ) {
    let info = RuleInfo.runtime("PLM-EIMG-", number, cis: cis, severity, title, rationale: rationale,
                                remediation: remediation, references: references)
    self.init(info: info, on: \.environment, run: run)
  }
}

/// Runs the image checks (CIS Docker Benchmark section 4).
public enum ImageAuditor {
  /// The location of findings about the client's environment (4.5).
  public static let environmentLocation = "environment"

  /// Audits `images` with their history lines: the environment checks once, then one finding
  /// per (image, check), located `image:<first tag or id>`.
  public static func audit(
    _ images: [(ImageInspect, history: [String])], environment: [String: String]
  ) -> FindingReport {
    var findings = ImageChecks.all.flatMap {
      $0.findings(.environment(environment), at: environmentLocation)
    }
    for (image, history) in images {
      for check in ImageChecks.all {
        findings += check.findings(.image(image, history: history), at: "image:" + image.displayName,
                                   properties: ["image.id": image.id])
      }
    }
    return FindingReport(target: "docker-engine", findings: findings)
  }
}

/// CIS Docker Benchmark v1.6 section 4, container images and build files.
public enum ImageChecks {
  static let buildDocs = "https://docs.docker.com/build/building/best-practices/"

  /// All checks, 4.1 to 4.12.
  public static var all: [ImageCheck] {
    [
      ImageCheck(
        1, cis: "4.1", .high, "Ensure that a user for the container has been created",
        rationale: "An image with no USER runs its containers as root.",
        remediation: "Create a user (useradd) and add USER <name or uid> to the Dockerfile.",
        references: [buildDocs + "#user"]
      ) { image, _ in
        let user = image.config.user
        return ImageUser.isRoot(user)
          ? CheckObservation(.fail, "Config.User=\"\(user)\" (root)")
          : CheckObservation(.pass, "Config.User=\"\(user)\"")
      },
      ImageCheck(
        2, cis: "4.2", .medium, "Ensure that containers use only trusted base images",
        rationale: "A base image from an unknown publisher can carry anything.",
        remediation: "Build FROM official or in-house images pinned by digest; verify them."
      ) { image, history in
        let base = history.last.map { " base layer: \(clip($0))" } ?? ""
        let digests =
          image.repoDigests.isEmpty
          ? "RepoDigests=[] (not pulled from a registry)"
          : "RepoDigests: " + image.repoDigests.joined(separator: ", ")
        return CheckObservation(.manual, digests + ";" + base)
      },
      ImageCheck(
        3, cis: "4.3", .low, "Ensure that unnecessary packages are not installed in the container",
        rationale: "Every extra package is more code to patch and to exploit.",
        remediation: "Use a minimal or distroless base; install with --no-install-recommends."
      ) { _, _ in
        CheckObservation(
          .manual, "review the inventory (`plimsoll sbom <image>`) for packages not needed")
      },
      ImageCheck(
        4, cis: "4.4", .medium, "Ensure images are scanned and rebuilt to include security patches",
        rationale: "An image not rebuilt keeps the vulnerabilities fixed since it was built.",
        remediation: "Scan regularly (`plimsoll image <image>`) and rebuild on new base images."
      ) { image, _ in
        CheckObservation(
          .manual,
          "Created=\(image.created ?? "unknown"): scan it and rebuild when fixes are published")
      },
      ImageCheck(
        5, cis: "4.5", .medium, "Ensure Content trust for Docker is Enabled",
        rationale: "With content trust the client pulls and runs only signed tags.",
        remediation: "export DOCKER_CONTENT_TRUST=1 (e.g. in /etc/environment).",
        references: ["https://docs.docker.com/engine/security/trust/"],
        environment: { environment in
          let value = environment["DOCKER_CONTENT_TRUST"]
          return value == "1"
            ? CheckObservation(.pass, "DOCKER_CONTENT_TRUST=1")
            : CheckObservation(
              .fail, "DOCKER_CONTENT_TRUST=" + (value.map { "\"\($0)\"" } ?? "unset"))
        }),
      ImageCheck(
        6, cis: "4.6", .low,
        "Ensure that HEALTHCHECK instructions have been added to container images",
        rationale: "Without HEALTHCHECK the engine cannot tell a hung service from a healthy one.",
        remediation: "Add HEALTHCHECK CMD <probe> to the Dockerfile.",
        references: [buildDocs]
      ) { image, _ in
        guard let check = image.config.healthcheck else {
          return CheckObservation(.fail, "Config.Healthcheck=null")
        }
        return check.runsCommand
          ? CheckObservation(
            .pass, "Config.Healthcheck.Test=[\(check.test.joined(separator: ", "))]")
          : CheckObservation(
            .fail, "Config.Healthcheck.Test=[\(check.test.joined(separator: ", "))] (no command)")
      },
      ImageCheck(
        7, cis: "4.7", .low, "Ensure update instructions are not used alone in the Dockerfile",
        rationale: "A cached `apt-get update` layer reused by later builds installs stale "
          + "package versions.",
        remediation: "Update and install in one RUN: apt-get update && apt-get install -y … .",
        references: [buildDocs + "#apt-get"]
      ) { _, history in
        let alone = history.filter(HistoryText.updatesAlone)
        return alone.isEmpty
          ? CheckObservation(.pass, "no history step updates package lists without installing")
          : CheckObservation(
            .warn, "history: " + alone.map(clip).joined(separator: " | "))
      },
      ImageCheck(
        8, cis: "4.8", .medium, "Ensure setuid and setgid permissions are removed",
        rationale: "setuid and setgid programs are a path from a user to root.",
        remediation: "Remove the bits from programs that do not need them: "
          + "RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +"
      ) { _, history in
        if let step = history.first(where: HistoryText.removesSetuid) {
          return CheckObservation(
            .manual, "history removes setuid bits (\(clip(step))); confirm none remain")
        }
        return CheckObservation(
          .manual, "list them with `find / -xdev -perm /6000 -type f` in the image")
      },
      ImageCheck(
        9, cis: "4.9", .low, "Ensure that COPY is used instead of ADD in Dockerfiles",
        rationale: "ADD fetches URLs and unpacks archives implicitly; COPY only copies.",
        remediation: "Use COPY; fetch remote files with a verified download step.",
        references: [buildDocs + "#add-or-copy"]
      ) { _, history in
        // The oldest step of most images is the base root filesystem (`ADD file:… in /`).
        var steps = history
        if let oldest = steps.last, HistoryText.isBaseFilesystem(oldest) { steps.removeLast() }
        let adds = steps.filter(HistoryText.isAdd)
        return adds.isEmpty
          ? CheckObservation(.pass, "no ADD step in the history")
          : CheckObservation(.warn, "history: " + adds.map(clip).joined(separator: " | "))
      },
      ImageCheck(
        10, cis: "4.10", .high, "Ensure secrets are not stored in Dockerfiles",
        rationale: "ENV and ARG values are stored in the image config and history for anyone "
          + "who pulls it.",
        remediation: "Pass secrets at run time or with BuildKit secret mounts "
          + "(RUN --mount=type=secret).",
        references: ["https://docs.docker.com/build/building/secrets/"]
      ) { image, history in
        let names = HistoryText.secretNames(env: image.config.env, history: history)
        if names.isEmpty {
          return CheckObservation(
            .manual,
            "no secret-named ENV or build ARG; scan the layers too (`plimsoll secrets <image>`)")
        }
        return CheckObservation(
          .warn,
          "secret-named variables set: \(names.joined(separator: ", ")) (values not shown)")
      },
      ImageCheck(
        11, cis: "4.11", .medium, "Ensure only verified packages are installed",
        rationale: "Packages installed with signature or TLS checks turned off may be tampered "
          + "with.",
        remediation: "Install from signed repositories; never disable GPG or TLS verification."
      ) { _, history in
        let unverified = history.filter { HistoryText.skipsVerification($0) != nil }
        if unverified.isEmpty {
          return CheckObservation(
            .manual, "no history step disables package verification; confirm the sources")
        }
        let flags = Set(unverified.compactMap(HistoryText.skipsVerification)).sorted()
        return CheckObservation(
          .fail,
          "history disables verification (\(flags.joined(separator: ", "))): "
            + unverified.map(clip).joined(separator: " | "))
      },
      ImageCheck(
        12, cis: "4.12", .medium, "Ensure all signed artifacts are validated",
        rationale: "A signature protects only when it is checked before use.",
        remediation: "Verify artifact signatures (cosign verify, docker trust inspect) before "
          + "publishing or running."
      ) { image, _ in
        CheckObservation(
          .manual,
          image.repoDigests.isEmpty
            ? "no registry digest to verify a signature against"
            : "verify the signature of " + image.repoDigests.joined(separator: ", "))
      },
    ]
  }

  /// A history line cut to 160 characters for evidence.
  static func clip(_ line: String) -> String {
    let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
    return trimmed.count > 160 ? String(trimmed.prefix(157)) + "..." : trimmed
  }
}
