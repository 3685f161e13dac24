import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollIO

/// TOMLDocument reads what Python's `tomllib` (the standard library's TOML 1.0 reader) reads,
/// value for value, and refuses what it refuses: over the project's lock files, every RustSec
/// advisory's front matter, and documents written here for each rule of the specification.
@Suite struct TOMLDocumentTests {
  /// Valid documents, one per feature.
  static let valid: [String] = [
    "a = 1\nb = -0\nc = +17\nd = 1_000_000\ne = 0xDEAD_beef\nf = 0o755\ng = 0b1101\nh = 9223372036854775807\ni = -9223372036854775808\n",
    "a = 1.0\nb = -3.5e-2\nc = 6.626e-34\nd = 1e10\ne = 9_224_617.445_991\nf = inf\ng = -inf\nh = +inf\nk = 0.1\nl = 5E+22\n",
    "t = true\nf = false # comment\n# only a comment\n\n",
    #"s = "tab\tquote\" back\\ u\u00e9 U\U0001F600 b\b f\f r\r n\n"  "#,
    "s = 'C:\\Users\\nodejs\\templates'\nq = '<\\i\\c*\\s*>'\n",
    "m = \"\"\"\nRoses are red\nViolets are blue\"\"\"\nn = \"\"\"\\\n  The quick \\\n\n  brown fox.\\\n  \"\"\"\no = \"\"\"\"\"quotes\"\"\"\"\"\n",
    "m = '''\nfirst\n  second\\n'''\nn = ''''That,' she said.'''\no = '''x''''' \n",
    "d1 = 1979-05-27T07:32:00Z\nd2 = 1979-05-27T00:32:00.999999-07:00\nd3 = 1979-05-27 07:32:00Z\nd4 = 1979-05-27T07:32:00\nd5 = 1979-05-27\nd6 = 07:32:00\nd7 = 00:32:00.999999\n",
    "a = [ 1, 2, 3 ]\nb = [ \"a\", 'b', \"\"\"c\"\"\" ]\nc = [ [ 1, 2 ], [\"a\", 'b'] ]\nd = [\n  1, # one\n  2,\n]\ne = []\nf = [ { x = 1 }, { y = [2] } ]\ng = [1, 2.0, \"three\", true]\n",
    "name = { first = \"Tom\", last = \"Preston-Werner\" }\npoint = {x=1,y=2}\nanimal = { type.name = \"pug\" }\ne = {}\n",
    "\"quoted key\" = 1\n'literal key' = 2\nbare-key_1 = 3\n1234 = 4\n\"\" = 5\na . b . \"c\" = 6\nsite.\"google.com\" = true\n",
    "[table]\nkey = 1\n[table.sub]\nkey = 2\n[ other . 'quoted' ]\nk = 3\n",
    "[x.y.z.w]\n[x]\na = 1\n",
    "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n",
    "[[products]]\nname = \"Hammer\"\n[[products]]\n[[products]]\nname = \"Nail\"\n[[fruits]]\nname = \"apple\"\n[fruits.physical]\ncolor = \"red\"\n[[fruits.varieties]]\nname = \"red delicious\"\n[[fruits]]\nname = \"banana\"\n",
    "a = 1\r\n[t]\r\nb = \"\"\"x\r\ny\"\"\"\r\n",
    "a = \"é ü 中文 😀\"\n# коммент\n",
  ]

  /// Invalid documents: each breaks one rule.
  static let invalid: [String] = [
    "a = 1\na = 2\n",
    "[t]\n[t]\n",
    "a = {b = 1}\na.c = 2\n",
    "[fruit]\napple.color = \"red\"\n[fruit.apple]\n",
    "a = [1]\n[[a]]\n",
    "[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n",
    "a = 1 b = 2\n",
    "a = \"unterminated\n",
    "a = 'no\nnewline'\n",
    "a = \"\\x\"\n",
    "a = 01\n",
    "a = 1__0\n",
    "a = 1.\n",
    "a = .5\n",
    "a = 1e\n",
    "a = 1979-13-27\n",
    "a = {x = 1,}\n",
    "a = {x = 1\n}\n",
    "a = [1 2]\n",
    "= 1\n",
    "a\n",
    "[a\n",
    "[[a]\n",
    "a = tru\n",
    "a = \"\"\"x\"\"\"\"\"\"\n",
    "a = \"\\uD800\"\n",
    "\"\"\"key\"\"\" = 1\n",
    "a = \"\u{7}\"\n",
  ]

