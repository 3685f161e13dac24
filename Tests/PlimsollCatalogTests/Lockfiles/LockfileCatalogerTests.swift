import Foundation
import PlimsollLayers
import Testing
@testable import PlimsollCatalog

/// Every lock-file cataloger over a handwritten lock file of real versions
/// (Tests/Fixtures/lockfiles).
@Suite struct LockfileCatalogerTests {
  func packages(_ cataloger: some Cataloger, _ fixture: String, at path: String) throws
    -> (packages: [String], metadata: [String: [String: String]], warnings: [String])
  {
    let file = try LanguageFixtures.file("lockfiles/" + fixture, at: path)
    #expect(cataloger.wants(file.entry), "\(cataloger.name) does not want \(path)")
    let result = cataloger.catalog(file)
    let names = result.packages.map { "\($0.name)@\($0.version)" }
    var metadata: [String: [String: String]] = [:]
    for package in result.packages { metadata[package.name] = package.metadata }
    return (names, metadata, result.warnings.map(\.message))
  }

  @Test func requirementsKeepPinsAndReportUnpinnedLines() throws {
    let found = try packages(PythonRequirementsCataloger(), "requirements.txt", at: "/app/requirements.txt")
    #expect(found.packages == ["requests@2.19.0", "urllib3@1.24.1", "Django@2.2.0"])
    #expect(found.metadata["requests"]?[LockfileMetadata.dependency] == "direct")
    #expect(found.warnings == ["1 unpinned requirements not checked (no exact version to match): flask"])
    #expect(PythonRequirementsCataloger().wants(LanguageFixtures.entry("/app/requirements/dev.txt")))
    #expect(!PythonRequirementsCataloger().wants(LanguageFixtures.entry("/app/notes.txt")))
  }

  @Test func poetryPipfileAndUvLocks() throws {
    let poetry = try packages(PythonLockCataloger(), "poetry.lock", at: "/app/poetry.lock")
    #expect(poetry.packages == ["jinja2@2.11.2", "markupsafe@1.1.1", "pytest@6.2.5"])
    #expect(poetry.metadata["pytest"]?[LockfileMetadata.scope] == "dev")
    #expect(poetry.metadata["jinja2"]?[LockfileMetadata.scope] == "prod")
    let pipfile = try packages(PythonLockCataloger(), "Pipfile.lock", at: "/app/Pipfile.lock")
    #expect(pipfile.packages == ["pyyaml@5.3.1", "black@22.3.0"])
    #expect(pipfile.metadata["black"]?[LockfileMetadata.scope] == "dev")
    let uv = try packages(PythonLockCataloger(), "uv.lock", at: "/app/uv.lock")
    #expect(uv.packages == ["pillow@9.0.0"])
    let pdm = try packages(PythonLockCataloger(), "pdm.lock", at: "/app/pdm.lock")
    #expect(pdm.packages == ["certifi@2019.11.28", "pytest@6.2.5"])
    #expect(pdm.metadata["certifi"]?[LockfileMetadata.scope] == "prod")
    #expect(pdm.metadata["pytest"]?[LockfileMetadata.scope] == "dev")
  }

