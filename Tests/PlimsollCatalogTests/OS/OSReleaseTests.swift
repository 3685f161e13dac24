import PlimsollFindings
import Testing
@testable import PlimsollCatalog
import PlimsollLayers

@Suite struct OSReleaseTests {
  let cataloger = OSReleaseCataloger()

  func release(_ text: String, at path: String = "/etc/os-release") -> CatalogResult {
    cataloger.catalog(OSFixtures.file(text: text, at: path))
  }

  @Test func readsDebian12Fixture() throws {
    let result = cataloger.catalog(try OSFixtures.file("os-release/debian-12", at: "/etc/os-release"))
    #expect(result.warnings.isEmpty)
    #expect(result.osRelease == OSRelease(id: "debian", versionID: "12", codename: "bookworm",
                                          prettyName: "Debian GNU/Linux 12 (bookworm)"))
  }

  @Test func readsAlpineFixture() throws {
    let result = cataloger.catalog(try OSFixtures.file("os-release/alpine-3.14", at: "/etc/os-release"))
    #expect(result.warnings.isEmpty)
    #expect(result.osRelease?.id == "alpine")
    #expect(result.osRelease?.versionID == "3.14.0")
    #expect(result.osRelease?.prettyName == "Alpine Linux v3.14")
    #expect(result.osRelease?.codename == nil)
  }

  @Test(arguments: [
    ("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"", "Debian GNU/Linux 12 (bookworm)"),
    ("PRETTY_NAME='single $HOME \\n'", "single $HOME \\n"),
    ("PRETTY_NAME=\"say \\\"hi\\\" \\$HOME \\\\ \\n\"", "say \"hi\" $HOME \\ \\n"),
    ("PRETTY_NAME=plain\\ text", "plain text"),
    ("PRETTY_NAME=\"a\"'b'c", "abc"),
    ("PRETTY_NAME=\"spaced\"   # trailing comment", "spaced"),
    ("  PRETTY_NAME=indented", "indented"),
    ("PRETTY_NAME=\"crlf\"\r", "crlf"),
    ("PRETTY_NAME=", nil),
  ] as [(String, String?)])
  func shellQuoting(line: String, expected: String?) {
    let result = release("ID=test\n" + line + "\n")
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    #expect(result.osRelease?.prettyName == expected)
  }

  @Test func malformedLinesWarnWithLineAndKeepTheRest() {
    let result = release("""
      # comment
      ID=fedora
      VERSION_ID="39
      this is not an assignment
      NAME=two words
      VARIANT_ID=container

      """)
    #expect(result.osRelease?.id == "fedora")
    #expect(result.osRelease?.versionID == nil)
    #expect(result.warnings.map(\.input) == ["/etc/os-release:3", "/etc/os-release:4", "/etc/os-release:5"])
    #expect(result.warnings[0].message.contains("unterminated \" quote"))
  }

  @Test func missingIDDefaultsToLinuxAndIDLikeSplits() {
    let result = release("NAME=Something\nID_LIKE=\"rhel centos  fedora\"\n")
    #expect(result.osRelease?.id == "linux")
    #expect(result.osRelease?.idLike == ["rhel", "centos", "fedora"])
    #expect(result.osRelease?.prettyName == "Something")
  }

  @Test func ubuntuCodenameFallsBack() {
    let result = release("ID=ubuntu\nVERSION_ID=\"16.04\"\nUBUNTU_CODENAME=xenial\n")
    #expect(result.osRelease?.codename == "xenial")
  }

  @Test func zeroByteFileIsSilentlyEmpty() {
    let result = release("", at: "/etc/os-release")
    #expect(result.osRelease == nil)
    #expect(result.warnings.isEmpty)
  }

  @Test func commentOnlyFileWarns() {
    let result = release("\n# only a comment\n", at: "/usr/lib/os-release")
    #expect(result.osRelease == nil)
    #expect(result.warnings.count == 1)
    #expect(result.warnings.first?.input == "/usr/lib/os-release")
  }

  @Test func lsbRelease() {
    let result = release("""
      DISTRIB_ID=Ubuntu
      DISTRIB_RELEASE=22.04
      DISTRIB_CODENAME=jammy
      DISTRIB_DESCRIPTION="Ubuntu 22.04.3 LTS"
      """, at: "/etc/lsb-release")
    #expect(result.osRelease == OSRelease(id: "ubuntu", versionID: "22.04", codename: "jammy",
                                          prettyName: "Ubuntu 22.04.3 LTS"))
  }

  @Test(arguments: [
    ("/etc/debian_version", "12.11\n", OSRelease(id: "debian", versionID: "12", prettyName: "Debian GNU/Linux 12.11")),
    ("/etc/debian_version", "trixie/sid\n", OSRelease(id: "debian", codename: "trixie", prettyName: "Debian GNU/Linux trixie/sid")),
    ("/etc/alpine-release", "3.19.1\n", OSRelease(id: "alpine", versionID: "3.19.1", prettyName: "Alpine Linux v3.19.1")),
    ("/etc/centos-release", "CentOS Linux release 7.9.2009 (Core)\n",
     OSRelease(id: "centos", versionID: "7.9.2009", codename: "Core", prettyName: "CentOS Linux release 7.9.2009 (Core)")),
    ("/etc/redhat-release", "Red Hat Enterprise Linux release 9.3 (Plow)\n",
     OSRelease(id: "rhel", versionID: "9.3", codename: "Plow", prettyName: "Red Hat Enterprise Linux release 9.3 (Plow)")),
    ("/etc/system-release", "Amazon Linux release 2023 (Amazon Linux)\n",
     OSRelease(id: "amzn", versionID: "2023", codename: "Amazon Linux", prettyName: "Amazon Linux release 2023 (Amazon Linux)")),
    ("/etc/redhat-release", "Rocky Linux release 9.3 (Blue Onyx)\n",
     OSRelease(id: "rocky", versionID: "9.3", codename: "Blue Onyx", prettyName: "Rocky Linux release 9.3 (Blue Onyx)")),
  ])
  func fallbackFiles(path: String, text: String, expected: OSRelease) {
    let result = release(text, at: path)
    #expect(result.warnings.isEmpty)
    #expect(result.osRelease == expected)
  }

  @Test func unreadableRedHatStyleFileWarns() {
    let result = release("something else entirely\n", at: "/etc/redhat-release")
    #expect(result.osRelease == nil)
    #expect(result.warnings.first?.input == "/etc/redhat-release")
  }

  @Test func wantsOnlyReleaseFiles() {
    for source in OSReleaseSource.allCases {
      #expect(cataloger.wants(EntryInfo(path: source.path, size: 10, mode: 0o644)))
    }
    for other in ["/etc/os-release.bak", "/usr/etc/os-release", "/etc/issue", "/srv/etc/os-release"] {
      #expect(!cataloger.wants(EntryInfo(path: other, size: 10, mode: 0o644)))
    }
  }

  @Test func pickPrefersOSReleaseOverFallbacksInAnyOrder() {
    let ubuntu = OSReleaseCandidate(path: "/etc/os-release",
                                    release: OSRelease(id: "ubuntu", versionID: "22.04", codename: "jammy"))
    let lsb = OSReleaseCandidate(path: "/etc/lsb-release", release: OSRelease(id: "ubuntu", versionID: "22.04"))
    let debianVersion = OSReleaseCandidate(path: "/etc/debian_version",
                                           release: OSRelease(id: "debian", codename: "bookworm"))
    for candidates in [[ubuntu, lsb, debianVersion], [debianVersion, lsb, ubuntu], [lsb, debianVersion, ubuntu]] {
      #expect(OSDetection.pick(candidates)?.id == "ubuntu")
      #expect(OSDetection.pick(candidates)?.codename == "jammy")
    }
    // Without os-release, lsb-release still beats Debian's file on Ubuntu.
    #expect(OSDetection.pick([debianVersion, lsb])?.id == "ubuntu")
    #expect(OSDetection.pick([debianVersion])?.id == "debian")
  }

  @Test func pickPrefersEtcOverUsrLibAndFillsMissingVersion() {
    let etc = OSReleaseCandidate(path: "/etc/os-release", release: OSRelease(id: "debian", codename: "trixie"))
    let usrLib = OSReleaseCandidate(path: "/usr/lib/os-release", release: OSRelease(id: "other", versionID: "1"))
    let debianVersion = OSReleaseCandidate(path: "/etc/debian_version",
                                           release: OSRelease(id: "debian", versionID: "13"))
    let picked = OSDetection.pick([usrLib, debianVersion, etc])
    #expect(picked == OSRelease(id: "debian", versionID: "13", codename: "trixie"))
  }

  @Test func pickIgnoresUnknownPathsAndEmptyInput() {
    #expect(OSDetection.pick([]) == nil)
    #expect(OSDetection.pick([OSReleaseCandidate(path: "/tmp/os-release", release: OSRelease(id: "x"))]) == nil)
    let centos = OSReleaseCandidate(path: "/etc/centos-release", release: OSRelease(id: "centos", versionID: "7"))
    let redhat = OSReleaseCandidate(path: "/etc/redhat-release", release: OSRelease(id: "rhel", versionID: "7"))
    #expect(OSDetection.pick([redhat, centos])?.id == "centos")
  }
}
