import Testing
@testable import PlimsollCatalog

@Suite struct ComposerInstalledCatalogerTests {
  let cataloger = ComposerInstalledCataloger()
  let path = "/var/www/html/vendor/composer/installed.json"

  @Test func wantsInstalledJsonOnly() {
    #expect(cataloger.wants(LanguageFixtures.entry(path)))
    #expect(!cataloger.wants(LanguageFixtures.entry("/var/www/html/composer.lock")))
    #expect(!cataloger.wants(LanguageFixtures.entry("/var/www/html/vendor/composer/installed.php")))
  }

  @Test func composer1ArrayForm() throws {
    let result = cataloger.catalog(try LanguageFixtures.file("php/composer1-installed.json", at: path))
    #expect(result.warnings.isEmpty)
    #expect(result.packages.count == 27)
    let phpunit = try #require(result.packages.first { $0.name == "phpunit/phpunit" })
    #expect(phpunit.version == "7.5.1")
    #expect(phpunit.purl == "pkg:composer/phpunit/phpunit@7.5.1")
    #expect(phpunit.foundIn == path)
    #expect(phpunit.metadata[LockfileMetadata.lockfile] == nil)
  }

  @Test func composer2ObjectFormWithDevPackages() throws {
    let result = cataloger.catalog(try LanguageFixtures.file("php/composer2-installed.json", at: path))
    #expect(result.warnings.isEmpty)
    #expect(result.packages.map(\.purl) == [
      "pkg:composer/firebase/php-jwt@v6.9.0", "pkg:composer/symfony/deprecation-contracts@v3.3.0",
      "pkg:composer/symfony/polyfill-mbstring@v1.28.0", "pkg:composer/symfony/var-dumper@v6.3.5",
    ])
    #expect(result.packages.map { $0.metadata[LockfileMetadata.scope] } == ["prod", "dev", "dev", "dev"])
  }

  @Test func malformedFilesWarn() {
    for text in ["{", #"{"dev": true}"#, "42"] {
      let result = cataloger.catalog(LanguageFixtures.file(contents: Array(text.utf8), at: path))
      #expect(result.packages.isEmpty)
      #expect(result.warnings.map(\.input) == [path], "\(text)")
    }
    let partial = cataloger.catalog(LanguageFixtures.file(
      contents: Array(#"[{"name": "a/b", "version": "1.0"}, {"name": "c/d"}]"#.utf8), at: path))
    #expect(partial.packages.map(\.name) == ["a/b"])
    #expect(partial.warnings.first?.message.contains("1 package entries") == true)
  }
}