  @Test func readsWhatTomllibReadsAndRefusesWhatItRefuses() throws {
    let scratch = try Scratch()
    var documents: [(name: String, text: String)] = []
    for (position, text) in Self.valid.enumerated() { documents.append(("valid-\(position).toml", text)) }
    for (position, text) in Self.invalid.enumerated() { documents.append(("invalid-\(position).toml", text)) }
    let lockfiles = Repository.root.appendingPathComponent("Tests/Fixtures/lockfiles").path
    for name in ["Cargo.lock", "poetry.lock", "uv.lock", "pdm.lock", "broken-Cargo.lock", "generated/Cargo.lock",
                 "generated/Cargo.toml", "generated/poetry.lock", "generated/pyproject.toml", "generated/uv.lock"] {
      let text = try String(contentsOfFile: lockfiles + "/" + name, encoding: .utf8)
      documents.append((name.replacingOccurrences(of: "/", with: "-"), text))
    }
    let checked = try compareWithTomllib(documents, scratch: scratch)
    #expect(checked == documents.count)
  }

  /// Every RustSec advisory's TOML front matter (the advisory snapshot beside the repository).
  @Test(.enabled(if: FileManager.default.fileExists(atPath: Repository.vulndata + "/rust")
    || ProcessInfo.processInfo.environment["CI"] == "true", "the advisory snapshot ../shared/vulndata is missing"))
  func everyRustSecFrontMatterAgreesWithTomllib() throws {
    let scratch = try Scratch()
    try scratch.run(["mkdir", "-p", "db"])
    try scratch.run(["tar", "-xzf", Repository.vulndata + "/rust/rustsec-advisory-db.tar.gz", "-C", "db"])
    var documents: [(name: String, text: String)] = []
    let enumerator = FileManager.default.enumerator(atPath: scratch.path + "/db")
    while let relative = enumerator?.nextObject() as? String {
      guard relative.hasSuffix(".md"),
        let text = try? String(contentsOfFile: scratch.path + "/db/" + relative, encoding: .utf8),
        let start = text.range(of: "```toml\n"),
        let end = text.range(of: "\n```", range: start.upperBound..<text.endIndex)
      else { continue }
      documents.append((relative.replacingOccurrences(of: "/", with: "-") + ".toml",
                        String(text[start.upperBound..<end.lowerBound])))
    }
    #expect(documents.count > 500)
    let checked = try compareWithTomllib(documents, scratch: scratch)
    #expect(checked == documents.count)
  }

