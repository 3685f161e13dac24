import Testing
@testable import PlimsollCatalog

@Suite struct OSPackageURLsTests {
  let debian = OSRelease(id: "debian", versionID: "12", codename: "bookworm")

  @Test func debWithDifferentSourceCarriesUpstream() {
    let libc = Package(type: .deb, name: "libc6", version: "2.36-9+deb12u4", sourceName: "glibc",
                       sourceVersion: "2.36-9+deb12u4", architecture: "amd64", foundIn: "/var/lib/dpkg/status")
    #expect(OSPackageURLs.purl(for: libc, os: debian)?.description
            == "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc")
  }

  @Test func debWithOwnSourceHasNoUpstream() {
    let adduser = Package(type: .deb, name: "adduser", version: "3.134", sourceName: "adduser",
                          sourceVersion: "3.134", architecture: "all", foundIn: "/var/lib/dpkg/status")
    #expect(OSPackageURLs.purl(for: adduser, os: debian)?.description
            == "pkg:deb/debian/adduser@3.134?arch=all&distro=debian-12")
  }

  @Test func debBinNMUNamesTheSourceVersion() {
    let bash = Package(type: .deb, name: "bash", version: "5.2.15-2+b7", sourceName: "bash",
                       sourceVersion: "5.2.15-2", architecture: "amd64", foundIn: "/var/lib/dpkg/status")
    #expect(OSPackageURLs.purl(for: bash, os: debian)?.description
            == "pkg:deb/debian/bash@5.2.15-2%2Bb7?arch=amd64&distro=debian-12&upstream=bash%405.2.15-2")
  }

  @Test func debSourceVersionDifferingIsNamed() {
    let package = Package(type: .deb, name: "libssl3", version: "3.0.11-1~deb12u2+b1", sourceName: "openssl",
                          sourceVersion: "3.0.11-1~deb12u2", architecture: "amd64", foundIn: "/var/lib/dpkg/status")
    #expect(OSPackageURLs.purl(for: package, os: OSRelease(id: "ubuntu", versionID: "22.04"))?.description
            == "pkg:deb/ubuntu/libssl3@3.0.11-1~deb12u2%2Bb1?arch=amd64&distro=ubuntu-22.04&upstream=openssl%403.0.11-1~deb12u2")
  }

  @Test func rpmSplitsEpochIntoItsQualifier() {
    let package = Package(type: .rpm, name: "openssl-libs", version: "1:3.0.7-25.el9", sourceName: "openssl",
                          architecture: "x86_64", foundIn: "/var/lib/rpm/rpmdb.sqlite",
                          metadata: ["epoch": "1", "release": "25.el9", "sourceRpm": "openssl-3.0.7-25.el9.src.rpm"])
    #expect(OSPackageURLs.purl(for: package, os: OSRelease(id: "rhel", versionID: "9.3"))?.description
            == "pkg:rpm/rhel/openssl-libs@3.0.7-25.el9?arch=x86_64&distro=rhel-9.3&epoch=1&upstream=openssl-3.0.7-25.el9.src.rpm")
    let noEpoch = Package(type: .rpm, name: "bash", version: "5.1.8-6.el9", architecture: "x86_64",
                          foundIn: "/var/lib/rpm/rpmdb.sqlite", metadata: ["release": "6.el9"])
    #expect(OSPackageURLs.purl(for: noEpoch, os: nil)?.description == "pkg:rpm/bash@5.1.8-6.el9?arch=x86_64")
  }

  @Test func apkUsesAlpineAndOrigin() {
    let package = Package(type: .apk, name: "libcrypto1.1", version: "1.1.1k-r0", sourceName: "openssl",
                          sourceVersion: "1.1.1k-r0", architecture: "armv7", foundIn: "/lib/apk/db/installed")
    #expect(OSPackageURLs.purl(for: package, os: OSRelease(id: "alpine", versionID: "3.14.0"))?.description
            == "pkg:apk/alpine/libcrypto1.1@1.1.1k-r0?arch=armv7&distro=alpine-3.14.0&upstream=openssl")
    #expect(OSPackageURLs.purl(for: package, os: nil)?.description
            == "pkg:apk/alpine/libcrypto1.1@1.1.1k-r0?arch=armv7&upstream=openssl")
  }

  @Test func distroFallsBackToCodename() {
    #expect(OSPackageURLs.distroQualifier(OSRelease(id: "debian", codename: "trixie")) == "debian-trixie")
    #expect(OSPackageURLs.distroQualifier(OSRelease(id: "debian")) == nil)
    #expect(OSPackageURLs.distroQualifier(nil) == nil)
  }

  @Test func assignFillsOnlyOSPackages() {
    let packages = [
      Package(type: .deb, name: "tzdata", version: "2024a-0+deb12u1", sourceName: "tzdata",
              architecture: "all", foundIn: "/var/lib/dpkg/status"),
      Package(type: .python, name: "requests", version: "2.31.0", purl: "pkg:pypi/requests@2.31.0",
              foundIn: "/usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA"),
    ]
    let filled = OSPackageURLs.assign(packages, os: debian)
    #expect(filled[0].purl == "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12")
    #expect(filled[1].purl == "pkg:pypi/requests@2.31.0")
  }
}

@Test func osCatalogerNamesAreDistinct() {
  let names = OSCatalogers.all.map(\.name)
  #expect(names == ["os-release", "dpkg", "dpkg-copyright", "apk", "rpm"])
}
