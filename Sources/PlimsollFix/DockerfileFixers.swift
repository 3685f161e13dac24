import Foundation
import PlimsollFindings
public import PlimsollRules

/// The Dockerfile fixers, one per rule, in the order they run (a rule whose fix makes others
/// fire comes before them: `apt` → `apt-get` first, then the apt-get flags; repeated CMDs are
/// dropped before the one left is put in exec form).
public enum DockerfileFixers {
  public static let all: [Fixer<Dockerfile>] = [
    Fixer("PLM-DF-012", "use apt-get instead of apt") { _, text, hits in
      for range in hits.compactMap(\.lineRange) {
        text.rewrite(#"\bapt(\s+)(install|update|upgrade|remove|purge|autoremove|dist-upgrade|full-upgrade)\b"#, in: range) {
          "apt-get" + $0[1] + $0[2]
        }
      }
    },
    Fixer("PLM-DF-008", "add -y to apt-get install") { _, text, hits in
      addFlag("-y", after: #"\bapt-get((?:\s+-[-\w=]+)*)\s+install\b"#, unless: yes, text: &text, hits: hits)
    },
    Fixer("PLM-DF-009", "add --no-install-recommends to apt-get install") { _, text, hits in
      addFlag("--no-install-recommends", after: #"\bapt-get((?:\s+-[-\w=]+)*)\s+install\b"#,
              unless: ["--no-install-recommends"], text: &text, hits: hits)
    },
    Fixer("PLM-DF-007", "delete /var/lib/apt/lists/* in the same RUN") { _, text, hits in
      append(" && rm -rf /var/lib/apt/lists/*", text: &text, hits: hits)
    },
    Fixer("PLM-DF-015", "add --no-cache to apk add") { _, text, hits in
      addFlag("--no-cache", after: #"\bapk((?:\s+-[-\w=]+)*)\s+add\b"#, unless: ["--no-cache"], text: &text, hits: hits)
    },
    Fixer("PLM-DF-016", "add -y to yum install") { _, text, hits in
      addFlag("-y", after: #"\byum((?:\s+-[-\w=]+)*)\s+(?:install|groupinstall|localinstall)\b"#, unless: yes,
              text: &text, hits: hits)
    },
    Fixer("PLM-DF-017", "run yum clean all in the same RUN") { _, text, hits in
      append(" && yum clean all", text: &text, hits: hits)
    },
    Fixer("PLM-DF-019", "add -y to dnf install") { _, text, hits in
      addFlag("-y", after: #"\b(?:dnf|microdnf)((?:\s+-[-\w=]+)*)\s+(?:install|groupinstall)\b"#, unless: yes,
              text: &text, hits: hits)
    },
    Fixer("PLM-DF-020", "run dnf clean all in the same RUN") { _, text, hits in
      append(" && dnf clean all", text: &text, hits: hits)
    },
    Fixer("PLM-DF-022", "add -y to zypper install") { _, text, hits in
      addFlag("-y", after: #"\bzypper((?:\s+-[-\w=]+)*)\s+(?:install|in)\b"#,
              unless: yes + ["-n", "--non-interactive", "--no-confirm"], text: &text, hits: hits)
    },
    Fixer("PLM-DF-024", "run zypper clean in the same RUN") { _, text, hits in
      append(" && zypper clean", text: &text, hits: hits)
    },
    Fixer("PLM-DF-026", "add --no-cache-dir to pip install") { _, text, hits in
      addFlag("--no-cache-dir", after: #"\bpip[0-9.]*((?:\s+-[-\w=]+)*)\s+install\b"#, unless: ["--no-cache-dir"],
              text: &text, hits: hits)
    },
    Fixer("PLM-DF-030", "run yarn cache clean in the same RUN") { _, text, hits in
      append(" && yarn cache clean", text: &text, hits: hits)
    },
    Fixer("PLM-DF-059", "give wget --progress=dot:giga") { _, text, hits in
      addFlag("--progress=dot:giga", after: #"\bwget\b"#, unless: ["--progress", "-q", "--quiet", "-nv"],
              text: &text, hits: hits)
    },
    Fixer("PLM-DF-058", "add -l to useradd") { _, text, hits in
      addFlag("-l", after: #"\buseradd\b"#, unless: ["-l", "--no-log-init"], text: &text, hits: hits)
    },
    Fixer("PLM-DF-051", "use COPY for local files") { _, text, hits in
      for hit in hits {
        guard let line = hit.location?.startLine else { continue }
        text.rewrite(#"^(\s*)ADD\b"#, in: line...line, options: .caseInsensitive) { $0[1] + "COPY" }
      }
    },
    Fixer("PLM-DF-048", "replace MAINTAINER with LABEL maintainer") { _, text, hits in
      for hit in hits {
        guard let line = hit.location?.startLine else { continue }
        text.rewrite(#"^(\s*)MAINTAINER\s+(.*?)\s*$"#, in: line...line, options: .caseInsensitive) { groups in
          let value = groups[2].replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
          return groups[1] + "LABEL maintainer=\"" + value + "\""
        }
      }
    },
    Fixer("PLM-DF-034", "keep only the HEALTHCHECK that takes effect") { file, text, hits in
      keepLast("HEALTHCHECK", file: file, text: &text, hits: hits)
    },
    Fixer("PLM-DF-035", "keep only the CMD that takes effect") { file, text, hits in
      keepLast("CMD", file: file, text: &text, hits: hits)
    },
    Fixer("PLM-DF-036", "keep only the ENTRYPOINT that takes effect") { file, text, hits in
      keepLast("ENTRYPOINT", file: file, text: &text, hits: hits)
    },
    Fixer("PLM-DF-041", "write CMD, ENTRYPOINT and HEALTHCHECK in exec form") { file, text, hits in
      for hit in hits {
        guard let range = hit.lineRange, range.count == 1 else { continue }
        text.rewrite(#"^(\s*)(CMD|ENTRYPOINT|HEALTHCHECK(?:\s+--\S+)*\s+CMD)\s+([^\[\s].*?)\s*$"#, in: range,
                     options: .caseInsensitive) { groups in
          execForm(groups[3], keyword: groups[2], shell: activeShell(file, line: range.lowerBound))
            .map { groups[1] + groups[2] + " " + $0 }
        }
      }
    },
    Fixer("PLM-DF-037", "end the COPY destination with /") { _, text, hits in
      for end in Set(hits.compactMap(\.lineRange?.upperBound)) {
        let line = text[end]
        if line.trimmingCharacters(in: .whitespaces).hasSuffix("]") {
          text.rewrite(#""((?:[^"\\]|\\.)*)"(\s*\])\s*$"#, in: end...end) { "\"" + $0[1] + "/\"" + $0[2] }
        } else {
          text.rewrite(#"(\S+)\s*$"#, in: end...end) { $0[1].hasSuffix("\\") ? nil : $0[1] + "/" }
        }
      }
    },
    Fixer("PLM-DF-044", "split the ENV so each value sees the ones before it") { file, text, hits in
      guard file.escape == "\\" else { return }
      for range in Set(hits.compactMap(\.lineRange)).sorted(by: { $0.lowerBound > $1.lowerBound }) where range.count == 1 {
        let line = text[range.lowerBound]
        guard let match = line.range(of: #"^\s*ENV\s+"#, options: [.regularExpression, .caseInsensitive]),
          let pairs = rawWords(String(line[match.upperBound...])), pairs.allSatisfy({ $0.contains("=") })
        else { continue }
        let keyword = line[match].trimmingCharacters(in: .whitespaces)
        text[range.lowerBound] = text.indentation(of: range.lowerBound) + keyword + " " + pairs[0]
        text.insert(pairs.dropFirst().map { text.indentation(of: range.lowerBound) + keyword + " " + $0 },
                    before: range.lowerBound + 1)
      }
    },
    Fixer("PLM-DF-054", "set SHELL with -o pipefail before the RUN") { file, text, hits in
      // One SHELL per stage, before its first RUN with a pipe.
      var done: Set<Int> = []
      for hit in hits.sorted(by: { ($0.location?.startLine ?? 0) > ($1.location?.startLine ?? 0) }) {
        guard let line = hit.location?.startLine,
          let stage = file.stages.last(where: { $0.fromLine <= line }), !done.contains(stage.index)
        else { continue }
        let first = hits.compactMap(\.location?.startLine).filter { line in
          line >= stage.fromLine && file.stages.last(where: { $0.fromLine <= line })?.index == stage.index
        }.min() ?? line
        let shell = BaseImageFamily(of: stage, in: file) == .alpine ? "/bin/ash" : "/bin/bash"
        text.insert([text.indentation(of: first) + "SHELL [\"\(shell)\", \"-o\", \"pipefail\", \"-c\"]"], before: first)
        done.insert(stage.index)
      }
    },
    Fixer("PLM-DF-001", "switch the final stage to an unprivileged user", candidates: nonRootUser),
    Fixer("PLM-DF-002", "switch the final stage to an unprivileged user", candidates: nonRootUser),
    Fixer("PLM-DF-062", "say how to pass the secret at build time instead", adviceOnly: true) { _, text, hits in
      secretAdvice(text: &text, hits: hits)
    },
    Fixer("PLM-DF-063", "say how to pass the secret at build time instead", adviceOnly: true) { _, text, hits in
      secretAdvice(text: &text, hits: hits)
    },
  ]

  /// The JSON form of the shell-form command `body`: a plain word list as it is; else the
  /// command under the stage's shell, exactly as the builder would run it, with `exec` before
  /// a single simple command of a CMD or ENTRYPOINT so the program itself becomes PID 1.
  static func execForm(_ body: String, keyword: String, shell: [String]) -> String? {
    let words: [String]
    if body.range(of: #"[$&|;<>()*?'"`\\~{}\[\]#=]"#, options: .regularExpression) == nil {
      words = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    } else {
      let simple = !keyword.uppercased().hasPrefix("HEALTHCHECK") && isSimpleCommand(body)
      words = shell + [(simple ? "exec " : "") + body]
    }
    guard !words.isEmpty else { return nil }
    return "[" + words.map(jsonString).joined(separator: ", ") + "]"
  }

  /// Whether `body` is one command with arguments (no list, pipe, subshell or substitution)
  /// whose first word is a program rather than a shell keyword, builtin or assignment.
  static func isSimpleCommand(_ body: String) -> Bool {
    guard body.range(of: #"[;&|()`\n]|\$\("#, options: .regularExpression) == nil,
      let first = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init),
      first.range(of: #"^[A-Za-z0-9_./-]+$"#, options: .regularExpression) != nil
    else { return false }
    return !shellBuiltins.contains(first)
  }

  static let shellBuiltins: Set<String> = [
    "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "in", "function",
    "select", "time", "exec", "eval", "set", "export", "unset", "cd", ".", "source", "trap", "exit", "return",
    "shift", "readonly", "local", "alias", "unalias", "ulimit", "umask", "wait", "read", "test", "echo", "printf",
    "true", "false", "break", "continue", "command", "type", "hash", "getopts", "jobs", "fg", "bg", "let", "times",
  ]

  /// The shell a shell-form instruction at `line` runs under: the last `SHELL` before it in its
  /// stage or the stages it builds on, else `/bin/sh -c`.
  static func activeShell(_ file: Dockerfile, line: Int) -> [String] {
    guard var stage = file.stages.last(where: { $0.fromLine <= line }) else { return ["/bin/sh", "-c"] }
    var seen: Set<Int> = []
    var limit = line
    while seen.insert(stage.index).inserted {
      let shell = file.instructions(of: stage)
        .last { instruction in
          guard instruction.startLine < limit, case .shell(let argv) = instruction.details else { return false }
          return !argv.isEmpty
        }
      if case .shell(let argv)? = shell?.details { return argv }
      guard let parent = file.parentStage(of: stage) else { break }
      stage = parent
      limit = Int.max
    }
    return ["/bin/sh", "-c"]
  }

  /// `value` as a JSON string literal (`/` as it is, as the Dockerfile would be written).
  static func jsonString(_ value: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
  }

  /// Deletes every `keyword` instruction of a stage with hits but the last, which is the one
  /// that takes effect.
  static func keepLast(_ keyword: String, file: Dockerfile, text: inout SourceLines, hits: [Finding]) {
    let lines = Set(hits.compactMap(\.location?.startLine))
    var doomed: [ClosedRange<Int>] = []
    for stage in file.stages {
      let repeated = file.instructions(of: stage)
        .filter { $0.keyword == keyword }
      guard repeated.contains(where: { lines.contains($0.startLine) }) else { continue }
      doomed += repeated.dropLast().map { $0.startLine...$0.endLine }
    }
    for range in doomed.sorted(by: { $0.lowerBound > $1.lowerBound }) { text.remove(range) }
  }

  /// The words of `text` as written (quotes and escapes kept), split at unquoted blanks; nil
  /// when a quote is left open.
  static func rawWords(_ text: String) -> [String]? {
    var words: [String] = [], current = "", quote: Character?, escaped = false
    for character in text {
      if escaped {
        current.append(character)
        escaped = false
      } else if character == "\\" && quote != "'" {
        current.append(character)
        escaped = true
      } else if let open = quote {
        current.append(character)
        if character == open { quote = nil }
      } else if character == "\"" || character == "'" {
        current.append(character)
        quote = character
      } else if character == " " || character == "\t" {
        if !current.isEmpty { words.append(current) }
        current = ""
      } else {
        current.append(character)
      }
    }
    guard quote == nil, !escaped else { return nil }
    if !current.isEmpty { words.append(current) }
    return words
  }

  /// Flags that answer "yes" for apt-get, yum, dnf and zypper.
  static let yes = ["-y", "--yes", "--assume-yes", "-qq", "-q=2", "--assumeyes"]

  /// Inserts ` flag` after each command `pattern` matches in the hits' lines, unless the rest
  /// of that command on the line already has one of `unless`.
  static func addFlag(_ flag: String, after pattern: String, unless: [String], text: inout SourceLines,
                      hits: [Finding]) {
    for range in Set(hits.compactMap(\.lineRange)) {
      for number in range {
        let line = text[number]
        text.rewrite(pattern, in: number...number) { groups in
          guard let start = line.range(of: groups[0]) else { return nil }
          let command = line[start.lowerBound...].prefix { $0 != "&" && $0 != ";" && $0 != "|" }
          let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
          if words.contains(where: { word in unless.contains { word == $0 || word.hasPrefix($0 + "=") } }) {
            return nil
          }
          return groups[0] + " " + flag
        }
      }
    }
  }

  /// Appends `tail` to the last line of each hit's RUN (shell form, no heredoc).
  static func append(_ tail: String, text: inout SourceLines, hits: [Finding]) {
    for end in Set(hits.compactMap(\.lineRange?.upperBound)) {
      let line = text[end]
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard !trimmed.hasSuffix("]"), !trimmed.hasSuffix("\\"), !trimmed.hasPrefix("#"), !trimmed.isEmpty
      else { continue }
      text[end] = line.replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression) + tail
    }
  }

  /// A comment above each secret: the finding stays, the diff says what to do.
  static func secretAdvice(text: inout SourceLines, hits: [Finding]) {
    for line in Set(hits.compactMap(\.location?.startLine)).sorted(by: >) {
      let advice = "# plimsoll fix: this value stays in the image's history. Remove it here and pass it "
        + "at build time: `RUN --mount=type=secret,id=NAME …` with `docker build --secret id=NAME,env=NAME`."
      guard !text[line - 1].hasPrefix("# plimsoll fix:") else { continue }
      text.insert([text.indentation(of: line) + advice], before: line)
    }
  }

  /// The unprivileged user for the final stage: created where the base family has the tools
  /// (added to the stage's last RUN, so no RUN is added), then `USER` with its numeric id
  /// after the last RUN; else a numeric `USER` alone.
  @Sendable static func nonRootUser(_ file: Dockerfile, _ text: SourceLines, _ hits: [Finding]) -> [SourceLines] {
    guard let stage = file.stages.last else { return [] }
    let instructions = file.instructions(of: stage)
    let lastRun = instructions.last { if case .run = $0.details { return true } else { return false } }
    let family = BaseImageFamily(of: stage, in: file)
    // After the last RUN (which may need root) and after any USER that switched back to root.
    let lastUser = instructions.last { $0.keyword == "USER" }
    let after = max(lastRun?.endLine ?? instructions.first?.endLine ?? stage.fromLine, lastUser?.endLine ?? 0)
    let indent = text.indentation(of: stage.fromLine)
    var out: [SourceLines] = []
    if let create = family.createUser, let run = lastRun, case .run(.shell) = run.details, run.heredocs.isEmpty {
      var candidate = text
      append(" && " + create, text: &candidate, hits: [Finding(
        kind: .misconfiguration, id: "", title: "", severity: .low, status: .fail,
        location: Location(path: "", startLine: run.startLine, endLine: run.endLine))])
      if candidate != text {
        candidate.insert([indent + "USER " + family.user], before: after + 1)
        out.append(candidate)
      }
    }
    var numeric = text
    numeric.insert([indent + "USER " + family.user], before: after + 1)
    out.append(numeric)
    return out
  }
}

/// The family of the final stage's base image, for what a fix may assume is installed.
enum BaseImageFamily: Equatable {
  case debian, rpm, alpine, distroless, scratch, unknown

  /// The family of `stage`'s base, following stage references to their own base.
  init(of stage: Stage, in file: Dockerfile) {
    var current = stage
    var seen: Set<Int> = []
    while seen.insert(current.index).inserted, let parent = file.parentStage(of: current) {
      current = parent
    }
    self.init(image: current.from.expandedImage.lowercased())
  }

  init(image: String) {
    let name = image.split(separator: "@").first.map(String.init) ?? image
    let parts = name.split(separator: ":", maxSplits: 1)
    let repository = parts.first.map(String.init) ?? name
    let tag = parts.count > 1 ? String(parts[1]) : ""
    let last = repository.split(separator: "/").last.map(String.init) ?? repository
    if repository == "scratch" {
      self = .scratch
    } else if repository.contains("distroless") || repository.contains("chainguard") || repository.contains("wolfi") {
      self = .distroless
    } else if last == "alpine" || tag.contains("alpine") {
      self = .alpine
    } else if ["centos", "fedora", "rockylinux", "almalinux", "amazonlinux", "oraclelinux", "ubi", "ubi8", "ubi9",
               "ubi-minimal", "rhel"].contains(last) || repository.contains("redhat/") {
      self = .rpm
    } else if ["debian", "ubuntu", "python", "node", "golang", "ruby", "php", "openjdk", "eclipse-temurin",
               "nginx", "httpd", "buildpack-deps", "postgres", "redis", "rust", "perl", "maven", "gradle"].contains(last) {
      self = .debian
    } else {
      self = .unknown
    }
  }

  /// The command that creates the unprivileged user, where the family has one.
  var createUser: String? {
    switch self {
    case .debian, .rpm: "useradd -l -r -U -u 10001 app"
    case .alpine: "addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app"
    case .distroless, .scratch, .unknown: nil
    }
  }

  /// The numeric user to run as: distroless's `nonroot` (65532), else 10001.
  var user: String {
    switch self {
    case .distroless, .scratch: "65532:65532"
    default: "10001"
    }
  }
}
