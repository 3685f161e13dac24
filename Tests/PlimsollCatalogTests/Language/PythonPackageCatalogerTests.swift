import Testing
@testable import PlimsollCatalog

@Suite struct PythonPackageCatalogerTests {
  let cataloger = PythonPackageCataloger()
  let site = "/usr/local/lib/python3.11/site-packages"

  @Test func wantsMetadataAndFileListsOnly() {
    #expect(cataloger.wants(LanguageFixtures.entry(site + "/markupsafe-3.0.3.dist-info/METADATA")))
    #expect(cataloger.wants(LanguageFixtures.entry(site + "/markupsafe-3.0.3.dist-info/RECORD")))
    #expect(cataloger.wants(LanguageFixtures.entry("/usr/lib/python3/dist-packages/PyJWT-2.6.0.egg-info/PKG-INFO")))
    #expect(cataloger.wants(LanguageFixtures.entry("/usr/lib/python3/dist-packages/rpm-4.18.0.egg-info")))
    #expect(!cataloger.wants(LanguageFixtures.entry(site + "/markupsafe-3.0.3.dist-info/WHEEL")))
    #expect(!cataloger.wants(LanguageFixtures.entry(site + "/markupsafe/__init__.py")))
  }

  @Test func metadataDirectoriesMatchInAnyCase() throws {
    let path = site + "/MarkupSafe-3.0.3.DIST-INFO/METADATA"
    #expect(cataloger.wants(LanguageFixtures.entry(path)))
    #expect(cataloger.wants(LanguageFixtures.entry(site + "/MarkupSafe-3.0.3.Dist-Info/RECORD")))
    #expect(cataloger.wants(LanguageFixtures.entry(site + "/PyJWT-2.6.0.EGG-INFO/PKG-INFO")))
    #expect(cataloger.wants(LanguageFixtures.entry(site + "/rpm-4.18.0.Egg-Info")))
    #expect(!cataloger.wants(LanguageFixtures.entry(site + "/MarkupSafe-3.0.3.DIST-INFO/WHEEL")))
    let result = cataloger.catalog(try LanguageFixtures.file("python/markupsafe-3.0.3.dist-info/METADATA", at: path))
    #expect(result.packages.map(\.purl) == ["pkg:pypi/markupsafe@3.0.3"])
    #expect(result.packages.first?.metadata["sitePackages"] == site)
  }

  @Test func theInterpretersOwnEggInfoIsNotAPackage() throws {
    for path in ["/usr/local/lib/python2.7/lib-dynload/Python-2.7.18-py2.7.egg-info",
                 "/usr/lib/python3.11/Python-3.11.egg-info"] {
      #expect(!cataloger.wants(LanguageFixtures.entry(path)), "\(path)")
    }
    // A distribution that merely starts with the same letters still counts.
    #expect(cataloger.wants(LanguageFixtures.entry(site + "/Python-dateutil-2.8.egg-info")))
    #expect(cataloger.wants(LanguageFixtures.entry(site + "/python_dateutil-2.8.2.dist-info/METADATA")))
  }

  @Test func zippedEggsAreRead() throws {
    let path = site + "/plimsoll_egg_demo-0.3.1-py3.11.egg"
    #expect(cataloger.wants(LanguageFixtures.entry(path)))
    let result = cataloger.catalog(try LanguageFixtures.file("python/plimsoll_egg_demo-0.3.1-py3.11.egg", at: path))
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    let package = try #require(result.packages.first)
    #expect(package.name == "plimsoll-egg-demo")
    #expect(package.version == "0.3.1")
    #expect(package.purl == "pkg:pypi/plimsoll-egg-demo@0.3.1")
    #expect(package.foundIn == path)
    #expect(package.metadata["sitePackages"] == site)
    let broken = cataloger.catalog(LanguageFixtures.file(contents: Array("not a zip".utf8), at: site + "/x-1.0.egg"))
    #expect(broken.packages.isEmpty)
    #expect(broken.warnings.map(\.input) == [site + "/x-1.0.egg"])
  }

