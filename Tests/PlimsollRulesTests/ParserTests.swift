import Foundation
import Testing
@testable import PlimsollRules

@Suite struct DockerfileParserTests {
  @Test func directivesAndBacktickEscape() {
    let file = DockerfileParser.parse("""
      # syntax=docker/dockerfile:1.7
      # escape=`
      FROM mcr.microsoft.com/windows/servercore:ltsc2022
      RUN echo one `
          two
      COPY C:\\src C:\\dst
      """)
    #expect(file.escape == "`")
    #expect(file.directives["syntax"] == "docker/dockerfile:1.7")
    #expect(file.instructions.map(\.keyword) == ["FROM", "RUN", "COPY"])
    #expect(file.instructions[1].arguments == "echo one     two")
    #expect(file.instructions[1].startLine == 4 && file.instructions[1].endLine == 5)
    guard case .copy(let sources, let destination) = file.instructions[2].details else {
      Issue.record("COPY not parsed")
      return
    }
    #expect(sources == ["C:\\src"] && destination == "C:\\dst")
  }

  @Test func directiveAfterAnInstructionIsAComment() {
    let file = DockerfileParser.parse("FROM a:1\n# escape=`\nRUN x \\\n  y\n")
    #expect(file.escape == "\\")
    #expect(file.instructions.count == 2)
  }

  @Test func invalidEscapeDirectiveIsReported() {
    let file = DockerfileParser.parse("# escape=x\nFROM a:1\n")
    #expect(file.issues.map(\.kind) == [.invalidDirective])
    #expect(file.issues.first?.line == 1)
  }

  @Test func commentsAndBlankLinesInsideContinuations() {
    let file = DockerfileParser.parse("""
      FROM debian:12
      RUN apt-get update && \\
          # install tools
          apt-get install -y curl \\

          && rm -rf /var/lib/apt/lists/*
      USER 1000
      """)
    #expect(file.instructions.map(\.keyword) == ["FROM", "RUN", "USER"])
    let run = file.instructions[1]
    #expect(run.startLine == 2 && run.endLine == 6)
    #expect(run.shellCommands.map(\.program) == ["apt-get", "apt-get", "rm"])
    #expect(file.instructions[2].startLine == 7)
  }

  @Test func heredocsPlainDashAndQuoted() {
    let file = DockerfileParser.parse("""
      FROM debian:12
      RUN <<EOF
      apt-get update
      apt-get install -y jq
      EOF
      COPY <<-"CONF" /etc/app.conf
      \tkey = $VALUE
      \tCONF
      RUN <<A cat >/a && <<'B' cat >/b
      one
      A
      two
      B
      USER 1000
      """)
    #expect(file.issues.isEmpty)
    #expect(file.instructions.map(\.keyword) == ["FROM", "RUN", "COPY", "RUN", "USER"])
    let run = file.instructions[1]
    #expect(run.startLine == 2 && run.endLine == 5)
    #expect(run.heredocs.first?.body == "apt-get update\napt-get install -y jq")
    #expect(run.shellCommands.compactMap(\.program) == ["apt-get", "apt-get"])
    let copy = file.instructions[2]
    #expect(copy.heredocs.first?.quoted == true && copy.heredocs.first?.stripsTabs == true)
    #expect(copy.heredocs.first?.body == "key = $VALUE")
    #expect(copy.endLine == 8)
    let two = file.instructions[3]
    #expect(two.heredocs.map(\.name) == ["A", "B"])
    #expect(two.heredocs.map(\.body) == ["one", "two"])
    #expect(two.endLine == 13)
    #expect(file.instructions[4].startLine == 14)
  }

  @Test func shiftOperatorIsNotAHeredoc() {
    let file = DockerfileParser.parse("FROM a:1\nRUN echo $((1<<2)) && cat <<<'x'\nUSER 1\n")
    #expect(file.issues.isEmpty)
    #expect(file.instructions.map(\.keyword) == ["FROM", "RUN", "USER"])
  }

  @Test func unterminatedHeredocIsAnIssueNotACrash() {
    let file = DockerfileParser.parse("FROM a:1\nRUN <<EOF\necho hi\n")
    #expect(file.issues.map(\.kind) == [.unterminatedHeredoc])
    #expect(file.issues.first?.line == 2)
    #expect(file.instructions.last?.heredocs.first?.body == "echo hi")
  }

