import Foundation
import PlimsollEngine
import PlimsollFindings
import PlimsollRuntime
import PlimsollTestSupport
import Testing

/// `sha256sum` inside the container, as `sha256:<hex>` by path.
private func containerHashes(_ id: String, _ paths: [String]) throws -> [String: String] {
  let output = try DockerEngine.docker(["exec", id, "sha256sum"] + paths)
  var hashes: [String: String] = [:]
  for line in output.split(separator: "\n") {
    let fields = line.split(separator: " ", omittingEmptySubsequences: true)
    if fields.count == 2 { hashes[String(fields[1])] = "sha256:" + fields[0] }
  }
  return hashes
}

/// Drift made with `docker exec` in a real container of the test image, read back the way the
/// Engine reports it: `docker diff`, `docker save`, `docker export`.
@Test(.enabled(if: Requirement.engine, "no Docker engine with the test image (scripts/start-docker-engine)"))
func driftOfARealContainer() throws {
  try #require(DockerEngine.available(), "no Docker engine with the test image (scripts/start-docker-engine)")
  let id = try DockerEngine.run([])
  defer { DockerEngine.remove(id) }
  let image = DockerEngine.testImage
  let before = try containerHashes(id, ["/usr/local/bin/fzf", "/usr/share/doc/bash/copyright",
                                        "/var/lib/dpkg/status", "/usr/bin/env", "/etc/issue",
                                        "/usr/bin/ls"])
  try DockerEngine.docker(["exec", id, "sh", "-c", """
    echo '* * * * * root /tmp/x' > /etc/cron.d/evil \
    && printf X >> /usr/local/bin/fzf \
    && cp /bin/ls /tmp/ls.new && printf Y >> /tmp/ls.new && cp /tmp/ls.new /bin/ls \
    && rm /tmp/ls.new \
    && printf '#!/bin/sh\\necho pwned\\n' > /tmp/x && chmod +x /tmp/x \
    && chmod u+s /usr/bin/env \
    && chmod o+w /etc/issue \
    && chown 1000:1000 /etc/motd \
    && touch /etc/debian_version \
    && rm /usr/share/doc/bash/copyright \
    && printf '\\n' >> /var/lib/dpkg/status \
    && echo hello >> /var/log/drift.log
    """])
  let after = try containerHashes(id, ["/usr/local/bin/fzf", "/tmp/x", "/etc/cron.d/evil",
                                       "/var/lib/dpkg/status", "/var/log/drift.log", "/usr/bin/ls"])
  let changes = parseDockerDiff(try DockerEngine.docker(["diff", id]))
  #expect(Set(changes.map { "\($0.kind) \($0.path)" }).isSuperset(of: [
    "added /etc/cron.d/evil", "modified /usr/local/bin/fzf", "added /tmp/x",
    "modified /usr/bin/env", "deleted /usr/share/doc/bash/copyright",
  ]))

  let shallow = DriftAnalyzer.report(container: id, image: image, changes: changes)
  #expect(summary(shallow) == [
    "/etc/cron.d/evil PLM-DRIFT-012 HIGH",
    "/etc/debian_version PLM-DRIFT-003 HIGH",
    "/etc/issue PLM-DRIFT-003 HIGH",
    "/etc/motd PLM-DRIFT-003 HIGH",
    "/tmp/x PLM-DRIFT-011 LOW",
    "/usr/bin/env PLM-DRIFT-003 HIGH",
    "/usr/bin/ls PLM-DRIFT-003 HIGH",
    "/usr/local/bin/fzf PLM-DRIFT-003 HIGH",
    "/usr/share/doc/bash/copyright PLM-DRIFT-005 HIGH",
    "/var/lib/dpkg/status PLM-DRIFT-004 HIGH",
    "/var/log/drift.log PLM-DRIFT-011 LOW",
  ])
  #expect(shallow.findings.allSatisfy {
    $0.kind == .drift && $0.properties["analysis"] == "shallow"
      && $0.evidence?.hasSuffix("(changes list only; content not compared with the image)") == true
  })

  let scratch = try Scratch()
  let archive = scratch.path + "/image.tar"
  let export = scratch.path + "/container.tar"
  try DockerEngine.docker(["save", "-o", archive, image])
  try DockerEngine.docker(["export", "-o", export, id])
  let deep = try DriftScanner.scan(container: id, image: image, changes: changes,
                                   imageArchive: archive, containerExport: export)
  #expect(deep.warnings.isEmpty, "\(deep.warnings)")
  // The touched /etc/debian_version has the image's content and mode: no drift.
  #expect(summary(deep) == [
    "/etc/cron.d/evil PLM-DRIFT-012 HIGH",
    "/etc/issue PLM-DRIFT-008 MEDIUM",
    "/etc/motd PLM-DRIFT-009 LOW",
    "/tmp/x PLM-DRIFT-002 HIGH",
    "/usr/bin/env PLM-DRIFT-007 HIGH",
    "/usr/bin/ls PLM-DRIFT-001 CRITICAL",
    "/usr/local/bin/fzf PLM-DRIFT-001 CRITICAL",
    "/usr/share/doc/bash/copyright PLM-DRIFT-005 HIGH",
    "/var/lib/dpkg/status PLM-DRIFT-004 HIGH",
    "/var/log/drift.log PLM-DRIFT-011 LOW",
  ])
  func finding(_ path: String) throws -> Finding {
    try #require(deep.findings.first { $0.location?.path == path })
  }
  let fzfBefore = try #require(before["/usr/local/bin/fzf"])
  let fzfAfter = try #require(after["/usr/local/bin/fzf"])
  #expect(try finding("/usr/local/bin/fzf").evidence
    == "image: regular file, mode 0755, owner 0:0, 3274176 bytes, ELF, \(fzfBefore); "
    + "container: regular file, mode 0755, owner 0:0, 3274177 bytes, ELF, \(fzfAfter)")
  // /bin is a link to usr/bin in the image: the Engine and the export name the real path.
  #expect(try finding("/usr/bin/ls").evidence
    == "image: regular file, mode 0755, owner 0:0, 151344 bytes, ELF, \(before["/usr/bin/ls"] ?? ""); "
    + "container: regular file, mode 0755, owner 0:0, 151345 bytes, ELF, \(after["/usr/bin/ls"] ?? "")")
  #expect(try finding("/tmp/x").evidence
    == "added: regular file, mode 0755, owner 0:0, 21 bytes, script, \(after["/tmp/x"] ?? "")")
  #expect(try finding("/etc/cron.d/evil").evidence
    == "added: regular file, mode 0644, owner 0:0, 22 bytes, \(after["/etc/cron.d/evil"] ?? "")")
  let env = try finding("/usr/bin/env")
  #expect(env.evidence?.hasPrefix("mode 0755 -> 4755; image: regular file, mode 0755") == true)
  #expect(env.properties["imageSHA256"] == before["/usr/bin/env"])
  #expect(env.properties["containerSHA256"] == before["/usr/bin/env"])
  #expect(env.properties["drift"] == "metadata")
  let motd = try finding("/etc/motd")
  #expect(motd.evidence?.hasPrefix("owner 0:0 -> 1000:1000, content unchanged; ") == true)
  #expect(motd.properties["imageOwner"] == "0:0" && motd.properties["containerOwner"] == "1000:1000")
  let issue = try finding("/etc/issue")
  #expect(issue.evidence?.hasPrefix("mode 0644 -> 0646; ") == true)
  #expect(issue.properties["imageSHA256"] == before["/etc/issue"])
  #expect(try finding("/usr/share/doc/bash/copyright").properties["imageSHA256"]
    == before["/usr/share/doc/bash/copyright"])
  let status = try finding("/var/lib/dpkg/status")
  #expect(status.properties["imageSHA256"] == before["/var/lib/dpkg/status"])
  #expect(status.properties["containerSHA256"] == after["/var/lib/dpkg/status"])
  #expect(try finding("/var/log/drift.log").properties["containerSHA256"]
    == after["/var/log/drift.log"])
}