  @Test func distInfoKeepsOriginalNameAndNormalisesThePurl() throws {
    let path = site + "/markupsafe-3.0.3.dist-info/METADATA"
    let result = cataloger.catalog(try LanguageFixtures.file("python/markupsafe-3.0.3.dist-info/METADATA", at: path))
    #expect(result.warnings.isEmpty)
    let package = try #require(result.packages.first)
    #expect(package.name == "MarkupSafe")
    #expect(package.version == "3.0.3")
    #expect(package.purl == "pkg:pypi/markupsafe@3.0.3")
    #expect(package.licenses == ["BSD-3-Clause"])
    #expect(package.type == .python)
    #expect(package.foundIn == path)
    #expect(package.metadata["sitePackages"] == site)
  }

  @Test(arguments: [
    ("python/jmespath-1.1.0.dist-info/METADATA", "jmespath", "1.1.0", ["MIT"], "James Saryerwinnie"),
    ("python/blinker-1.9.0.dist-info/METADATA", "blinker", "1.9.0", ["MIT License"], "Jason Kirtland"),
    ("python/PyJWT-2.6.0.egg-info/PKG-INFO", "PyJWT", "2.6.0", ["MIT"], "Jose Padilla"),
    ("python/rpm-4.18.0.egg-info", "rpm", "4.18.0", ["GNU General Public License v2"], nil),
  ] as [(String, String, String, [String], String?)])
  func readsLicensesAndAuthors(fixture: String, name: String, version: String, licenses: [String],
                               author: String?) throws {
    let result = cataloger.catalog(try LanguageFixtures.file(fixture, at: "/usr/lib/python3/dist-packages/" + fixture))
    let package = try #require(result.packages.first)
    #expect(package.name == name)
    #expect(package.version == version)
    #expect(package.licenses == licenses)
    #expect(package.metadata["author"] == author)
    #expect(package.purl == "pkg:pypi/\(name.lowercased())@\(version)")
  }

  @Test func recordBecomesOwnedFilesOfTheDistInfoDirectory() throws {
    let path = site + "/markupsafe-3.0.3.dist-info/RECORD"
    let result = cataloger.catalog(try LanguageFixtures.file("python/markupsafe-3.0.3.dist-info/RECORD", at: path))
    let owned = try #require(result.ownedFiles.first)
    #expect(owned.type == .python)
    #expect(owned.packageName == "markupsafe")
    #expect(owned.databaseDirectory == site + "/markupsafe-3.0.3.dist-info")
    #expect(owned.files.contains(site + "/markupsafe/__init__.py"))
    #expect(owned.files.contains(site + "/markupsafe-3.0.3.dist-info/RECORD"))
    #expect(owned.files.allSatisfy { $0.hasPrefix(site + "/markupsafe") })
  }

