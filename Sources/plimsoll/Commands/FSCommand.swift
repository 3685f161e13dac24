import ArgumentParser
import PlimsollCore

/// `plimsoll fs PATH`: a source tree's dependencies, their vulnerabilities, its configuration
/// files and its secrets.
struct FSCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fs",
    abstract: "Scan a source tree: dependency vulnerabilities (lock files), misconfigurations, secrets.",
    discussion: """
      Lock files and manifests: package-lock.json, npm-shrinkwrap.json, yarn.lock, \
      pnpm-lock.yaml, requirements*.txt, poetry.lock, Pipfile.lock, uv.lock, go.mod, \
      Cargo.lock, Gemfile.lock, composer.lock, pom.xml, gradle.lockfile, packages.lock.json, \
      *.deps.json, and as inventory only mix.lock, pubspec.lock, Package.resolved; installed \
      packages found in the tree are read as in an image. .git, node_modules, vendor and \
      virtual environments are left out unless --include-vendored, and so is what the \
      top-level .gitignore names.
      """)

  @Argument(help: "The directory to scan.")
  var path: String

  @Option(help: "Comma-separated scanners.")
  var scanners = ChoiceList<SourceTreeScannerKind>([.vuln, .config, .secret])

  @Option(help: ArgumentHelp("Glob of directories to leave out (relative to PATH); repeatable.", valueName: "glob"))
  var skipDirs: [String] = []

  @Option(help: ArgumentHelp("Glob of files to leave out (relative to PATH); repeatable.", valueName: "glob"))
  var skipFiles: [String] = []

  @Flag(help: "Also read node_modules, vendor and virtual environments.")
  var includeVendored = false

  @Flag(help: "Report only vulnerabilities that have a fixed version.")
  var ignoreUnfixed = false

  @OptionGroup var cache: CacheOptions
  @OptionGroup var limits: LimitOptions
  @OptionGroup var report: ReportOptions
  @OptionGroup var data: AdvisoryDataOptions

  func run() async throws {
    let filter = PathFilter(
      skippedDirectoryNames: includeVendored ? [".git"] : PathFilter.sourceTreeDefaults,
      skipDirs: skipDirs, skipFiles: skipFiles)
    let status = try await withInputErrors {
      let result = try await SourceTreeScan.run(path, scanners: scanners.set, filter: filter,
                                                cache: cache.location(), data: data.policy)
      for notice in result.notices { Output.diagnostic(DiagnosticLine.warning(notice)) }
      return try report.emit(result.report, rules: result.rules, ignoreUnfixed: ignoreUnfixed,
                             inventory: result.inventory, root: ReportOptions.root(scanning: path))
    }
    try exitIfFailing(status)
  }
}

extension SourceTreeScannerKind: ExpressibleByArgument {}