  @Test func goModAppliesReplacementsAndMarksIndirect() throws {
    let found = try packages(GoModCataloger(), "go.mod", at: "/svc/go.mod")
    #expect(found.packages == ["github.com/gin-gonic/gin@v1.7.0", "golang.org/x/net@v0.8.0",
                               "golang.org/x/crypto@v0.0.0-20220314234659-1baeb1ce4c0b"])
    #expect(found.metadata["golang.org/x/crypto"]?[LockfileMetadata.dependency] == "transitive")
    #expect(found.metadata["github.com/gin-gonic/gin"]?[LockfileMetadata.dependency] == "direct")
    #expect(found.warnings == ["github.com/example/local is replaced by the local path ../local; not checked"])
  }

  @Test func cargoGemfileComposerAndYarn() throws {
    #expect(try packages(CargoLockCataloger(), "Cargo.lock", at: "/Cargo.lock").packages
      == ["smallvec@0.6.9", "time@0.1.45"])
    let gems = try packages(GemfileLockCataloger(), "Gemfile.lock", at: "/Gemfile.lock")
    #expect(gems.packages == ["mini_portile2@2.4.0", "nokogiri@1.10.3", "rack@2.0.6"])
    #expect(gems.metadata["rack"]?[LockfileMetadata.dependency] == "direct")
    #expect(gems.metadata["mini_portile2"]?[LockfileMetadata.dependency] == "transitive")
    let composer = try packages(ComposerLockCataloger(), "composer.lock", at: "/composer.lock")
    #expect(composer.packages == ["symfony/http-kernel@v4.4.12", "contao/core@3.2.8", "phpunit/phpunit@8.5.2"])
    #expect(composer.metadata["phpunit/phpunit"]?[LockfileMetadata.scope] == "dev")
    let classic = try packages(YarnLockCataloger(), "yarn-classic.lock", at: "/web/yarn.lock")
    #expect(classic.packages == ["@babel/code-frame@7.10.4", "lodash@4.17.15", "string-width@4.2.3"])
    let berry = try packages(YarnLockCataloger(), "yarn-berry.lock", at: "/web/yarn.lock")
    #expect(berry.packages == ["minimist@1.2.0"])
  }

  @Test func purlsFollowEachEcosystem() throws {
    let file = try LanguageFixtures.file("lockfiles/composer.lock", at: "/composer.lock")
    #expect(ComposerLockCataloger().catalog(file).packages.first?.purl == "pkg:composer/symfony/http-kernel@v4.4.12")
    let yarn = try LanguageFixtures.file("lockfiles/yarn-classic.lock", at: "/yarn.lock")
    #expect(YarnLockCataloger().catalog(yarn).packages.first?.purl == "pkg:npm/%40babel/code-frame@7.10.4")
    let go = try LanguageFixtures.file("lockfiles/go.mod", at: "/go.mod")
    #expect(GoModCataloger().catalog(go).packages.first?.purl == "pkg:golang/github.com/gin-gonic/gin@v1.7.0")
  }

  @Test func malformedLockFilesAreWarningsNamingTheFile() throws {
    let cargo = CargoLockCataloger().catalog(try LanguageFixtures.file("lockfiles/broken-Cargo.lock", at: "/x/Cargo.lock"))
    #expect(cargo.packages.isEmpty && cargo.warnings.map(\.input) == ["/x/Cargo.lock"])
    #expect(cargo.warnings.first?.message.contains("line 1") == true, "\(cargo.warnings)")
    let composer = ComposerLockCataloger().catalog(
      try LanguageFixtures.file("lockfiles/broken-composer.lock", at: "/x/composer.lock"))
    #expect(composer.packages.isEmpty && composer.warnings.map(\.input) == ["/x/composer.lock"])
  }

  @Test(arguments: [
    ("lodash@^4.17.0", "lodash"), ("@babel/core@npm:^7.0.0", "@babel/core"),
    ("string-width-cjs@npm:string-width@^4.2.0", "string-width"), ("my-app@workspace:.", nil),
    ("@scope/pkg@1.0.0", "@scope/pkg"),
  ] as [(String, String?)])
  func yarnSpecNames(spec: String, name: String?) {
    #expect(YarnLockCataloger.packageName(fromSpec: spec) == name)
  }
}

@Suite struct PnpmAndGradleLockTests {
  func names(_ cataloger: some Cataloger, _ fixture: String, at path: String) throws -> [Package] {
    let file = try LanguageFixtures.file("lockfiles/" + fixture, at: path)
    #expect(cataloger.wants(file.entry))
    return cataloger.catalog(file).packages
  }

  @Test func pnpmV6AndV9() throws {
    let v6 = try names(PnpmLockCataloger(), "pnpm-v6.yaml", at: "/web/pnpm-lock.yaml")
    #expect(v6.map { "\($0.name)@\($0.version)" } == ["@babel/code-frame@7.10.4", "lodash@4.17.15", "minimist@1.2.0"])
    #expect(v6.first { $0.name == "minimist" }?.metadata[LockfileMetadata.scope] == "dev")
    #expect(v6.first { $0.name == "lodash" }?.metadata[LockfileMetadata.dependency] == "direct")
    #expect(v6.first { $0.name == "@babel/code-frame" }?.metadata[LockfileMetadata.dependency] == "transitive")
    let v9 = try names(PnpmLockCataloger(), "pnpm-v9.yaml", at: "/web/pnpm-lock.yaml")
    #expect(v9.map { "\($0.name)@\($0.version)" } == ["@babel/code-frame@7.10.4", "lodash@4.17.15"])
    let v5 = try #require(PnpmLockCataloger.nameAndVersion("/@scope/name/1.2.3"))
    #expect(v5 == ("@scope/name", "1.2.3"))
  }

