import PlimsollLayers
import Testing

@Test func layerWhiteoutNamesTheDeletedPathOrOpaqueDirectory() {
  #expect(LayerWhiteout(path: "/etc/.wh.passwd") == .deletes(path: "/etc/passwd"))
  #expect(LayerWhiteout(path: "/.wh.secret.txt") == .deletes(path: "/secret.txt"))
  #expect(LayerWhiteout(path: "/opt/old/.wh..wh..opq") == .opaque(directory: "/opt/old"))
  #expect(LayerWhiteout(path: "/.wh..wh..opq") == .opaque(directory: "/"))
  #expect(LayerWhiteout(path: "/etc/passwd") == nil)
  #expect(LayerWhiteout(path: "/etc/.whatever") == nil)
  #expect(LayerWhiteout(path: "/") == nil)
}

@Suite struct MergedPathsTests {
  /// Three layers: a base, a layer that deletes a file and hides a directory, and a layer that
  /// replaces a directory with a file and rewrites a path.
  @Test func deletionsApplyBeforeWritesAndHideEverythingBelow() {
    var merged = MergedPaths<Int>()
    merged.apply(LayerDeletions(), writes: ["/a": 0, "/etc/x": 0, "/opt/old/y": 0, "/lib/z": 0, "/k": 0])
    merged.apply(LayerDeletions(whiteouts: ["/a"], opaqueDirectories: ["/opt/old"]),
                 writes: ["/opt/old/new": 1])
    #expect(merged.visible == ["/etc/x": 0, "/opt/old/new": 1, "/lib/z": 0, "/k": 0])
    merged.apply(LayerDeletions(replacedDirectories: ["/lib"]), writes: ["/lib": 2, "/k": 2])
    #expect(merged.visible == ["/etc/x": 0, "/opt/old/new": 1, "/lib": 2, "/k": 2])
  }

  @Test func anOpaqueRootHidesEveryLowerPath() {
    var merged = MergedPaths<Int>()
    merged.apply(LayerDeletions(), writes: ["/a": 0, "/b/c": 0])
    merged.apply(LayerDeletions(opaqueDirectories: ["/"]), writes: ["/d": 1])
    #expect(merged.visible == ["/d": 1])
  }

  @Test func aWhiteoutOfAPrefixNameKeepsItsSiblings() {
    let deletions = LayerDeletions(whiteouts: ["/etc/ssl"])
    #expect(deletions.removes("/etc/ssl"))
    #expect(deletions.removes("/etc/ssl/certs/a.pem"))
    #expect(!deletions.removes("/etc/ssl2/b"))
  }
}
