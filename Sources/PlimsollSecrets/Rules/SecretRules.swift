import PlimsollFindings

/// The built-in secret rules: one table that the engine runs and `plimsoll rules` lists.
///
/// Formats come from the issuers' public documentation of their token formats.
public enum SecretRules {
  /// Not preceded by a token character.
  static let start = "(?<![A-Za-z0-9_-])"
  /// Not followed by a token character.
  static let end = "(?![A-Za-z0-9_-])"
  /// An assignment between a key and its value: `=`, `:`, `:=`, `=>`, optional quotes.
  static let assign = #"["']?\s*(?:=|:=|:|=>)\s*["']?"#

  /// A value assigned to a key that names its issuer (`datadog_api_key = "…"`).
  static func keyed(_ key: String, _ value: String) -> String {
    "(?i:\(key))[A-Za-z0-9_.-]{0,24}" + assign + "(" + value + ")" + #"(?![A-Za-z0-9_/+=-])"#
  }

  /// A token with a fixed prefix: `prefix` then `body`, bounded on both sides.
  static func token(_ body: String) -> String { start + "(" + body + ")" + end }

  /// A PEM private-key block whose BEGIN line names `label`.
  static func pem(_ label: String) -> String {
    "-----BEGIN " + label + "-----" + #"([\s\S]{64,}?)"# + "-----END " + label + "-----"
  }

  /// Words that mark a generic value as documentation or a placeholder.
  static let genericStopwords = [
    "password", "passwd", "changeme", "change_me", "placeholder", "dummy", "sample", "redacted",
    "your_", "your-", "yourpass", "secret123", "notasecret", "replace", "undefined", "env(",
    "getenv", "environ", "process.env",
  ]

  /// Every built-in rule.
  public static let all: [SecretRule] = cloud + sourceHosting + chat + payments + messaging
    + packageRegistries + privateKeys + credentialFiles + saas + generic

  /// The documentation of every built-in rule.
  public static var infos: [RuleInfo] { all.map(\.info) }