  @Test func eggInfoInstalledFilesAndEggDirectories() throws {
    let text = "../jwt/__init__.py\n../jwt/api_jwt.py\nPKG-INFO\n"
    let directory = "/usr/lib/python3/dist-packages/PyJWT-2.6.0.egg-info"
    let result = cataloger.catalog(LanguageFixtures.file(contents: Array(text.utf8), at: directory + "/installed-files.txt"))
    #expect(result.ownedFiles == [OwnedFiles(
      type: .python, packageName: "PyJWT", databaseDirectory: directory,
      files: ["/usr/lib/python3/dist-packages/jwt/__init__.py", "/usr/lib/python3/dist-packages/jwt/api_jwt.py",
              directory + "/PKG-INFO"])])
    let egg = cataloger.catalog(try LanguageFixtures.file(
      "python/PyJWT-2.6.0.egg-info/PKG-INFO", at: "/opt/site/PyJWT-2.6.0-py3.11.egg/EGG-INFO/PKG-INFO"))
    #expect(egg.packages.first?.metadata["sitePackages"] == "/opt/site")
  }

  @Test func recordPathsWithQuotesAndParentDirectoriesResolve() {
    let text = "\"odd,name.py\",sha256=x,1\n../../../bin/tool,sha256=y,2\n\n"
    let files = PythonFileList.record(Array(text.utf8), installRoot: "/usr/lib/python3.11/site-packages")
    #expect(files == ["/usr/lib/python3.11/site-packages/odd,name.py", "/usr/bin/tool"])
    #expect(PythonFileList.resolve("../../../../../../etc/passwd", against: "/a/b") == "/etc/passwd")
    #expect(PythonFileList.resolve("pkg/./x/.hidden/../y.py", against: "/s") == "/s/pkg/x/y.py")
    #expect(PythonFileList.resolve("pkg/mod.py", against: "/s") == "/s/pkg/mod.py")
    #expect(PythonFileList.resolve("pkg/.hidden/...x", against: "/s") == "/s/pkg/.hidden/...x")
    for odd in ["..", ".", "a/..", "a//b", "/abs/x", "a/", "./a", "a/./b"] {
      #expect(!PythonFileList.isPlainRelative(odd), "\(odd)")
    }
  }

  @Test(arguments: [
    ("MarkupSafe", "markupsafe"), ("zope.interface", "zope-interface"),
    ("typing_extensions", "typing-extensions"), ("Foo__.-Bar", "foo-bar"),
  ])
  func normalisesNamesPerPEP503(name: String, normalised: String) {
    #expect(PythonPackageName.normalize(name) == normalised)
  }

  @Test func metadataWithoutNameOrVersionGivesAWarning() {
    let noName = cataloger.catalog(LanguageFixtures.file(
      contents: Array("Metadata-Version: 2.1\nVersion: 1.0\n".utf8), at: "/x/a-1.0.dist-info/METADATA"))
    #expect(noName.packages.isEmpty)
    #expect(noName.warnings == [.init(input: "/x/a-1.0.dist-info/METADATA",
                                      message: "Python metadata has no Name header; skipped")])
    let noVersion = cataloger.catalog(LanguageFixtures.file(
      contents: Array("Name: a\n\nVersion: 1.0\n".utf8), at: "/x/a.egg-info/PKG-INFO"))
    #expect(noVersion.warnings.first?.message == "Python metadata for a has no Version header; skipped")
  }

  @Test func onlyTheHeaderBlockIsDecoded() {
    #expect(Array(PythonMetadata.headerBytes(Array("Name: a\nVersion: 1\n\nName: b\n".utf8))) == Array("Name: a\nVersion: 1\n".utf8))
    #expect(Array(PythonMetadata.headerBytes(Array("Name: a\r\n\r\nbody".utf8))) == Array("Name: a\r\n".utf8))
    #expect(Array(PythonMetadata.headerBytes(Array("Name: a".utf8))) == Array("Name: a".utf8))
  }

  @Test func foldedHeadersAndLongLicenseTexts() {
    let text = "Name: x\nVersion: 2\nLicense: Copyright (c) someone\n        Permission is hereby granted\n"
      + "Classifier: License :: OSI Approved :: MIT License\nClassifier: License :: OSI Approved\n\nLicense: body\n"
    let metadata = PythonMetadata(text: text)
    #expect(metadata.first("license") == "Copyright (c) someone\nPermission is hereby granted")
    #expect(metadata.licenses == ["MIT License"])
    #expect(metadata.all("License").count == 1)
    let crlf = PythonMetadata(text: "Name: y\r\nVersion: 1\r\nSummary: s\r\n  more\r\n\r\nName: z\r\n")
    #expect(crlf.first("Name") == "y")
    #expect(crlf.first("Summary") == "s\nmore")
  }
}

@Test func languageCatalogerNamesAreUnique() {
  let names = LanguageCatalogers.all().map(\.name)
  #expect(names == ["python", "npm-package", "npm-lock", "java-archive", "go-binary", "cargo-auditable",
                    "gemspec", "composer-installed", "dotnet-deps"])
  #expect(Set(names).count == names.count)
}