  /// Where the specification asks more than tomllib does: an integer beyond 64 bits is an
  /// error (tomllib keeps Python's big integers), and a byte order mark is skipped.
  @Test func specificationOverTomllib() throws {
    #expect(throws: TOMLError(line: 1, column: 24, problem: "9223372036854775808 is out of the 64-bit integer range")) {
      _ = try TOMLDocument.parse("a = 9223372036854775808\n")
    }
    #expect(try TOMLDocument.parse("\u{FEFF}a = 1\n") == ["a": .integer(1)])
  }

  @Test func errorsNameTheLineAndColumn() {
    #expect(throws: TOMLError(line: 3, column: 1, problem: "key a is defined twice")) {
      _ = try TOMLDocument.parse("a = 1\n# c\na = 2\n")
    }
    #expect(throws: TOMLError(line: 2, column: 7, problem: "expected the end of the line")) {
      _ = try TOMLDocument.parse("x = 1\na = 1 b = 2\n")
    }
  }

  @Test func decodesIntoDecodableTypes() throws {
    struct Lock: Decodable, Equatable {
      struct Package: Decodable, Equatable {
        var name: String
        var version: String
        var checksum: String?
        var dependencies: [String]?
      }
      var version: Int
      var package: [Package]
    }
    let lock = try TOMLDocument.decode(Lock.self, from: """
      version = 3

      [[package]]
      name = "a"
      version = "1.0.0"
      dependencies = ["b"]

      [[package]]
      name = "b"
      version = "2.0.0"
      checksum = "abc"
      """)
    #expect(lock == Lock(version: 3, package: [
      .init(name: "a", version: "1.0.0", checksum: nil, dependencies: ["b"]),
      .init(name: "b", version: "2.0.0", checksum: "abc", dependencies: nil),
    ]))
  }

  /// Writes each document and what TOMLDocument made of it (a tagged tree, or the error), and
  /// has tomllib check them all; returns how many agreed, failing the test for each that did not.
  func compareWithTomllib(_ documents: [(name: String, text: String)], scratch: Scratch) throws -> Int {
    var pairs: [[String: Any]] = []
    for (name, text) in documents {
      let path = try scratch.write("docs/" + name, text)
      var pair: [String: Any] = ["file": path]
      do {
        pair["ours"] = Self.tagged(.table(try TOMLDocument.parse(text)))
      } catch {
        pair["error"] = error.description
      }
      pairs.append(pair)
    }
    let list = try scratch.write("pairs.json", Array(try JSONSerialization.data(withJSONObject: pairs)))
    try scratch.write("oracle.py", Self.oracle)
    let output = String(decoding: try scratch.run(["python3", "oracle.py", list]), as: UTF8.self)
    var agreed = 0
    for line in output.split(separator: "\n") {
      if line.hasPrefix("agree ") { agreed += 1 } else { Issue.record("\(line)") }
    }
    return agreed
  }

  /// TOMLDocument's tree with every scalar tagged by its type (floats by their bit pattern).
  static func tagged(_ value: TOMLValue) -> Any {
    switch value {
    case .string(let text): ["string": text]
    case .integer(let number): ["integer": String(number)]
    case .float(let number): ["float": number.isNaN ? "nan" : String(number.bitPattern)]
    case .boolean(let flag): ["bool": flag]
    case .dateTime(let text): ["datetime": text]
    case .array(let items): items.map(tagged)
    case .table(let entries): entries.mapValues(tagged)
    }
  }

  /// The oracle: tomllib's reading of each file, tagged the same way (a date or time by what
  /// tomllib makes of the text TOMLDocument kept), compared with TOMLDocument's.
  static let oracle = #"""
    import json, math, struct, sys, tomllib

    def tag(value):
        if isinstance(value, bool): return {"bool": value}
        if isinstance(value, int): return {"integer": str(value)}
        if isinstance(value, float):
            return {"float": "nan" if math.isnan(value) else str(struct.unpack("<Q", struct.pack("<d", value))[0])}
        if isinstance(value, str): return {"string": value}
        if isinstance(value, list): return [tag(v) for v in value]
        if isinstance(value, dict): return {k: tag(v) for k, v in value.items()}
        return {"datetime": value.isoformat()}

    def normalise(value):
        if isinstance(value, dict) and set(value) == {"datetime"}:
            return {"datetime": tomllib.loads("x = " + value["datetime"])["x"].isoformat()}
        if isinstance(value, list): return [normalise(v) for v in value]
        if isinstance(value, dict): return {k: normalise(v) for k, v in value.items()}
        return value

    for pair in json.load(open(sys.argv[1])):
        name = pair["file"].rsplit("/", 1)[-1]
        try:
            expected = tag(tomllib.loads(open(pair["file"], encoding="utf-8", newline="").read()))
        except tomllib.TOMLDecodeError as error:
            if "error" in pair: print("agree", name)
            else: print(f"{name}: tomllib refuses it ({error}), TOMLDocument reads it")
            continue
        if "error" in pair:
            print(f"{name}: tomllib reads it, TOMLDocument refuses it: {pair['error']}")
        elif normalise(pair["ours"]) != expected:
            print(f"{name}: values differ:\n  ours    {json.dumps(pair['ours'], sort_keys=True)[:2000]}\n  tomllib {json.dumps(expected, sort_keys=True)[:2000]}")
        else:
            print("agree", name)
    """#
}
