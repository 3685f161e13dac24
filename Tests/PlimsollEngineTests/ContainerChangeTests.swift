import Foundation
import PlimsollEngine
import Testing

@Test func decodesTheEngineChangesList() throws {
  let json = #"[{"Path":"/etc","Kind":0},{"Path":"/etc/newfile","Kind":1},{"Path":"/tmp/gone","Kind":2}]"#
  let changes = try JSONDecoder().decode([ContainerChange].self, from: Data(json.utf8))
  #expect(changes == [ContainerChange(path: "/etc", kind: .modified),
                      ContainerChange(path: "/etc/newfile", kind: .added),
                      ContainerChange(path: "/tmp/gone", kind: .deleted)])
  #expect(throws: DecodingError.self) {
    try JSONDecoder().decode([ContainerChange].self, from: Data(#"[{"Path":"/x","Kind":7}]"#.utf8))
  }
}
