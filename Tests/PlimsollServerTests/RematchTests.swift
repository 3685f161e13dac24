import Foundation
import PlimsollCore
import PlimsollTestSupport
import Testing

/// `plimsoll server rematch` after a database update: stored inventories are matched again
/// (no pull), and a webhook hears what appeared and what went away.
@Suite(.enabled(if: TestPostgres.runs && LocalRegistry.runs && Requirement.testImage && Requirement.executable,
                "needs PostgreSQL, docker-registry, skopeo, the test image and the built executable"))
struct RematchTests {
  @Test func storedInventoriesAreMatchedAgainAndChangesNotified() async throws {
    let images = try #require(TestImage.available())
    let scratch = try Scratch()
    let registry = try LocalRegistry()
    try registry.push("oci:\(images)/test-image-oci:1.0", as: "team/app:5.0")
    let cache = try await AdvisoryCache.shared.directory()
    let server = try await TestServer(database: try TestPostgres.createDatabase(), cache: cache, scratch: scratch)
    let (_, _, body) = try await HTTP.request(
      "POST", server.base + "/v1/scans", body: #"{"reference": "\#(registry.host)/team/app:5.0", "insecure": true}"#)
    let id = try #require(try HTTP.object(body)?["id"] as? String)
    #expect(try await server.waitForJob(id)["state"] as? String == "done")
    let (_, _, report) = try await HTTP.request("GET", server.base + "/v1/scans/\(id)/report")
    let before = try findings(ofJSONReport: report).count
    #expect(before > 100)

    // A database without the Debian feed: every Debian vulnerability goes away.
    let feeds = scratch.path + "/feeds"
    try FileManager.default.createDirectory(atPath: feeds, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: Repository.vulndata + "/alpine", toPath: feeds + "/alpine")
    let smaller = scratch.path + "/smaller"
    _ = try DatabaseBuilder().build(from: feeds, to: CacheLocation(root: smaller).databasePath)

    let hookPort = try LocalRegistry.freePort()
    let received = scratch.path + "/received"
    let receiver = try PlimsollProcess.python(["-c", """
      import http.server, sys
      class Hook(http.server.BaseHTTPRequestHandler):
          def do_POST(self):
              body = self.rfile.read(int(self.headers["Content-Length"]))
              with open(sys.argv[1], "ab") as out: out.write(body + b"\\n")
              self.send_response(204); self.end_headers()
          def log_message(self, *args): pass
      http.server.HTTPServer(("127.0.0.1", int(sys.argv[2])), Hook).serve_forever()
      """, received, "\(hookPort)"], log: scratch.path + "/hook.log")
    defer { receiver.kill() }
    try await Task.sleep(for: .milliseconds(500))

    let (status, output, errors) = try await runPlimsoll(
      ["server", "rematch", "--database", server.database, "--cache-dir", smaller,
       "--notify", "http://127.0.0.1:\(hookPort)/hook"])
    #expect(status == 0, "\(errors)")
    #expect(output.contains("re-matched 1 image(s): 1 changed"), "\(output)")
    let lines = try String(contentsOfFile: received, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 1)
    let change = try #require(try HTTP.object(String(lines.first ?? "")))
    #expect(change["event"] as? String == "findings-changed")
    #expect((change["gone"] as? [Any])?.count == before)
    #expect((change["appeared"] as? [Any])?.isEmpty == true)
    let rematchID = try #require(change["scanID"] as? String)

    // The image's latest result is the re-matched one; nothing was pulled for it.
    let (_, _, listing) = try await HTTP.request("GET", server.base + "/v1/images")
    let image = try #require((try HTTP.object(listing)?["images"] as? [[String: Any]])?.first)
    #expect(image["scanID"] as? String == rematchID)
    let (_, _, rematched) = try await HTTP.request("GET", server.base + "/v1/scans/\(rematchID)/report")
    #expect(try findings(ofJSONReport: rematched).isEmpty)

    // Unchanged data: nothing to say.
    let (again, againOutput, _) = try await runPlimsoll(
      ["server", "rematch", "--database", server.database, "--cache-dir", smaller,
       "--notify", "http://127.0.0.1:\(hookPort)/hook"])
    #expect(again == 0 && againOutput.contains("1 image(s): 0 changed"))
    #expect(try String(contentsOfFile: received, encoding: .utf8).split(separator: "\n").count == 1)

    // Back to the full database: every vulnerability appears again.
    let (back, _, _) = try await runPlimsoll(
      ["server", "rematch", "--database", server.database, "--cache-dir", cache,
       "--notify", "http://127.0.0.1:\(hookPort)/hook"])
    #expect(back == 0)
    let last = try String(contentsOfFile: received, encoding: .utf8).split(separator: "\n").last.map(String.init) ?? ""
    #expect((try HTTP.object(last)?["appeared"] as? [Any])?.count == before)
  }
}
