import Foundation
import PlimsollTestSupport

/// A small HTTP server on 127.0.0.1 that answers like a broken or odd Docker engine, so the
/// client's error paths run against real sockets.
final class FakeEngine {
  let port: Int
  private let process: Process
  private let scratch: Scratch

  /// Starts `python3 script.py`; the script prints its port on the first line of standard output.
  init(script: String, arguments: [String] = []) throws {
    scratch = try Scratch()
    let path = try scratch.write("fake_engine.py", script)
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", path] + arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    var line: [UInt8] = []
    let descriptor = output.fileHandleForReading.fileDescriptor
    var byte: UInt8 = 0
    while read(descriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
      line.append(byte)
    }
    guard let port = Int(String(decoding: line, as: UTF8.self)) else {
      process.terminate()
      throw NSError(domain: "FakeEngine", code: 1, userInfo: [NSLocalizedDescriptionKey: "the fake engine printed no port"])
    }
    self.port = port
  }

  func stop() {
    if process.isRunning {
      // SIGKILL: the test runner may hand its children an ignored SIGTERM.
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  deinit { stop() }

  /// Prints a free port and exits.
  static let closedPortScript = """
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1], flush=True)
    s.close()
    """

  /// Answers by path; argv[1] is the API version `/_ping` reports.
  static let script = #"""
    import sys, time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    API = sys.argv[1] if len(sys.argv) > 1 else "1.41"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, body, content_type="application/json", headers=()):
            data = body.encode() if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Api-Version", API)
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            path = self.path
            if path == "/_ping":
                return self.reply(200, "OK", "text/plain")
            prefix = "/v" + ("1.47" if API == "1.99" else API)
            if not path.startswith(prefix + "/"):
                return self.reply(400, '{"message":"unexpected version in ' + path + '"}')
            path = path[len(prefix):]
            if path == "/info":
                return self.reply(200, '{"ServerVersion": "20.10", "SecurityOptions": [')
            if path == "/version":
                return self.reply(500, '{"message":"Something broke inside"}')
            if path == "/containers/json":
                return self.reply(200, '[{"Id": 5}]')
            if path == "/containers/plain/json":
                return self.reply(502, "bad gateway\n", "text/plain")
            if path == "/containers/c1/changes":
                return self.reply(200, "null")
            if path == "/images/json":
                return self.reply(200, "[" + ",".join(['{"Id":"sha256:%064d"}' % i for i in range(40000)]) + "]")
            if path == "/containers/slow/json":
                time.sleep(600)  # far past the client's 500 ms, even on a machine whose test threads are all busy
                return self.reply(200, "{}")
            if path == "/images/cut/get":
                self.send_response(200)
                self.send_header("Content-Type", "application/x-tar")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                self.wfile.write(b"x" * 1000)
                self.wfile.flush()
                self.close_connection = True
                return
            if path == "/images/small/get":
                return self.reply(200, b"y" * 5000, "application/x-tar")
            return self.reply(404, '{"message":"page not found"}')

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()
    """#
}