  @Test func gradleLockCoordinates() throws {
    let packages = try names(GradleLockCataloger(), "gradle.lockfile", at: "/svc/gradle.lockfile")
    #expect(packages.map(\.purl) == ["pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.8",
                                     "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                                     "pkg:maven/junit/junit@4.12"])
    #expect(packages.last?.metadata[LockfileMetadata.scope] == "dev")
    #expect(packages.first?.metadata["groupId"] == "com.fasterxml.jackson.core")
  }
}

@Suite struct DotNetLockTests {
  @Test func packagesLockAndDepsJSON() throws {
    let lock = try LanguageFixtures.file("lockfiles/packages.lock.json", at: "/src/App/packages.lock.json")
    #expect(DotNetLockCataloger().wants(lock.entry))
    let packages = DotNetLockCataloger().catalog(lock).packages
    #expect(packages.map { "\($0.name)@\($0.version)" } == ["Newtonsoft.Json@12.0.1", "System.Text.Encodings.Web@4.7.0"])
    #expect(packages.map { $0.metadata[LockfileMetadata.dependency] ?? "-" } == ["direct", "transitive"])
    #expect(packages.first?.purl == "pkg:nuget/Newtonsoft.Json@12.0.1")
    let deps = try LanguageFixtures.file("lockfiles/app.deps.json", at: "/app/app.deps.json")
    #expect(!DotNetLockCataloger().wants(deps.entry))
    #expect(DotNetDepsCataloger().wants(deps.entry))
    #expect(DotNetDepsCataloger().catalog(deps).packages.map(\.name) == ["Newtonsoft.Json", "System.Text.Encodings.Web"])
    if case .key(let ecosystem, let name, _, _) = PackageType.nuget.ecosystem.advisoryLookup(packages[0], nil) {
      #expect(ecosystem == "NuGet" && name == "newtonsoft.json")
    } else {
      Issue.record("NuGet packages have an advisory lookup")
    }
  }
}

@Suite struct MavenPOMTests {
  @Test func declaredDependenciesWithResolvedVersions() throws {
    let file = try LanguageFixtures.file("lockfiles/pom.xml", at: "/svc/pom.xml")
    #expect(MavenPOMCataloger().wants(file.entry))
    let result = MavenPOMCataloger().catalog(file)
    #expect(result.packages.map(\.purl) == [
      "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.8",
      "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
      "pkg:maven/org.apache.commons/commons-text@1.9",
      "pkg:maven/com.example/shared@2.1.0",
      "pkg:maven/junit/junit@4.12",
    ])
    #expect(result.packages.last?.metadata[LockfileMetadata.scope] == "dev")
    #expect(result.packages.first?.metadata["groupId"] == "com.fasterxml.jackson.core")
    #expect(result.warnings.map(\.message) == [
      "org.springframework:spring-core has no version this POM resolves (a parent or BOM sets it); not checked",
    ])
  }
}

@Suite struct InventoryOnlyLockTests {
  func packages(_ fixture: String, at path: String) throws -> [Package] {
    let file = try LanguageFixtures.file("lockfiles/" + fixture, at: path)
    #expect(InventoryLockCataloger().wants(file.entry))
    return InventoryLockCataloger().catalog(file).packages
  }

  @Test func mixPubspecAndPackageResolved() throws {
    #expect(try packages("mix.lock", at: "/app/mix.lock").map(\.purl) == ["pkg:hex/jason@1.4.1", "pkg:hex/plug@1.14.0"])
    let pub = try packages("pubspec.lock", at: "/app/pubspec.lock")
    #expect(pub.map { "\($0.name)@\($0.version)" } == ["http@0.13.5", "meta@1.9.1", "test@1.24.0"])
    #expect(pub.first { $0.name == "test" }?.metadata[LockfileMetadata.scope] == "dev")
    #expect(pub.first { $0.name == "meta" }?.metadata[LockfileMetadata.dependency] == "transitive")
    #expect(try packages("swiftpm-resolved-v3.json", at: "/app/Package.resolved").map(\.purl) == [
      "pkg:swift/github.com/apple/swift-argument-parser@1.8.2", "pkg:swift/github.com/apple/swift-nio@2.101.2",
    ])
  }

  @Test func theirPackagesAreReportedAsNotChecked() {
    let package = Package(type: .hex, name: "jason", version: "1.4.1", foundIn: "/app/mix.lock")
    #expect(PackageType.hex.ecosystem.advisoryLookup(package, nil) == .uncovered("no advisory feed for hex packages is loaded"))
  }
}
