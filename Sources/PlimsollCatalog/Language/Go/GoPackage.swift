/// Builds packages and Package URLs for Go modules found in a binary.
enum GoPackage {
  /// `pkg:golang/<module path>@<version>`: the last path element is the name, the rest the
  /// namespace, per the purl spec's golang type.
  static func purl(modulePath: String, version: String) -> String {
    let parts = modulePath.split(separator: "/").map(String.init)
    let name = parts.last ?? modulePath
    let namespace = parts.count > 1 ? parts.dropLast().joined(separator: "/") : nil
    return PackageURL(type: PackageType.golang.purlType, namespace: namespace, name: name,
                      version: version).description
  }

  /// The packages a binary's build info describes: main module, dependencies, stdlib.
  static func packages(_ info: GoBuildInfo, foundIn path: String) -> [Package] {
    var common: [String: String] = ["goVersion": info.goVersion]
    if let main = info.main { common["mainModule"] = main.path }
    if let mainPath = info.path { common["mainPackage"] = mainPath }
    for key in ["GOOS", "GOARCH", "vcs", "vcs.revision", "vcs.time", "vcs.modified", "-compiler",
                "CGO_ENABLED", "-tags", "-ldflags"]
    {
      if let value = info.setting(key) { common["build." + key] = value }
    }
    let architecture = info.setting("GOARCH")
    var packages: [Package] = []

    func module(_ module: GoModule, role: String) -> Package {
      var metadata = common
      metadata["moduleRole"] = role
      var name = module.path
      var version = module.version
      if let sum = module.sum { metadata["h1Digest"] = sum }
      if let replacement = module.replacement {
        if replacement.isLocal {
          // The code came from a directory on the build machine: keep the module it stands
          // in for, and record the directory.
          metadata["replacedByDirectory"] = replacement.path
        } else {
          metadata["replaces"] = module.path + "@" + module.version
          name = replacement.path
          version = replacement.version
          if let sum = replacement.sum { metadata["h1Digest"] = sum } else {
            metadata["h1Digest"] = nil
          }
        }
      }
      if version == "(devel)" {
        metadata["develVersion"] = "true"
        // `go build` leaves a local build's main module at `(devel)`; a version stamped in
        // with `-ldflags "-X main.version=1.4.0"` is the release it is (as syft reads it).
        if role == "main", let stamped = ldflagsVersion(info.setting("-ldflags")) {
          version = stamped
          metadata["versionFrom"] = "-ldflags"
        }
      }
      return Package(type: .golang, name: name, version: version,
                     purl: purl(modulePath: name, version: version), architecture: architecture,
                     foundIn: path, metadata: metadata)
    }

    if let main = info.main {
      packages.append(module(main, role: "main"))
    } else if let mainPath = info.path, !mainPath.isEmpty, mainPath != "command-line-arguments" {
      // Built outside module mode (GOPATH, as Debian builds): no `mod` line, so the program
      // is known only by its package path, with no version.
      var main = module(GoModule(path: mainPath, version: "(devel)"), role: "main")
      main.metadata["fromPackagePath"] = "true"
      packages.append(main)
    }
    for dependency in info.dependencies { packages.append(module(dependency, role: "dependency")) }
    if let stdlibVersion = stdlibVersion(info.goVersion) {
      var metadata = common
      metadata["moduleRole"] = "stdlib"
      packages.append(Package(
        type: .golang, name: "stdlib", version: info.goVersion,
        purl: PackageURL(type: PackageType.golang.purlType, name: "stdlib", version: stdlibVersion)
          .description,
        architecture: architecture, licenses: ["BSD-3-Clause"], foundIn: path, metadata: metadata))
    }
    return packages
  }

  /// The version a `-X importpath.name=value` link flag stamps into a version variable
  /// (`version`, `Version`, `gitVersion`, `buildVersion`, `tag`, `gitTag`…) when the value is
  /// a semantic version (`1.4.0`, `v2.0.0-rc.1`), as a Go module version: with a leading `v`.
  static func ldflagsVersion(_ ldflags: String?) -> String? {
    guard let ldflags, !ldflags.isEmpty else { return nil }
    let words = shellWords(ldflags)
    var assignments: [String] = []
    var index = 0
    while index < words.count {
      let word = words[index]
      if word == "-X" || word == "--X" {
        if index + 1 < words.count { assignments.append(words[index + 1]) }
        index += 2
        continue
      }
      for prefix in ["-X=", "--X="] where word.hasPrefix(prefix) {
        assignments.append(String(word.dropFirst(prefix.count)))
      }
      index += 1
    }
    let versionNames: Set<String> = ["version", "gitversion", "buildversion", "releaseversion", "tag", "gittag"]
    for assignment in assignments {
      guard let equals = assignment.firstIndex(of: "=") else { continue }
      let key = assignment[..<equals]
      let value = assignment[assignment.index(after: equals)...]
      let variable = (key.split(separator: ".").last ?? key).lowercased()
      guard versionNames.contains(variable), isSemanticVersion(value) else { continue }
      return value.hasPrefix("v") ? String(value) : "v" + value
    }
    return nil
  }

  /// `1.2.3`, `v1.2.3`, `1.2.3-rc.1+build`: three numeric parts, then optional suffixes.
  static func isSemanticVersion(_ text: Substring) -> Bool {
    let core = text.hasPrefix("v") ? text.dropFirst() : text
    let main = core.prefix { $0 != "-" && $0 != "+" }
    let parts = main.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
  }

  /// Splits the `-ldflags` value as the go command does: on spaces, with single or double
  /// quotes grouping.
  static func shellWords(_ text: String) -> [String] {
    var words: [String] = []
    var current = ""
    var quote: Character?
    var inWord = false
    for character in text {
      if let open = quote {
        if character == open { quote = nil } else { current.append(character) }
      } else if character == "'" || character == "\"" {
        quote = character
        inWord = true
      } else if character == " " || character == "\t" || character == "\n" {
        if inWord { words.append(current) }
        current = ""
        inWord = false
      } else {
        current.append(character)
        inWord = true
      }
    }
    if inWord { words.append(current) }
    return words
  }

  /// `go1.19.8` → `1.19.8`; `go1.22.0 X:boringcrypto` → `1.22.0`; `devel …` → nil.
  static func stdlibVersion(_ goVersion: String) -> String? {
    guard let first = goVersion.split(separator: " ").first, first.hasPrefix("go"),
      first.count > 2
    else { return nil }
    return String(first.dropFirst(2))
  }
}