  static let cloud: [SecretRule] = [
    SecretRule(
      id: "aws-access-key-id", title: "AWS access key ID", severity: .high,
      keywords: ["akia", "asia", "abia", "acca", "a3t"],
      regex: #"(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})(?![A-Z0-9])"#,
      entropy: 3.0, gate: .tail(16)),
    SecretRule(
      id: "aws-secret-access-key", title: "AWS secret access key", severity: .critical,
      keywords: ["secret_access_key", "secretaccesskey", "secret-access-key", "aws_secret",
                 "aws-secret", "awssecret"],
      regex: #"(?i:aws[_-]?secret|secret[_-]?access)[A-Za-z0-9_-]{0,20}"# + assign
        + #"([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"#,
      entropy: 4.0, specificity: .contextual, gate: .assignment(quotedValue: nil)),
    SecretRule(
      id: "aws-session-token", title: "AWS session token", severity: .high,
      keywords: ["session_token", "sessiontoken", "session-token"],
      regex: #"(?i:aws[_-]?session[_-]?token)"# + assign + #"([A-Za-z0-9/+=]{100,})"#,
      entropy: 4.5, specificity: .contextual),
    SecretRule(
      id: "aws-mws-key", title: "Amazon MWS auth token", severity: .high,
      keywords: ["amzn.mws."],
      regex: token(#"amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#)),
    SecretRule(
      id: "gcp-service-account-key", title: "GCP service account key (JSON)",
      severity: .critical, keywords: ["private_key_id"],
      regex: #""private_key_id"\s*:\s*"([0-9a-f]{40})""#, linesBefore: 3, linesAfter: 3),
    SecretRule(
      id: "gcp-api-key", title: "Google Cloud API key", severity: .high, keywords: ["aiza"],
      regex: token(#"AIza[0-9A-Za-z_-]{35}"#), entropy: 3.5, gate: .tail(35)),
    SecretRule(
      id: "gcp-oauth-client-secret", title: "Google OAuth client secret", severity: .high,
      keywords: ["gocspx-"], regex: token(#"GOCSPX-[A-Za-z0-9_-]{28}"#)),
    SecretRule(
      id: "azure-storage-connection-string", title: "Azure Storage connection string",
      severity: .critical, keywords: ["defaultendpointsprotocol"],
      regex: #"DefaultEndpointsProtocol=https?;AccountName=[a-z0-9]{3,24};AccountKey=([A-Za-z0-9+/]{86}==)"#,
      secretGroup: 1),
    SecretRule(
      id: "azure-storage-account-key", title: "Azure Storage account key", severity: .critical,
      keywords: ["accountkey", "account_key", "storage_key", "storagekey", "azure_storage",
                 "storage-key"],
      regex: #"(?i:account_?key|storage[_-]?(?:account[_-]?)?key|azure_storage[a-z_]*)"#
        + #"[A-Za-z0-9_-]{0,20}(?:"?\s*(?:=|:)\s*"?)([A-Za-z0-9+/]{86}==)"#,
      entropy: 4.5, specificity: .contextual, gate: .assignment(quotedValue: nil)),
    SecretRule(
      id: "azure-sas-token", title: "Azure shared access signature", severity: .high,
      keywords: ["sig="],
      regex: #"[?&]sv=\d{4}-\d{2}-\d{2}&(?:[a-z]{2,5}=[^&\s"']*&){1,12}sig=([A-Za-z0-9%/+]{40,100}(?:%3D|=)?)"#, gate: .tail(40)),
    SecretRule(
      id: "azure-ad-client-secret", title: "Azure AD (Entra ID) client secret",
      severity: .high, keywords: ["q~"],
      regex: #"(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])"#,
      entropy: 3.5, gate: .tail(31)),
    SecretRule(
      id: "alibaba-access-key-id", title: "Alibaba Cloud AccessKey ID", severity: .high,
      keywords: ["ltai"], regex: token(#"LTAI[A-Za-z0-9]{20}"#), entropy: 3.5, gate: .tail(20)),
    SecretRule(
      id: "alibaba-secret-key", title: "Alibaba Cloud AccessKey secret", severity: .critical,
      keywords: ["alibaba", "aliyun", "alicloud"],
      regex: keyed(#"(?:alibaba|aliyun|alicloud)[A-Za-z0-9_-]{0,20}secret"#, "[A-Za-z0-9]{30}"),
      entropy: 4.0, specificity: .contextual, gate: .assignment(quotedValue: nil)),
    SecretRule(
      id: "digitalocean-pat", title: "DigitalOcean personal access token", severity: .critical,
      keywords: ["dop_v1_"], regex: token(#"dop_v1_[a-f0-9]{64}"#)),
    SecretRule(
      id: "digitalocean-oauth-token", title: "DigitalOcean OAuth token", severity: .critical,
      keywords: ["doo_v1_"], regex: token(#"doo_v1_[a-f0-9]{64}"#)),
    SecretRule(
      id: "digitalocean-refresh-token", title: "DigitalOcean refresh token", severity: .high,
      keywords: ["dor_v1_"], regex: token(#"dor_v1_[a-f0-9]{64}"#)),
    SecretRule(
      id: "heroku-api-key", title: "Heroku API key", severity: .high, keywords: ["heroku"],
      regex: keyed("heroku",
                   "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
      specificity: .contextual, gate: .assignment(quotedValue: nil)),
    SecretRule(
      id: "heroku-api-key-v2", title: "Heroku platform API key", severity: .high,
      keywords: ["hrku-"], regex: token(#"HRKU-[A-Za-z0-9_-]{58,60}"#)),
    SecretRule(
      id: "flyio-token", title: "Fly.io access token", severity: .high, keywords: ["fo1_"],
      regex: token(#"fo1_[A-Za-z0-9_-]{43}"#), gate: .tail(43)),
    SecretRule(
      id: "hashicorp-vault-service-token", title: "HashiCorp Vault service token",
      severity: .critical, keywords: ["hvs."], regex: token(#"hvs\.[A-Za-z0-9_-]{90,120}"#)),
    SecretRule(
      id: "hashicorp-vault-batch-token", title: "HashiCorp Vault batch token",
      severity: .high, keywords: ["hvb."], regex: token(#"hvb\.[A-Za-z0-9_-]{138,300}"#)),
    SecretRule(
      id: "terraform-cloud-token", title: "Terraform Cloud / HCP API token", severity: .critical,
      keywords: ["atlasv1"], regex: token(#"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}"#)),
    SecretRule(
      id: "pulumi-access-token", title: "Pulumi access token", severity: .high,
      keywords: ["pul-"], regex: token(#"pul-[a-f0-9]{40}"#), gate: .tail(40)),
    SecretRule(
      id: "doppler-token", title: "Doppler token", severity: .high,
      keywords: ["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."],
      regex: token(#"dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}"#)),
    SecretRule(
      id: "databricks-token", title: "Databricks API token", severity: .high,
      keywords: ["dapi"], regex: token(#"dapi[a-f0-9]{32}(?:-\d)?"#), entropy: 3.0, gate: .tail(32)),
    SecretRule(
      id: "planetscale-token", title: "PlanetScale API token or password", severity: .high,
      keywords: ["pscale_tkn_", "pscale_pw_", "pscale_oauth_"],
      regex: token(#"pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}"#)),
  ]

  static let sourceHosting: [SecretRule] = [
    SecretRule(
      id: "github-pat", title: "GitHub personal access token (classic)", severity: .critical,
      keywords: ["ghp_"], regex: token(#"ghp_[A-Za-z0-9]{36}"#), entropy: 3.0, gate: .tail(36)),
    SecretRule(
      id: "github-oauth-token", title: "GitHub OAuth access token", severity: .critical,
      keywords: ["gho_"], regex: token(#"gho_[A-Za-z0-9]{36}"#), entropy: 3.0, gate: .tail(36)),
    SecretRule(
      id: "github-user-to-server-token", title: "GitHub App user-to-server token",
      severity: .critical, keywords: ["ghu_"], regex: token(#"ghu_[A-Za-z0-9]{36}"#),
      entropy: 3.0, gate: .tail(36)),
    SecretRule(
      id: "github-server-to-server-token", title: "GitHub App installation token",
      severity: .critical, keywords: ["ghs_"], regex: token(#"ghs_[A-Za-z0-9]{36}"#),
      entropy: 3.0, gate: .tail(36)),
    SecretRule(
      id: "github-refresh-token", title: "GitHub refresh token", severity: .critical,
      keywords: ["ghr_"], regex: token(#"ghr_[A-Za-z0-9]{36,76}"#), entropy: 3.0, gate: .tail(36)),
    SecretRule(
      id: "github-fine-grained-pat", title: "GitHub fine-grained personal access token",
      severity: .critical, keywords: ["github_pat_"],
      regex: token(#"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}"#), entropy: 3.0),
    SecretRule(
      id: "gitlab-pat", title: "GitLab personal access token", severity: .critical,
      keywords: ["glpat-"], regex: token(#"glpat-[A-Za-z0-9_.-]{20,80}"#), entropy: 3.0),
    SecretRule(
      id: "gitlab-pipeline-trigger-token", title: "GitLab pipeline trigger token",
      severity: .high, keywords: ["glptt-"], regex: token(#"glptt-[0-9a-f]{40}"#)),
    SecretRule(
      id: "gitlab-runner-token", title: "GitLab runner authentication token",
      severity: .high, keywords: ["glrt-"], regex: token(#"glrt-[A-Za-z0-9_.-]{20,80}"#),
      entropy: 3.0),
    SecretRule(
      id: "gitlab-deploy-token", title: "GitLab deploy token", severity: .high,
      keywords: ["gldt-"], regex: token(#"gldt-[A-Za-z0-9_.-]{20,80}"#), entropy: 3.0),
    SecretRule(
      id: "atlassian-api-token", title: "Atlassian API token", severity: .high,
      keywords: ["atatt3"], regex: token(#"ATATT3[A-Za-z0-9_=-]{180,190}"#)),
  ]

  static let chat: [SecretRule] = [
    SecretRule(
      id: "slack-bot-token", title: "Slack bot token", severity: .high, keywords: ["xoxb-"],
      regex: token(#"xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,34}"#)),
    SecretRule(
      id: "slack-user-token", title: "Slack user or legacy token", severity: .high,
      keywords: ["xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxo-"],
      regex: token(#"xox[paros]-[0-9]{10,13}-[0-9]{10,13}(?:-[0-9]{10,13})?-[A-Za-z0-9]{24,64}"#)),
    SecretRule(
      id: "slack-app-token", title: "Slack app-level token", severity: .high,
      keywords: ["xapp-"], regex: token(#"xapp-\d-[A-Z0-9]{9,12}-\d{10,14}-[a-f0-9]{64}"#)),
    SecretRule(
      id: "slack-webhook-url", title: "Slack incoming webhook URL", severity: .high,
      keywords: ["hooks.slack.com"],
      regex: #"(https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{8,12}/[A-Z0-9]{9,12}/[A-Za-z0-9]{24,48})"#),
    SecretRule(
      id: "discord-webhook-url", title: "Discord webhook URL", severity: .high,
      keywords: ["discord.com/api/webhooks", "discordapp.com/api/webhooks"],
      regex: #"(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_-]{60,68})"#),
    SecretRule(
      id: "discord-bot-token", title: "Discord bot token", severity: .high,
      keywords: ["discord"],
      regex: #"(?i:discord)[A-Za-z0-9_.-]{0,24}"# + assign
        + #"([MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?![A-Za-z0-9_-])"#,
      entropy: 4.0, specificity: .contextual, gate: .assignment(quotedValue: nil)),
    SecretRule(
      id: "telegram-bot-token", title: "Telegram bot token", severity: .high, keywords: [":aa"],
      regex: #"(?<![0-9A-Za-z])([0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])"#, gate: .tail(33)),
  ]

  static let payments: [SecretRule] = [
    SecretRule(
      id: "stripe-secret-key", title: "Stripe live secret key", severity: .critical,
      keywords: ["sk_live_"], regex: token(#"sk_live_[A-Za-z0-9]{24,99}"#), entropy: 3.5),
    SecretRule(
      id: "stripe-restricted-key", title: "Stripe live restricted key", severity: .critical,
      keywords: ["rk_live_"], regex: token(#"rk_live_[A-Za-z0-9]{24,99}"#), entropy: 3.5),
    SecretRule(
      id: "stripe-test-secret-key", title: "Stripe test-mode secret key", severity: .low,
      keywords: ["sk_test_", "rk_test_"], regex: token(#"[sr]k_test_[A-Za-z0-9]{24,99}"#),
      entropy: 3.5,
      // Stripe's public documentation key, printed in every quickstart.
      allow: ["^sk_test_4eC39HqLyjWDarjtT1zdp7dc$"]),
    SecretRule(
      id: "stripe-webhook-secret", title: "Stripe webhook signing secret", severity: .high,
      keywords: ["whsec_"], regex: token(#"whsec_[A-Za-z0-9]{32,64}"#), entropy: 3.5),
    SecretRule(
      id: "square-access-token", title: "Square access token", severity: .critical,
      keywords: ["sq0atp-", "eaaa"],
      regex: token(#"(?:sq0atp-[A-Za-z0-9_-]{22}|EAAA[A-Za-z0-9_-]{60})"#), entropy: 3.5, gate: .tail(22)),
    SecretRule(
      id: "square-oauth-secret", title: "Square OAuth secret", severity: .critical,
      keywords: ["sq0csp-"], regex: token(#"sq0csp-[A-Za-z0-9_-]{43}"#)),
    SecretRule(
      id: "shopify-access-token", title: "Shopify access token", severity: .high,
      keywords: ["shpat_"], regex: token(#"shpat_[a-fA-F0-9]{32}"#)),
    SecretRule(
      id: "shopify-custom-app-token", title: "Shopify custom app access token",
      severity: .high, keywords: ["shpca_"], regex: token(#"shpca_[a-fA-F0-9]{32}"#)),
    SecretRule(
      id: "shopify-private-app-token", title: "Shopify private app access token",
      severity: .high, keywords: ["shppa_"], regex: token(#"shppa_[a-fA-F0-9]{32}"#)),
    SecretRule(
      id: "shopify-shared-secret", title: "Shopify shared secret", severity: .high,
      keywords: ["shpss_"], regex: token(#"shpss_[a-fA-F0-9]{32}"#)),
    SecretRule(
      id: "shippo-api-token", title: "Shippo API token", severity: .high,
      keywords: ["shippo_live_", "shippo_test_"],
      regex: token(#"shippo_(?:live|test)_[a-f0-9]{40}"#)),
    SecretRule(
      id: "easypost-api-key", title: "EasyPost API key", severity: .high, keywords: ["ezak"],
      regex: token(#"EZAK[A-Za-z0-9]{54}"#), entropy: 3.5, gate: .tail(54)),
  ]

  static let messaging: [SecretRule] = [
    SecretRule(
      id: "twilio-api-key", title: "Twilio API key", severity: .high, keywords: ["twilio"],
      regex: #"(?i:twilio)[\s\S]{0,200}?(?<![A-Za-z0-9])(SK[0-9a-fA-F]{32})(?![A-Za-z0-9])"#,
      linesBefore: 2, specificity: .contextual),
    SecretRule(
      id: "twilio-auth-token", title: "Twilio auth token", severity: .high, keywords: ["twilio"],
      regex: keyed(#"twilio[A-Za-z0-9_.-]{0,20}(?:auth)?[_.-]?token"#, "[0-9a-f]{32}"),
      entropy: 3.0, specificity: .contextual, gate: .assignment(quotedValue: nil)),
    SecretRule(
      id: "sendgrid-api-key", title: "SendGrid API key", severity: .high, keywords: ["sg."],
      regex: token(#"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"#), entropy: 4.0, gate: .tail(22)),
    SecretRule(
      id: "mailgun-api-key", title: "Mailgun API key", severity: .high, keywords: ["key-"],
      regex: #"(?<![A-Za-z0-9_-])(key-[0-9a-f]{32})(?![A-Za-z0-9_-])"#, entropy: 3.0, gate: .tail(32)),
    SecretRule(
      id: "mailchimp-api-key", title: "Mailchimp API key", severity: .high, keywords: ["-us"],
      regex: #"(?<![A-Za-z0-9])([0-9a-f]{32}-us[0-9]{1,2})(?![A-Za-z0-9])"#, entropy: 3.0, gate: .tail(1)),
    SecretRule(
      id: "postmark-server-token", title: "Postmark server token", severity: .high,
      keywords: ["postmark"],
      regex: keyed("postmark",
                   "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
      specificity: .contextual, gate: .assignment(quotedValue: nil)),
  ]

  static let packageRegistries: [SecretRule] = [
    SecretRule(
      id: "npm-access-token", title: "npm access token", severity: .critical,
      keywords: ["npm_"], regex: token(#"npm_[A-Za-z0-9]{36}"#), entropy: 3.0, gate: .tail(36)),
    SecretRule(
      id: "npmrc-auth-token", title: "npm registry auth token in .npmrc", severity: .high,
      keywords: ["_authtoken"],
      regex: #"(?i)_authToken\s*=\s*["']?([A-Za-z0-9._~+/=-]{20,})"#, entropy: 3.0,
      specificity: .contextual),
    SecretRule(
      id: "pypi-upload-token", title: "PyPI upload token", severity: .critical,
      keywords: ["pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"],
      regex: token(#"pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}"#)),
    SecretRule(
      id: "rubygems-api-key", title: "RubyGems API key", severity: .high,
      keywords: ["rubygems_"], regex: token(#"rubygems_[a-f0-9]{48}"#)),
    SecretRule(
      id: "nuget-api-key", title: "NuGet API key", severity: .high, keywords: ["oy2"],
      regex: token(#"oy2[a-z0-9]{43}"#), entropy: 3.5, gate: .tail(43)),
    SecretRule(
      id: "dockerhub-pat", title: "Docker Hub personal or organization access token",
      severity: .critical, keywords: ["dckr_pat_", "dckr_oat_"],
      regex: token(#"dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32}"#)),
    SecretRule(
      id: "docker-config-auth", title: "Registry credentials in Docker config.json",
      severity: .critical, keywords: ["\"auth\""],
      regex: #""auth"\s*:\s*"([A-Za-z0-9+/]{6,}={0,2})""#, check: .base64UserPassword),
    SecretRule(
      id: "docker-config-identity-token", title: "Registry identity token in Docker config.json",
      severity: .high, keywords: ["\"identitytoken\""],
      regex: #""identitytoken"\s*:\s*"([^"\s]{20,})""#, entropy: 3.5),
    SecretRule(
      id: "artifactory-api-key", title: "JFrog Artifactory API key", severity: .high,
      keywords: ["akcp"], regex: token(#"AKCp[A-Za-z0-9]{69}"#), entropy: 3.5, gate: .tail(69)),
  ]

  static let privateKeys: [SecretRule] = [
    SecretRule(
      id: "private-key-rsa", title: "RSA private key", severity: .critical,
      keywords: ["-----begin rsa private key-----"], regex: pem("RSA PRIVATE KEY"),
      linesAfter: 200, check: .pemBody),
    SecretRule(
      id: "private-key-ec", title: "EC private key", severity: .critical,
      keywords: ["-----begin ec private key-----"], regex: pem("EC PRIVATE KEY"),
      linesAfter: 200, check: .pemBody),
    SecretRule(
      id: "private-key-dsa", title: "DSA private key", severity: .critical,
      keywords: ["-----begin dsa private key-----"], regex: pem("DSA PRIVATE KEY"),
      linesAfter: 200, check: .pemBody),
    SecretRule(
      id: "private-key-openssh", title: "OpenSSH private key", severity: .critical,
      keywords: ["-----begin openssh private key-----"], regex: pem("OPENSSH PRIVATE KEY"),
      linesAfter: 400, check: .pemBody),
    SecretRule(
      id: "private-key-pkcs8", title: "PKCS#8 private key", severity: .critical,
      keywords: ["-----begin private key-----"], regex: pem("PRIVATE KEY"),
      linesAfter: 400, check: .pemBody),
    SecretRule(
      id: "private-key-pkcs8-encrypted", title: "Encrypted PKCS#8 private key",
      severity: .medium, keywords: ["-----begin encrypted private key-----"],
      regex: pem("ENCRYPTED PRIVATE KEY"), linesAfter: 400, check: .pemBody),
    SecretRule(
      id: "private-key-pgp", title: "PGP private key block", severity: .critical,
      keywords: ["-----begin pgp private key block-----"], regex: pem("PGP PRIVATE KEY BLOCK"),
      linesAfter: 1000, check: .pemBody),
    SecretRule(
      id: "putty-private-key", title: "PuTTY private key", severity: .critical,
      keywords: ["putty-user-key-file-"],
      regex: #"PuTTY-User-Key-File-[23]:[\s\S]{0,4000}?Private-Lines:\s*\d+\r?\n([A-Za-z0-9+/=\r\n]{64,}?)(?:\r?\n)?Private-MAC:"#,
      linesAfter: 120, check: .pemBody),
    SecretRule(
      id: "age-secret-key", title: "age secret key", severity: .critical,
      keywords: ["age-secret-key-1"],
      regex: token(#"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}"#)),
  ]

  static let credentialFiles: [SecretRule] = [
    SecretRule(
      id: "jwt", title: "JSON Web Token", severity: .medium, keywords: ["eyj"],
      regex: token(#"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}"#),
      check: .jwtHeader, gate: .tail(10)),
    SecretRule(
      id: "database-url-password", title: "Database URL with a password", severity: .high,
      keywords: ["postgres://", "postgresql://", "mysql://", "mariadb://", "mongodb://",
                 "mongodb+srv://", "redis://", "rediss://", "amqp://", "amqps://", "mssql://",
                 "sqlserver://", "cockroachdb://", "clickhouse://", "couchdb://"],
      regex: #"(?i:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse|couchdb)://[^:/\s@"']*:([^@/\s"']{3,128})@[A-Za-z0-9.\[\]_-]+"#,
      entropy: 2.5, stopwords: ["password", "passwd", "changeme", "secret", "pass@", "pwd"],
      specificity: .contextual, gate: .urlUserInfo),
    SecretRule(
      id: "jdbc-url-password", title: "JDBC URL with a password", severity: .high,
      keywords: ["jdbc:"],
      regex: #"jdbc:[a-z0-9]+:[^\s"']*?[?&;](?i:password)=([^&;\s"']{3,128})"#, entropy: 2.5,
      stopwords: ["password", "changeme", "secret"], specificity: .contextual),
    SecretRule(
      id: "url-basic-auth", title: "Credentials in a URL", severity: .medium,
      keywords: ["http://", "https://", "ftp://", "ftps://", "sftp://", "ssh://", "ldap://",
                 "ldaps://", "smtp://", "smtps://"],
      regex: #"(?i:https?|ftps?|sftp|ssh|ldaps?|smtps?)://[A-Za-z0-9._%~-]{1,64}:([^@/\s"'<>]{6,128})@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#,
      entropy: 3.0, stopwords: genericStopwords + ["secret", "pass"], specificity: .generic, gate: .urlUserInfo),
    SecretRule(
      id: "netrc-password", title: "Password in a .netrc file", severity: .high,
      keywords: ["machine"],
      regex: #"(?:^|[\s'"])machine\s+\S+(?:\s+(?:login|account|port)\s+\S+){0,3}\s+password\s+([^\s'"]+)"#,
      entropy: 2.5, stopwords: ["password", "changeme"], linesAfter: 3,
      specificity: .contextual),
    SecretRule(
      id: "pgpass-password", title: "Password in a .pgpass file", severity: .high,
      keywords: [],
      regex: #"(?m)^[^:#\s][^:\n]*:(?:\d+|\*):[^:\n]+:[^:\n]+:([^\n]+?)\s*$"#, entropy: 2.5,
      path: #"(?:^|/)(?:\.pgpass|pgpass\.conf)$"#),
    SecretRule(
      id: "git-credentials", title: "Credentials in a .git-credentials file",
      severity: .critical, keywords: [],
      regex: #"(?m)^https?://[^:\s/@]+:([^@\s]+)@\S+$"#, entropy: 2.5,
      path: #"(?:^|/)\.git-credentials$"#),
    SecretRule(
      id: "htpasswd-hash", title: "Password hash in an htpasswd file", severity: .medium,
      keywords: ["$apr1$", "{sha}", "$2y$", "$2a$", "$2b$"],
      regex: #"(?m)^[A-Za-z0-9._@-]{1,64}:(\$apr1\$[./0-9A-Za-z]{1,8}\$[./0-9A-Za-z]{22}|\{SHA\}[A-Za-z0-9+/]{27}=|\$2[aby]\$\d{2}\$[./0-9A-Za-z]{53})\s*$"#),
    SecretRule(
      id: "kubeconfig-token", title: "Bearer token or client key in a kubeconfig",
      severity: .critical, keywords: ["client-key-data", "token:"],
      regex: #"(?m)^\s*(?:client-key-data|token):\s*["']?([A-Za-z0-9+/=._-]{40,})["']?\s*$"#,
      entropy: 4.0, specificity: .contextual, gate: .lineStart),
  ]

  static let saas: [SecretRule] = [
    SecretRule(
      id: "openai-api-key", title: "OpenAI API key", severity: .critical,
      keywords: ["t3blbkfj"],
      regex: token(#"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74}"#)),
    SecretRule(
      id: "anthropic-api-key", title: "Anthropic API key", severity: .critical,
      keywords: ["sk-ant-api03-"], regex: token(#"sk-ant-api03-[A-Za-z0-9_-]{93}AA"#)),
    SecretRule(
      id: "anthropic-admin-key", title: "Anthropic admin API key", severity: .critical,
      keywords: ["sk-ant-admin01-"], regex: token(#"sk-ant-admin01-[A-Za-z0-9_-]{93}AA"#)),
    SecretRule(
      id: "huggingface-token", title: "Hugging Face access token", severity: .high,
      keywords: ["hf_"], regex: token(#"hf_[A-Za-z]{34}"#), entropy: 3.5, gate: .tail(34)),
    SecretRule(
      id: "huggingface-org-token", title: "Hugging Face organization API token",
      severity: .high, keywords: ["api_org_"], regex: token(#"api_org_[A-Za-z]{34}"#),
      entropy: 3.5, gate: .tail(34)),
    SecretRule(
      id: "linear-api-key", title: "Linear API key", severity: .high, keywords: ["lin_api_"],
      regex: token(#"lin_api_[A-Za-z0-9]{40}"#)),
    SecretRule(
      id: "datadog-api-key", title: "Datadog API key", severity: .high,
      keywords: ["datadog", "dd_api", "dd-api", "ddapi"],
      regex: keyed(#"(?:datadog|dd)[_-]?api[_-]?key"#, "[0-9a-f]{32}"), entropy: 3.0,
      specificity: .contextual, gate: .assignment(quotedValue: nil)),
    SecretRule(
      id: "datadog-app-key", title: "Datadog application key", severity: .high,
      keywords: ["datadog", "dd_app", "dd-app", "ddapp"],
      regex: keyed(#"(?:datadog|dd)[_-]?app(?:lication)?[_-]?key"#, "[0-9a-f]{40}"),
      entropy: 3.0, specificity: .contextual, gate: .assignment(quotedValue: nil)),
    SecretRule(
      id: "newrelic-user-api-key", title: "New Relic user API key", severity: .high,
      keywords: ["nrak-"], regex: token(#"NRAK-[A-Z0-9]{27}"#)),
    SecretRule(
      id: "newrelic-license-key", title: "New Relic ingest license key", severity: .high,
      keywords: ["nral"], regex: #"(?<![A-Za-z0-9])([a-f0-9]{36}NRAL)(?![A-Za-z0-9])"#,
      entropy: 3.0),
    SecretRule(
      id: "newrelic-insert-key", title: "New Relic insert key", severity: .high,
      keywords: ["nrii-"], regex: token(#"NRII-[A-Za-z0-9_-]{32}"#)),
    SecretRule(
      id: "newrelic-browser-key", title: "New Relic browser API token", severity: .medium,
      keywords: ["nrjs-"], regex: token(#"NRJS-[a-f0-9]{19}"#)),
    SecretRule(
      id: "sentry-auth-token", title: "Sentry auth token", severity: .high,
      keywords: ["sntrys_", "sntryu_"],
      regex: token(#"(?:sntrys_eyJ[A-Za-z0-9_=+/-]{60,}|sntryu_[a-f0-9]{64})"#)),
    SecretRule(
      id: "grafana-service-account-token", title: "Grafana service account token",
      severity: .high, keywords: ["glsa_"], regex: token(#"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}"#)),
    SecretRule(
      id: "grafana-cloud-token", title: "Grafana Cloud API token", severity: .high,
      keywords: ["glc_"], regex: start + #"(glc_[A-Za-z0-9+/]{32,400}={0,2})(?![A-Za-z0-9+/=])"#,
      entropy: 4.0, gate: .tail(32)),
    SecretRule(
      id: "postman-api-key", title: "Postman API key", severity: .high, keywords: ["pmak-"],
      regex: token(#"PMAK-[a-f0-9]{24}-[a-f0-9]{34}"#)),
    SecretRule(
      id: "dynatrace-api-token", title: "Dynatrace API token", severity: .high,
      keywords: ["dt0c01."], regex: token(#"dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}"#)),
    SecretRule(
      id: "prefect-api-key", title: "Prefect API key", severity: .high, keywords: ["pnu_"],
      regex: token(#"pnu_[A-Za-z0-9]{36}"#), gate: .tail(36)),
    SecretRule(
      id: "facebook-access-token", title: "Facebook access token", severity: .high,
      keywords: ["eaacedeose0cba"], regex: token(#"EAACEdEose0cBA[A-Za-z0-9]{20,}"#)),
  ]

  static let generic: [SecretRule] = [
    SecretRule(
      id: "generic-password", title: "Hard-coded password", severity: .medium,
      keywords: ["password", "passwd", "pwd", "passphrase"],
      regex: #"(?i:password|passwd|pwd|passphrase)[A-Za-z0-9_.-]{0,20}["']?\s*(?:=|:=|:|=>|==)\s*[rbuf]?["']([^"'\s]{8,128})["']"#,
      entropy: 3.0, stopwords: genericStopwords, specificity: .generic, gate: .assignment(quotedValue: 8)),
    SecretRule(
      id: "generic-secret", title: "Hard-coded secret, token or API key", severity: .medium,
      keywords: ["secret", "token", "api_key", "apikey", "api-key", "access_key", "accesskey",
                 "auth_key", "private_key", "credential"],
      regex: #"(?i:secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|private[_-]?key|credentials?)[A-Za-z0-9_.-]{0,20}["']?\s*(?:=|:=|:|=>)\s*[rbuf]?["']([A-Za-z0-9_+/=.~-]{16,128})["']"#,
      entropy: 3.7, stopwords: genericStopwords, specificity: .generic, gate: .assignment(quotedValue: 16)),
    SecretRule(
      id: "env-password", title: "Password or secret in a configuration assignment",
      severity: .medium,
      keywords: ["password", "passwd", "pwd", "secret", "token", "api_key", "apikey"],
      regex: #"(?m)^(?:[^\n]*?(?<![^ \t\n])(?:ENV|ARG|export)[ \t]+|[ \t]*-[ \t]+|[ \t]*)(?:[A-Za-z0-9_.-]*(?i:password|passwd|pwd|secret|token|api_?key)[A-Za-z0-9_.-]*)[ \t]*(?:=|:)[ \t]*([^\s"'`#,;]{8,128})[ \t]*$"#,
      entropy: 3.0, stopwords: genericStopwords, check: .passwordLike, specificity: .generic, gate: .lineAssignment(minValue: 8)),
  ]
}
