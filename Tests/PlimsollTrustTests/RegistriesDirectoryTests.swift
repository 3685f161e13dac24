import PlimsollDiagnostics
import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollTrust

/// registries.d as containers-registries.d(5) describes it.
struct RegistriesDirectoryTests {
  @Test func theMostSpecificScopeWinsElseTheDefault() throws {
    let scratch = try Scratch()
    try scratch.write("d/a.yaml", """
      default-docker:
        sigstore-staging: file:///var/lib/containers/sigstore
      docker:
        registry.example.com:
          lookaside: https://signatures.example.com/all
        registry.example.com/team:
          sigstore: https://signatures.example.com/team
      """)
    try scratch.write("d/b.yaml", "docker:\n  other.example.com/x/y:\n    lookaside: http://127.0.0.1:8000/\n")
    try scratch.write("d/ignored.txt", "not: [yaml")
    let directory = try RegistriesDirectory(path: scratch.path + "/d")
    #expect(directory.entry(forRepository: "registry.example.com/team/app")?.entry.readURL == "https://signatures.example.com/team")
    #expect(directory.entry(forRepository: "registry.example.com/other/app")?.scope == "registry.example.com")
    #expect(directory.entry(forRepository: "other.example.com/x/y")?.entry.readURL == "http://127.0.0.1:8000/")
    #expect(directory.entry(forRepository: "other.example.com/x/z")?.scope == "default-docker")
    #expect(directory.entry(forRepository: "docker.io/library/busybox")?.entry.readURL == "file:///var/lib/containers/sigstore")
  }

  @Test func badFilesAreNamed() throws {
    let scratch = try Scratch()
    try scratch.write("d/a.yaml", "docker:\n  r.example.com:\n    lookaside: ftp://x/\n")
    #expect(throws: InputError(scratch.path + "/d/a.yaml", "r.example.com.lookaside is not an http(s):// or file:// URL")) {
      try RegistriesDirectory(path: scratch.path + "/d")
    }
    try scratch.write("e/a.yaml", "docker:\n  r.example.com: {lookaside: 'http://a/'}\n")
    try scratch.write("e/b.yaml", "docker:\n  r.example.com: {lookaside: 'http://b/'}\n")
    #expect(throws: InputError(scratch.path + "/e/b.yaml", "scope r.example.com is defined twice")) {
      try RegistriesDirectory(path: scratch.path + "/e")
    }
    #expect(throws: InputError(scratch.path + "/none", "not a registries.d directory")) {
      try RegistriesDirectory(path: scratch.path + "/none")
    }
  }
}
