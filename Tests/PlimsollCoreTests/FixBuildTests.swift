import Foundation
import PlimsollTestSupport
import Testing

/// The proof that `plimsoll fix` keeps images working: for five base-image families, the
/// original and the fixed Dockerfile are built by the real Docker engine (no network; bases
/// made from the test image, and `scratch` with a static busybox), and the fixed image runs
/// its command as a non-root user. (Alpine's `adduser`/`addgroup` are not in Debian's
/// busybox, so that family is not built here.)
@Suite(.enabled(if: Requirement.engine && Requirement.file("/bin/busybox"),
                "needs the Docker engine with the test image, and busybox-static"))
struct FixBuildTests {
  /// A family's base image name (what `fix` reads the family from) and the uid it expects.
  static let families: [(base: String, uid: String)] = [
    ("plimsoll-fixtest/debian:12", "10001"),
    ("plimsoll-fixtest/rockylinux:9", "10001"),
    ("plimsoll-fixtest/distroless/base-debian12:nonroot", "65532"),
    ("plimsoll-fixtest/custom-base:1", "10001"),
    ("scratch", "65532"),
  ]

  /// The base images: the test image under each family's name, each an image of its own (a
  /// label), so the test image itself gets no other tag while engine tests run beside this one.
  func makeBases(_ scratch: Scratch) throws {
    for (index, family) in Self.families.enumerated() where family.base != "scratch" {
      let context = try scratch.write("base\(index)/Dockerfile",
                                      "FROM \(DockerEngine.testImage)\nLABEL org.plimsoll.fixtest=\"\(family.base)\"\n")
      try DockerEngine.docker(["build", "-q", "--network", "none", "-t", family.base,
                               (context as NSString).deletingLastPathComponent])
    }
  }

  /// An application on `base`: a local file added, a RUN, and a shell-form command that prints
  /// its uid (the fix puts it in exec form under `/bin/sh -c`).
  /// (On `scratch`, where no RUN can run, the application says `USER 0:0`: PLM-DF-002 leaves
  /// scratch alone, PLM-DF-001 does not.)
  func dockerfile(on base: String) -> String {
    guard base == "scratch" else {
      return """
        FROM \(base)
        ADD ready.txt /app/ready.txt
        RUN mkdir -p /app/data && echo started > /app/data/state
        CMD id -u && cat /app/ready.txt /app/data/state

        """
    }
    return """
      FROM scratch
      ADD ready.txt /app/ready.txt
      ADD busybox /bin/busybox
      ADD state /app/data/state
      USER 0:0
      CMD ["/bin/busybox", "sh", "-c", "/bin/busybox id -u && /bin/busybox cat /app/ready.txt /app/data/state"]

      """
  }

  @Test func fixedImagesBuildAndRunAsNonRoot() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let scratch = try Scratch()
    try makeBases(scratch)
    defer {
      for family in Self.families where family.base != "scratch" { _ = try? DockerEngine.docker(["rmi", "-f", family.base]) }
      for index in Self.families.indices {
        _ = try? DockerEngine.docker(["rmi", "-f", "plimsoll-fixtest/app\(index):original", "plimsoll-fixtest/app\(index):fixed"])
      }
    }
    for (index, family) in Self.families.enumerated() {
      let directory = "app\(index)"
      let dockerfile = try scratch.write(directory + "/Dockerfile", dockerfile(on: family.base))
      try scratch.write(directory + "/ready.txt", "ready\n")
      try scratch.write(directory + "/state", "started\n")
      try scratch.run(["cp", "/bin/busybox", directory + "/busybox"])
      let context = scratch.path + "/" + directory
      func buildAndRun(_ tag: String) throws -> String {
        try DockerEngine.docker(["build", "-q", "--network", "none", "-t", tag, context])
        return try DockerEngine.docker(["run", "--rm", "--network", "none", tag])
      }
      #expect(try buildAndRun("plimsoll-fixtest/app\(index):original") == "0\nready\nstarted", "\(family.base)")

      let (status, _, summary) = try await runPlimsollAsync(plimsoll, ["fix", dockerfile, "--write", "--no-backup"])
      #expect(status == 0, "\(summary)")
      let fixed = try String(contentsOfFile: dockerfile, encoding: .utf8)
      #expect(fixed.contains("COPY ready.txt") && fixed.contains("USER "), "\(family.base):\n\(fixed)")
      if family.base != "scratch" {
        #expect(fixed.contains(#"CMD ["/bin/sh", "-c", "id -u && cat /app/ready.txt /app/data/state"]"#), "\(fixed)")
      }
      let output = try buildAndRun("plimsoll-fixtest/app\(index):fixed")
      #expect(output == "\(family.uid)\nready\nstarted", "\(family.base):\n\(fixed)\n→ \(output)")
    }
  }
}
