import Foundation
import PlimsollFindings
import PlimsollRules
import PlimsollTestSupport
import Testing
@testable import PlimsollFix

/// Every Dockerfile fixer: the rule stops firing (or, for advice, gets its comment) and
/// nothing new fires; and over every Dockerfile fixture the fixed file is never worse.
@Suite struct DockerfileFixTests {
  /// A Dockerfile on which each fixable rule fires, and a line the fixed text must hold.
  static let cases: [(rule: String, dockerfile: String, expect: String)] = [
    ("PLM-DF-012", "FROM debian:12\nRUN apt update && apt install -y --no-install-recommends curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\nUSER 10001\n",
     "apt-get update && apt-get install"),
    ("PLM-DF-008", "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER 10001\n",
     "apt-get install -y --no-install-recommends curl"),
    ("PLM-DF-009", "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl \\\n && rm -rf /var/lib/apt/lists/*\nUSER 10001\n",
     " && apt-get install --no-install-recommends -y curl \\"),
    ("PLM-DF-007", "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER 10001\n",
     "curl && rm -rf /var/lib/apt/lists/*"),
    ("PLM-DF-015", "FROM alpine:3.19\nRUN apk add curl=8.5.0-r0\nUSER 10001\n", "apk add --no-cache curl"),
    ("PLM-DF-016", "FROM centos:7\nRUN yum install httpd-2.4.6 && yum clean all\nUSER 10001\n", "yum install -y httpd"),
    ("PLM-DF-017", "FROM centos:7\nRUN yum install -y httpd-2.4.6\nUSER 10001\n", "httpd-2.4.6 && yum clean all"),
    ("PLM-DF-019", "FROM fedora:39\nRUN dnf install httpd-2.4.58 && dnf clean all\nUSER 10001\n", "dnf install -y httpd"),
    ("PLM-DF-020", "FROM fedora:39\nRUN dnf install -y httpd-2.4.58\nUSER 10001\n", "&& dnf clean all"),
    ("PLM-DF-022", "FROM opensuse/leap:15.5\nRUN zypper install httpd=2.4 && zypper clean\nUSER 10001\n", "zypper install -y httpd"),
    ("PLM-DF-024", "FROM opensuse/leap:15.5\nRUN zypper install -y httpd=2.4\nUSER 10001\n", "&& zypper clean"),
    ("PLM-DF-026", "FROM python:3.12\nRUN pip install flask==3.0.0\nUSER 10001\n", "pip install --no-cache-dir flask"),
    ("PLM-DF-030", "FROM node:20\nRUN yarn install --frozen-lockfile\nUSER 10001\n", "--frozen-lockfile && yarn cache clean"),
    ("PLM-DF-059", "FROM debian:12\nRUN wget https://example.com/a.tgz\nUSER 10001\n", "wget --progress=dot:giga https"),
    ("PLM-DF-058", "FROM debian:12\nRUN useradd -u 100000 app\nUSER 100000\n", "useradd -l -u 100000 app"),
    ("PLM-DF-051", "FROM debian:12\nADD --chown=10001 app.py /app/\nUSER 10001\n", "COPY --chown=10001 app.py /app/"),
    ("PLM-DF-048", "FROM debian:12\nMAINTAINER Jane \"JD\" Doe\nUSER 10001\n", #"LABEL maintainer="Jane \"JD\" Doe""#),
    ("PLM-DF-041", "FROM debian:12\nUSER 10001\nCMD python3 -m http.server 8000\n", #"CMD ["python3", "-m", "http.server", "8000"]"#),
    ("PLM-DF-034", "FROM debian:12\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\nHEALTHCHECK CMD [\"/bin/true\"]\n",
     "USER 10001\nHEALTHCHECK CMD [\"/bin/true\"]\n"),
    ("PLM-DF-035", "FROM debian:12\nUSER 10001\nCMD [\"a\"]\nLABEL x=y\nCMD [\"b\"]\n", "USER 10001\nLABEL x=y\nCMD [\"b\"]\n"),
    ("PLM-DF-036", "FROM debian:12\nUSER 10001\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n", "USER 10001\nENTRYPOINT [\"b\"]\n"),
    ("PLM-DF-037", "FROM debian:12\nCOPY a.txt b.txt /data\nUSER 10001\n", "COPY a.txt b.txt /data/\n"),
    ("PLM-DF-044", "FROM debian:12\nENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin\nUSER 10001\n",
     "ENV APP_HOME=/opt/app\nENV APP_BIN=$APP_HOME/bin\nUSER 10001\n"),
    ("PLM-DF-054", "FROM debian:12\nRUN echo a | wc -l\nUSER 10001\n", #"SHELL ["/bin/bash", "-o", "pipefail", "-c"]"#),
    ("PLM-DF-001", "FROM debian:12\nRUN mkdir /app\nUSER root\nCMD [\"/bin/true\"]\n", "USER 10001"),
    ("PLM-DF-002", "FROM alpine:3.19\nRUN mkdir /app\nCMD [\"/bin/true\"]\n",
     "RUN mkdir /app && addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app"),
    ("PLM-DF-062", "FROM debian:12\nENV API_TOKEN=ghp_R8xq2LmZ4vT7yK1pW9sN3bC6dF0hJ5gA2eUq\nUSER 10001\n",
     "# plimsoll fix: this value stays in the image's history."),
    ("PLM-DF-063", "FROM debian:12\nARG DB_PASSWORD=hunter2hunter2\nUSER 10001\n", "# plimsoll fix:"),
  ]

  func counts(_ findings: [Finding]) -> [String: Int] {
    findings.reduce(into: [:]) { $0[$1.id, default: 0] += 1 }
  }

  @Test func everyFixableRuleHasACase() {
    #expect(Set(Self.cases.map(\.rule)) == DockerfileFix.fixableRuleIDs)
  }

  @Test(arguments: cases.map(\.rule))
  func theFixRemovesItsFindingsAndNothingNewFires(rule: String) throws {
    let test = try #require(Self.cases.first { $0.rule == rule })
    let before = DockerfileFix.scan(test.dockerfile, path: "Dockerfile")
    #expect(before.contains { $0.id == rule }, "the case must make \(rule) fire: \(before.map(\.id))")
    let outcome = DockerfileFix.fix(text: test.dockerfile, path: "Dockerfile", rules: [rule])
    #expect(outcome.fixed.contains(test.expect), "\(rule):\n\(outcome.fixed)")
    #expect(outcome.applied.map(\.ruleID) == [rule], "\(outcome.rejected)")
    let after = counts(DockerfileFix.scan(outcome.fixed, path: "Dockerfile"))
    let adviceOnly = DockerfileFixers.all.first { $0.ruleID == rule }?.adviceOnly ?? false
    if !adviceOnly { #expect(after[rule] == nil, "\(rule) still fires:\n\(outcome.fixed)") }
    for (other, count) in after where other != rule {
      #expect(count <= counts(before)[other, default: 0], "\(other) fires more after fixing \(rule):\n\(outcome.fixed)")
    }
    #expect(DockerfileParser.parse(outcome.fixed).issues.isEmpty)
  }

  static let fixtures: [String] = {
    let folder = Repository.root.appendingPathComponent("Tests/Fixtures/dockerfile").path
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
      .filter { $0.hasSuffix("Dockerfile") }.sorted().map { folder + "/" + $0 }
  }()

  @Test func overEveryFixtureTheFixedFileIsNeverWorseAndAFixedFileNeedsNoMore() throws {
    #expect(Self.fixtures.count > 40)
    var fixed = 0, total = 0
    for path in Self.fixtures {
      let text = try String(contentsOfFile: path, encoding: .utf8)
      let outcome = DockerfileFix.fix(text: text, path: path)
      let before = counts(outcome.findingsBefore), after = counts(outcome.findingsAfter)
      for (rule, count) in after {
        #expect(count <= before[rule, default: 0], "\(path): \(rule) rose from \(before[rule, default: 0]) to \(count)")
      }
      #expect(DockerfileParser.parse(outcome.fixed).issues.count <= DockerfileParser.parse(text).issues.count, "\(path)")
      #expect(counts(DockerfileFix.scan(outcome.fixed, path: path)) == after, "\(path): the outcome's findings are the fixed file's")
      let again = DockerfileFix.fix(text: outcome.fixed, path: path)
      #expect(again.fixed == outcome.fixed, "\(path): a second run changes more:\n\(again.diff)")
      total += outcome.findingsBefore.count
      fixed += outcome.findingsBefore.count - outcome.findingsAfter.count
    }
    print("[fix] \(Self.fixtures.count) Dockerfiles: \(fixed) of \(total) findings fixed")
    #expect(fixed > 0)
  }

  @Test func theDiffIsOneGNUPatchApplies() throws {
    let scratch = try Scratch()
    let original = "FROM alpine:3.19\n# keep this comment\nMAINTAINER me\nRUN apk add curl=8.5.0-r0\n\nCMD [\"/bin/true\"]\n"
    let outcome = DockerfileFix.fix(text: original, path: "Dockerfile")
    #expect(outcome.fixed.contains("# keep this comment\n"))
    try scratch.write("Dockerfile", original)
    try scratch.write("fix.diff", outcome.diff)
    try scratch.run(["patch", "-p1", "-i", "fix.diff"])
    #expect(try String(contentsOfFile: scratch.path + "/Dockerfile", encoding: .utf8) == outcome.fixed)
  }

  @Test func aFixThatWouldBreakTheFileIsRefusedWithItsReason() {
    // A RUN in exec form cannot take `&& useradd`; the numeric USER is the fallback.
    let text = "FROM debian:12\nRUN [\"mkdir\", \"/app\"]\nCMD [\"/bin/true\"]\n"
    let outcome = DockerfileFix.fix(text: text, path: "Dockerfile", rules: ["PLM-DF-002"])
    #expect(outcome.fixed == "FROM debian:12\nRUN [\"mkdir\", \"/app\"]\nUSER 10001\nCMD [\"/bin/true\"]\n")
    // A shell-form CMD over continued lines is left as written, with the reason.
    let continued = DockerfileFix.fix(text: "FROM debian:12\nUSER 10001\nCMD echo a \\\n  b\n", path: "Dockerfile",
                                      rules: ["PLM-DF-041"])
    #expect(continued.fixed.hasSuffix("CMD echo a \\\n  b\n"))
    #expect(continued.rejected.map(\.reason) == ["it changed nothing"])
  }

  /// Shell form to exec form keeps what runs: plain words become the argument list; shell
  /// syntax runs under the stage's shell exactly as before, with `exec` before a single
  /// simple command so the program is PID 1.
  @Test(arguments: [
    ("CMD python3 -m http.server 8000", #"CMD ["python3", "-m", "http.server", "8000"]"#),
    ("CMD gunicorn -b 0.0.0.0:$PORT app:app", #"CMD ["/bin/sh", "-c", "exec gunicorn -b 0.0.0.0:$PORT app:app"]"#),
    ("CMD cron && tail -f /var/log/cron.log", #"CMD ["/bin/sh", "-c", "cron && tail -f /var/log/cron.log"]"#),
    ("CMD echo $HOME > /tmp/x", #"CMD ["/bin/sh", "-c", "echo $HOME > /tmp/x"]"#),
    ("CMD FOO=bar app", #"CMD ["/bin/sh", "-c", "FOO=bar app"]"#),
    (#"ENTRYPOINT run "a \"b\"" --x"#, #"ENTRYPOINT ["/bin/sh", "-c", "exec run \"a \\\"b\\\"\" --x"]"#),
    ("HEALTHCHECK --interval=30s CMD wget -q -O- http://localhost/", #"HEALTHCHECK --interval=30s CMD ["wget", "-q", "-O-", "http://localhost/"]"#),
    (#"HEALTHCHECK CMD curl -f http://localhost/ || exit 1"#, #"HEALTHCHECK CMD ["/bin/sh", "-c", "curl -f http://localhost/ || exit 1"]"#),
  ])
  func shellFormBecomesExecForm(line: String, expected: String) {
    let outcome = DockerfileFix.fix(text: "FROM debian:12\nUSER 10001\n\(line)\n", path: "Dockerfile", rules: ["PLM-DF-041"])
    #expect(outcome.fixed == "FROM debian:12\nUSER 10001\n\(expected)\n", "\(outcome.rejected)")
  }

  @Test func theExecFormUsesTheStagesShell() {
    let text = "FROM debian:12 AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM base\nUSER 10001\nCMD a | b\n"
    let outcome = DockerfileFix.fix(text: text, path: "Dockerfile", rules: ["PLM-DF-041"])
    #expect(outcome.fixed.hasSuffix(#"CMD ["/bin/bash", "-o", "pipefail", "-c", "a | b"]"# + "\n"))
  }

  @Test func onlyTheLastRepeatedInstructionOfAStageStays() {
    let text = "FROM debian:12 AS a\nCMD [\"a1\"]\nCMD [\"a2\"]\nFROM debian:12\nUSER 10001\nCMD [\"b1\"]\nCMD [\"b2\", \\\n  \"x\"]\nCMD [\"b3\"]\n"
    let outcome = DockerfileFix.fix(text: text, path: "Dockerfile", rules: ["PLM-DF-035"])
    #expect(outcome.fixed == "FROM debian:12 AS a\nCMD [\"a2\"]\nFROM debian:12\nUSER 10001\nCMD [\"b3\"]\n")
  }

  @Test func aSplitEnvKeepsQuotedValuesWhole() {
    let text = "FROM debian:12\nENV A=\"x y\" B='$A z' C=$A/c\nUSER 10001\n"
    let outcome = DockerfileFix.fix(text: text, path: "Dockerfile", rules: ["PLM-DF-044"])
    #expect(outcome.fixed == "FROM debian:12\nENV A=\"x y\"\nENV B='$A z'\nENV C=$A/c\nUSER 10001\n")
  }

  @Test func aJSONCopyDestinationGetsItsSlashInsideTheQuotes() {
    let outcome = DockerfileFix.fix(text: "FROM debian:12\nCOPY [\"a\", \"b\", \"/data\"]\nUSER 10001\n", path: "Dockerfile",
                                    rules: ["PLM-DF-037"])
    #expect(outcome.fixed.contains(#"COPY ["a", "b", "/data/"]"#))
  }

  @Test func familiesOfBaseImages() {
    #expect(BaseImageFamily(image: "python:3.12-alpine") == .alpine)
    #expect(BaseImageFamily(image: "gcr.io/distroless/static-debian12:nonroot") == .distroless)
    #expect(BaseImageFamily(image: "docker.io/library/debian:12@sha256:abc") == .debian)
    #expect(BaseImageFamily(image: "registry.access.redhat.com/ubi9/ubi-minimal") == .rpm)
    #expect(BaseImageFamily(image: "scratch") == .scratch)
    #expect(BaseImageFamily(image: "example.com/team/base:1") == .unknown)
  }
}