  @Test func execAndShellForms() {
    let file = DockerfileParser.parse("""
      FROM a:1
      CMD ["nginx", "-g", "daemon off;"]
      ENTRYPOINT /entry.sh --flag
      RUN ["/bin/sh", "-c", "apt-get update && apt-get install -y x"]
      CMD ["broken",]
      SHELL ["/bin/bash", "-o", "pipefail", "-c"]
      """)
    #expect(file.instructions[1].details == .cmd(.exec(["nginx", "-g", "daemon off;"])))
    #expect(file.instructions[2].details == .entrypoint(.shell("/entry.sh --flag")))
    #expect(file.instructions[3].shellCommands.count == 2)
    #expect(file.instructions[4].details == .cmd(.shell("[\"broken\",]")))
    #expect(file.issues.map(\.kind) == [.invalidJSON])
    #expect(file.instructions[5].details == .shell(["/bin/bash", "-o", "pipefail", "-c"]))
  }

  @Test func argAndEnvExpansion() {
    let file = DockerfileParser.parse("""
      ARG REGISTRY=docker.io
      ARG TAG
      FROM ${REGISTRY}/library/python:${TAG:-3.12}-slim AS base
      ARG REGISTRY
      ENV HOME_DIR=/opt/${REGISTRY} EMPTY=${UNSET:+yes} ALT=${REGISTRY:+set}
      ENV LEGACY value with spaces
      ENV QUOTED="a b" SINGLE='$HOME_DIR'
      WORKDIR $HOME_DIR/app
      USER ${UID:-1000}
      FROM $UNKNOWN
      """)
    guard case .from(let from) = file.instructions[2].details else {
      Issue.record("no FROM")
      return
    }
    #expect(from.expandedImage == "docker.io/library/python:3.12-slim")
    #expect(from.alias == "base")
    #expect(from.reference.tag == "3.12-slim")
    #expect(file.instructions[4].details == .env([
      KeyValue(key: "HOME_DIR", value: "/opt/docker.io"), KeyValue(key: "EMPTY", value: ""),
      KeyValue(key: "ALT", value: "set"),
    ]))
    #expect(file.instructions[5].details == .env([KeyValue(key: "LEGACY", value: "value with spaces")]))
    #expect(file.instructions[6].details == .env([
      KeyValue(key: "QUOTED", value: "a b"), KeyValue(key: "SINGLE", value: "$HOME_DIR"),
    ]))
    #expect(file.instructions[7].details == .workdir("/opt/docker.io/app"))
    #expect(file.instructions[8].details == .user("1000"))
    guard case .from(let unknown) = file.instructions[9].details else { return }
    #expect(unknown.expandedImage == "$UNKNOWN")
  }

  @Test func flagsAndStages() {
    let file = DockerfileParser.parse("""
      FROM --platform=$BUILDPLATFORM golang:1.22 AS Build
      RUN --mount=type=cache,target=/root/.cache/go-build --network=none go build ./...
      FROM gcr.io/distroless/static:nonroot
      COPY --from=build --chown=65532:65532 --chmod=0755 --link /out/app /app
      """)
    #expect(file.instructions[0].flag("platform")?.value == "$BUILDPLATFORM")
    #expect(file.instructions[1].flags.map(\.name) == ["mount", "network"])
    let copy = file.instructions[3]
    #expect(copy.flags.map(\.name) == ["from", "chown", "chmod", "link"])
    #expect(copy.flag("link")?.value == nil)
    #expect(copy.flag("chmod")?.value == "0755")
    #expect(file.stages.map(\.from.alias) == ["build", nil])
    #expect(file.stages.map(\.instructionRange) == [0..<2, 2..<4])
  }

  @Test func onbuildNestsTheTrigger() {
    let file = DockerfileParser.parse("FROM a:1\nONBUILD RUN make\n")
    guard case .onbuild(let nested) = file.instructions[1].details else {
      Issue.record("ONBUILD not parsed")
      return
    }
    #expect(nested.keyword == "RUN" && nested.startLine == 2)
  }

  @Test func malformedInputGivesIssuesWithLines() {
    let file = DockerfileParser.parse("FROM a:1\nRUNN x\nCOPY\nRUN echo \\\n")
    #expect(file.issues.map(\.kind) == [.unknownInstruction, .missingArguments, .unterminatedContinuation])
    #expect(file.issues.map(\.line) == [2, 3, 4])
    #expect(file.instructions.count == 4)
  }

  @Test func invalidUTF8IsReportedAndDecoded() {
    var bytes = Data("FROM a:1\nLABEL x=\"".utf8)
    bytes.append(contentsOf: [0xFF, 0xFE])
    bytes.append(contentsOf: Data("\"\n".utf8))
    let file = DockerfileParser.parse(bytes)
    #expect(file.issues.first?.kind == .invalidUTF8)
    #expect(file.instructions.count == 2)
  }

  @Test func crlfAndByteOrderMark() {
    let file = DockerfileParser.parse("\u{FEFF}FROM a:1\r\nRUN echo a \\\r\n  b\r\nUSER 1\r\n")
    #expect(file.instructions.map(\.keyword) == ["FROM", "RUN", "USER"])
    #expect(file.instructions[2].startLine == 4)
  }

  @Test func megabyteLineParsesWithoutTrouble() {
    let long = String(repeating: "a", count: 1 << 20)
    let file = DockerfileParser.parse("FROM a:1\nRUN echo \(long) && \"unterminated\n")
    #expect(file.instructions.count == 2)
    #expect(file.instructions[1].shellCommands.first?.words.last?.count == 1 << 20)
  }

  @Test func deeplyNestedDefaultsAndOnbuildDoNotExhaustTheStack() {
    let levels = 50_000
    let nested = String(repeating: "${a:-", count: levels) + "x" + String(repeating: "}", count: levels)
    let onbuild = String(repeating: "ONBUILD ", count: levels) + "RUN make"
    let file = DockerfileParser.parse("FROM a:1\nENV A=\(nested)\n\(onbuild)\n")
    #expect(file.instructions.count == 3)
    let report = DockerfileScanner.scan(file, path: "Dockerfile")
    #expect(report.findings.contains { $0.id == "PLM-DF-043" })
  }

  @Test func manyInstructionsAreLinear() {
    let text = "FROM a:1\n" + String(repeating: "RUN echo hi && ls | wc -l\n", count: 20_000)
    let file = DockerfileParser.parse(text)
    #expect(file.instructions.count == 20_001)
    #expect(file.instructions.last?.startLine == 20_001)
  }

  /// Every fixture round-trips: instructions in order, lines increasing and non-overlapping,
  /// and each instruction's first line starts with its keyword.
  @Test func fixturesRoundTrip() throws {
    let directory = fixtures("dockerfile")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix("Dockerfile") }
    #expect(names.count >= 20)
    for name in names {
      let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      let file = DockerfileParser.parse(text)
      var previousEnd = 0
      for instruction in file.instructions {
        #expect(instruction.startLine > previousEnd, "\(name):\(instruction.startLine)")
        #expect(instruction.endLine >= instruction.startLine)
        let first = lines[instruction.startLine - 1].trimmingCharacters(in: .whitespaces)
        #expect(first.uppercased().hasPrefix(instruction.keyword), "\(name):\(instruction.startLine)")
        previousEnd = instruction.endLine
      }
    }
  }
}

