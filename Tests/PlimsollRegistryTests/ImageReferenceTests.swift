import Testing
@testable import PlimsollRegistry

/// Reference rules as the Docker CLI applies them.
@Suite struct ImageReferenceTests {
  static let digest = "sha256:" + String(repeating: "ab", count: 32)

  @Test(arguments: [
    ("nginx", "docker.io/library/nginx:latest"),
    ("nginx:1.27", "docker.io/library/nginx:1.27"),
    ("team/app", "docker.io/team/app:latest"),
    ("docker.io/nginx:1.27-alpine", "docker.io/library/nginx:1.27-alpine"),
    ("localhost:5000/team/app:1.4", "localhost:5000/team/app:1.4"),
    ("localhost/app", "localhost/app:latest"),
    ("registry.example.com/a/b/c:v1.2.3", "registry.example.com/a/b/c:v1.2.3"),
    ("ghcr.io/org/app@" + digest, "ghcr.io/org/app@" + digest),
    ("ghcr.io/org/app:1.0@" + digest, "ghcr.io/org/app:1.0@" + digest),
    ("my-registry:443/x__y/a.b-c", "my-registry:443/x__y/a.b-c:latest"),
  ])
  func parsesAsDockerDoes(text: String, expected: String) throws {
    #expect(try ImageReference(parsing: text).description == expected)
  }

  @Test func aDigestWinsOverATag() throws {
    let reference = try ImageReference(parsing: "ghcr.io/org/app:1.0@" + Self.digest)
    #expect(reference.manifestReference == Self.digest)
    #expect(try ImageReference(parsing: "nginx").manifestReference == "latest")
    #expect(try ImageReference(parsing: "nginx").apiHost == "registry-1.docker.io")
    #expect(try ImageReference(parsing: "localhost:5000/a").isLoopback)
  }

  @Test(arguments: [
    "", "Nginx", "team/App:1", "nginx:", "nginx:-1", "a@sha256:xyz", "a//b", "a-/b", "host:99999/a",
    "nginx:" + String(repeating: "a", count: 129), "-a", "a..b",
  ])
  func rejectsWhatDockerRejects(text: String) {
    #expect(throws: RegistryError.self) { try ImageReference(parsing: text) }
  }
}

@Suite struct AuthChallengeTests {
  @Test func readsABearerChallenge() throws {
    let challenge = try #require(AuthChallenge(
      #"Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull,push""#))
    #expect(challenge.scheme == "bearer")
    #expect(challenge.parameters == [
      "realm": "https://auth.example.com/token", "service": "registry.example.com",
      "scope": "repository:a/b:pull,push",
    ])
  }

  @Test func readsABasicChallenge() throws {
    let challenge = try #require(AuthChallenge(#"Basic realm="plimsoll-test""#))
    #expect(challenge.scheme == "basic" && challenge.parameters["realm"] == "plimsoll-test")
  }
}
