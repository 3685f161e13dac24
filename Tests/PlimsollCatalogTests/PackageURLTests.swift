import Testing
@testable import PlimsollCatalog

@Test func debPurlCarriesArchAndDistroSorted() {
  let purl = PackageURL(type: "deb", namespace: "debian", name: "openssl", version: "3.0.11-1~deb12u2",
                        qualifiers: ["distro": "debian-12", "arch": "amd64"])
  #expect(purl.description == "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12")
}

@Test func purlPercentEncodesReservedCharacters() {
  let purl = PackageURL(type: "npm", namespace: "@angular", name: "core", version: "1.0.0+build")
  #expect(purl.description == "pkg:npm/%40angular/core@1.0.0%2Bbuild")
}