/// The fixtures directory `Tests/Fixtures/<kind>`.
func fixtures(_ kind: String) -> URL {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures").appendingPathComponent(kind)
}

@Suite struct ShellScriptTests {
  @Test func splitsOnOperatorsAndKeepsQuotes() {
    let commands = ShellScript.parse(
      #"apt-get update && apt-get install -y "a b" 'c|d' || echo "x && y"; curl -s https://x | sh -s -- -y & wait"#)
    #expect(commands.map(\.words) == [
      ["apt-get", "update"], ["apt-get", "install", "-y", "a b", "c|d"], ["echo", "x && y"],
      ["curl", "-s", "https://x"], ["sh", "-s", "--", "-y"], ["wait"],
    ])
    #expect(commands.map(\.operatorAfter) == [.and, .or, .semicolon, .pipe, .background, nil])
  }

  @Test func redirectionsAssignmentsAndSubshells() {
    let commands = ShellScript.parse(
      "DEBIAN_FRONTEND=noninteractive apt-get install -y x >/dev/null 2>&1 && echo $(uname -m | tr a b) > /arch && (cd /src && make)")
    #expect(commands[0].assignments == ["DEBIAN_FRONTEND=noninteractive"])
    #expect(commands[0].words == ["apt-get", "install", "-y", "x"])
    #expect(commands[1].words == ["echo", "$(uname -m | tr a b)"])
    #expect(commands.compactMap(\.program) == ["apt-get", "echo", "cd", "make"])
  }

  @Test func escapesCommentsAndKeywords() {
    let commands = ShellScript.parse("if [ -f x ]; then rm x; fi # done\necho a\\ b\nfor f in *; do chmod 644 $f; done")
    #expect(commands.compactMap(\.program) == ["[", "rm", "echo", "for", "chmod"])
    #expect(commands[2].words == ["echo", "a b"])
  }

  @Test func unterminatedQuoteDoesNotHang() {
    let commands = ShellScript.parse("echo \"never closed && rm -rf /")
    #expect(commands.count == 1)
  }

  @Test func pythonDashMPipIsPip() {
    let command = ShellScript.parse("python3 -m pip install --no-cache-dir x==1")[0]
    #expect(command.pipInvocation?.words == ["pip", "install", "--no-cache-dir", "x==1"])
  }
}
