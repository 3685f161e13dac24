import PlimsollFindings
import Testing
@testable import PlimsollRules

/// A clean image model: non-root, health-checked, no secrets.
let cleanImage = ImageConfigModel(
  reference: "app:1", user: "10001", env: ["PATH=/usr/bin", "DB_PASSWORD_FILE=/run/secrets/db"],
  exposedPorts: ["8080/tcp"], hasHealthcheck: true,
  history: [.init(createdBy: "/bin/sh -c #(nop) ADD file:abc in / "),
            .init(createdBy: "RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit")])

struct ImageRuleCase: Sendable, CustomTestStringConvertible {
  var id: String
  var positive: ImageConfigModel
  var testDescription: String { id }
}

func image(_ change: (inout ImageConfigModel) -> Void) -> ImageConfigModel {
  var model = cleanImage
  change(&model)
  return model
}

let imageRuleCases: [ImageRuleCase] = [
  .init(id: "PLM-IMG-001", positive: image { $0.user = "" }),
  .init(id: "PLM-IMG-002", positive: image { $0.env.append("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENG") }),
  .init(id: "PLM-IMG-003", positive: image {
    $0.history.append(.init(createdBy: "|1 NPM_TOKEN=abcd1234 /bin/sh -c npm ci", layerDigest: "sha256:aa"))
  }),
  .init(id: "PLM-IMG-004", positive: image { $0.exposedPorts.append("22/tcp") }),
  .init(id: "PLM-IMG-005", positive: image { $0.hasHealthcheck = false }),
  .init(id: "PLM-IMG-006", positive: image {
    $0.history.append(.init(createdBy: "ADD https://example.com/tool.tgz /opt/ # buildkit"))
  }),
  .init(id: "PLM-IMG-007", positive: image { $0.setuidFiles = [.init(path: "/usr/local/bin/helper", layerDigest: "sha256:bb")] }),
  .init(id: "PLM-IMG-008", positive: image { $0.worldWritableDirectories = [.init(path: "/srv/upload")] }),
  .init(id: "PLM-IMG-009", positive: image { $0.history.append(.init(createdBy: "/bin/sh -c sudo make install")) }),
  .init(id: "PLM-IMG-010", positive: image {
    $0.history.append(.init(createdBy: "RUN /bin/sh -c curl -fsSL https://x.sh | bash # buildkit"))
  }),
]

@Suite struct ImageConfigRuleTests {
  @Test func cleanImageHasNoFindings() {
    #expect(ImageConfigScanner.scan(cleanImage).isEmpty)
  }

  @Test(arguments: imageRuleCases)
  func positiveCaseFires(_ rule: ImageRuleCase) {
    let findings = ImageConfigScanner.scan(rule.positive).filter { $0.id == rule.id }
    #expect(findings.count == 1, "\(rule.id)")
    #expect(findings.first?.location?.path != nil)
  }

  @Test func everyImageRuleHasACase() {
    let covered = Set(imageRuleCases.map(\.id))
    #expect(ImageConfigRules.all.map(\.info.id).filter { !covered.contains($0) }.isEmpty)
  }

  @Test func historyFindingsCarryTheLayerAndCreatedBy() {
    let model = image { $0.history.append(.init(createdBy: "|1 NPM_TOKEN=abcd1234 /bin/sh -c npm ci", layerDigest: "sha256:aa")) }
    let finding = ImageConfigScanner.scan(model).first { $0.id == "PLM-IMG-003" }
    #expect(finding?.location?.layerDigest == "sha256:aa")
    #expect(finding?.location?.createdBy == "|1 NPM_TOKEN=ab****** /bin/sh -c npm ci")
    #expect(finding?.evidence?.contains("abcd1234") == false)
  }

  @Test func setuidFindingPointsAtTheFile() {
    let model = image { $0.setuidFiles = [.init(path: "/usr/local/bin/helper", layerDigest: "sha256:bb")] }
    let finding = ImageConfigScanner.scan(model).first { $0.id == "PLM-IMG-007" }
    #expect(finding?.location == Location(path: "/usr/local/bin/helper", layerDigest: "sha256:bb"))
  }

  @Test func ignoreListIsCaseInsensitiveAndTakesAliases() {
    let root = image { $0.user = "root" }
    #expect(ImageConfigScanner.scan(root).contains { $0.id == "PLM-IMG-001" })
    #expect(!ImageConfigScanner.scan(root, ignoring: ["plm-img-001"]).contains { $0.id == "PLM-IMG-001" })
    #expect(!ImageConfigScanner.scan(root, ignoring: ["CIS-DI-0001"]).contains { $0.id == "PLM-IMG-001" })
  }

  @Test func envSecretIsMasked() {
    let model = image { $0.env.append("API_KEY=abcdef123456") }
    let finding = ImageConfigScanner.scan(model).first { $0.id == "PLM-IMG-002" }
    #expect(finding?.evidence == "Env API_KEY=ab**********")
  }
}
