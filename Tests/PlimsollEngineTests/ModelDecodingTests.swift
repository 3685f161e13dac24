import Foundation
import PlimsollEngine
import Testing

private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
  try JSONDecoder().decode(type, from: Data(json.utf8))
}

@Test func missingAndNullFieldsDecodeAsEmpty() throws {
  let bare = try decode(ContainerInspect.self, #"{"Id":"c1","Name":"/web","Image":"sha256:aa"}"#)
  #expect(bare.args.isEmpty && bare.execIDs.isEmpty && bare.mounts.isEmpty)
  #expect(bare.hostConfig == ContainerInspect.HostConfig())
  #expect(bare.config == ContainerInspect.Config())
  let nulls = try decode(
    ContainerInspect.self,
    #"{"Id":"c1","Name":"/web","Image":"sha256:aa","Args":null,"HostConfig":null,"Config":null,"#
      + #""Mounts":[{"Type":null,"Destination":"/data"}]}"#)
  #expect(nulls.args.isEmpty && nulls.hostConfig == ContainerInspect.HostConfig())
  #expect(nulls.mounts.first?.type == "" && nulls.mounts.first?.rw == false)
  #expect(nulls.mounts.first?.destination == "/data")
  let host = try decode(
    ContainerInspect.HostConfig.self,
    #"{"Privileged":null,"Memory":null,"CapAdd":null,"NetworkMode":null,"PortBindings":null}"#)
  #expect(host == ContainerInspect.HostConfig())
  let history = try decode(ImageHistoryEntry.self, #"{"Created":5}"#)
  #expect(history.id == "" && history.tags.isEmpty && history.size == 0 && history.created == 5)
}

@Test func requiredFieldsAndWrongTypesStillFail() throws {
  #expect(throws: DecodingError.self) {
    try decode(ContainerInspect.self, #"{"Name":"/web","Image":"sha256:aa"}"#)
  }
  #expect(throws: DecodingError.self) {
    try decode(ContainerSummary.self, #"{"Id":"c1","Names":"/web"}"#)
  }
  #expect(throws: DecodingError.self) {
    try decode(ContainerInspect.Config.self, #"{"Env":"A=1"}"#)
  }
}

@Test func irregularKeysCommandsAndPortsDecode() throws {
  let host = try decode(
    ContainerInspect.HostConfig.self,
    #"{"UTSMode":"host","PortBindings":{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}],"#
      + #""443/tcp":null}}"#)
  #expect(host.utsMode == "host")
  #expect(host.portBindings["80/tcp"]?.first?.hostIP == "127.0.0.1")
  #expect(host.portBindings["443/tcp"] == [])
  let mount = try decode(ContainerInspect.Mount.self, #"{"RW":true,"Source":"/srv"}"#)
  #expect(mount.rw && mount.source == "/srv")
  let info = try decode(EngineInfo.self, #"{"ID":"node-1","SecurityOptions":null}"#)
  #expect(info.id == "node-1" && info.securityOptions.isEmpty)
  let single = try decode(ContainerInspect.Config.self, #"{"Cmd":"nginx -g daemon","Entrypoint":null}"#)
  #expect(single.cmd == ["nginx -g daemon"] && single.entrypoint.isEmpty)
  let list = try decode(ContainerInspect.Config.self, #"{"Cmd":["nginx","-g"],"User":"app"}"#)
  #expect(list.cmd == ["nginx", "-g"] && list.user == "app")
}

@Test func encodingRoundTripsThroughTheEngineNames() throws {
  var container = ContainerInspect(id: "c1", name: "/web", image: "sha256:aa", args: ["-x"])
  container.hostConfig.utsMode = "host"
  container.hostConfig.portBindings = ["80/tcp": [], "22/tcp": []]
  let data = try JSONEncoder().encode(container)
  let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  #expect(object["Args"] as? [String] == ["-x"])
  let hostConfig = try #require(object["HostConfig"] as? [String: Any])
  #expect(hostConfig["UTSMode"] as? String == "host")
  #expect(try JSONDecoder().decode(ContainerInspect.self, from: data) == container)
}
