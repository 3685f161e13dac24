# Writes positives/ and expected.tsv with freshly generated fake secrets of every rule.
# Usage: python3 positives.py Tests/Fixtures/secrets   (values are random: regenerate both together)
import secrets, base64, os, sys, hashlib, uuid, json
R = secrets.SystemRandom()
U = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"; L = U.lower(); D = "0123456789"
B62 = U + L + D; HEX = "0123456789abcdef"; B64 = B62 + "+/"; URL = B62 + "_-"
def r(alpha, n): return "".join(R.choice(alpha) for _ in range(n))
def b64body(nbytes, prefix=""):
    s = base64.b64encode(secrets.token_bytes(nbytes)).decode()
    if prefix: s = prefix + s[len(prefix):]
    return [s[i:i+64] for i in range(0, len(s), 64)]
def uid(): return str(uuid.uuid4())
def jwt():
    h = base64.urlsafe_b64encode(json.dumps({"alg":"HS256","typ":"JWT"}).encode()).decode().rstrip("=")
    p = base64.urlsafe_b64encode(json.dumps({"sub":r(D,8),"name":"svc-"+r(L,6),"iat":1700000000+R.randrange(10**6)}).encode()).decode().rstrip("=")
    return f"{h}.{p}.{r(URL,43)}"
def pw(n=16): return r(B62, n-2) + R.choice("!#%&*") + R.choice(D)

root = sys.argv[1]
files = {}  # name -> list of (text, [rules])
def add(name, lines): files[name] = lines
def pem(label, nbytes, prefix=""):
    out = [(f"-----BEGIN {label}-----", None)]
    out += [(l, None) for l in b64body(nbytes, prefix)]
    out.append((f"-----END {label}-----", None))
    return out

add(".env", [
  ("# Application environment (fake values for tests)", []),
  ("AWS_ACCESS_KEY_ID=AKIA" + r("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), ["aws-access-key-id"]),
  ("AWS_SECRET_ACCESS_KEY=" + r(B62 + "/+", 40), ["aws-secret-access-key"]),
  ("AWS_SESSION_TOKEN=" + r(B62 + "/+", 300) + "==", ["aws-session-token"]),
  ("GITHUB_TOKEN=ghp_" + r(B62, 36), ["github-pat"]),
  ("DATABASE_URL=postgres://app:" + r(B62, 20) + "@db.internal:5432/app", ["database-url-password"]),
  ("STRIPE_SECRET_KEY=sk_live_" + r(B62, 99), ["stripe-secret-key"]),
  ("SENDGRID_API_KEY=SG." + r(URL, 22) + "." + r(URL, 43), ["sendgrid-api-key"]),
  ("OPENAI_API_KEY=sk-proj-" + r(URL, 74) + "T3BlbkFJ" + r(URL, 74), ["openai-api-key"]),
  ("ANTHROPIC_API_KEY=sk-ant-api03-" + r(URL, 93) + "AA", ["anthropic-api-key"]),
  ("ANTHROPIC_ADMIN_KEY=sk-ant-admin01-" + r(URL, 93) + "AA", ["anthropic-admin-key"]),
  ("HF_TOKEN=hf_" + r(U + L, 34), ["huggingface-token"]),
  ("HF_ORG_TOKEN=api_org_" + r(U + L, 34), ["huggingface-org-token"]),
  ("DB_PASSWORD=" + pw(18), ["env-password"]),
  ("SLACK_BOT_TOKEN=xoxb-" + r(D, 12) + "-" + r(D, 13) + "-" + r(B62, 24), ["slack-bot-token"]),
  ("SLACK_USER_TOKEN=xoxp-" + r(D, 12) + "-" + r(D, 12) + "-" + r(D, 13) + "-" + r(HEX, 32), ["slack-user-token"]),
  ("SLACK_APP_TOKEN=xapp-1-A" + r(U + D, 10) + "-" + r(D, 13) + "-" + r(HEX, 64), ["slack-app-token"]),
  ("TELEGRAM_BOT_TOKEN=" + r("123456789", 1) + r(D, 9) + ":AA" + r(URL, 33), ["telegram-bot-token"]),
  ("LINEAR_API_KEY=lin_api_" + r(B62, 40), ["linear-api-key"]),
  ("DOPPLER_TOKEN=dp.st." + r(B62, 43), ["doppler-token"]),
])
add("config/settings.py", [
  ('"""Django settings for the shop service (test fixture, fake credentials)."""', []),
  ("import os", []),
  ("", []),
  ("SECRET_KEY = '" + r(B62, 50) + "'", ["generic-secret"]),
  ("DEBUG = False", []),
  ("DATABASES = {", []),
  ("    'default': {", []),
  ("        'ENGINE': 'django.db.backends.postgresql',", []),
  ("        'NAME': 'shop',", []),
  ("        'USER': 'shop',", []),
  ("        'PASSWORD': '" + pw(20) + "',", ["generic-password"]),
  ("        'HOST': 'db',", []),
  ("    }", []),
  ("}", []),
  ('EMAIL_HOST_PASSWORD = "' + pw(16) + '"', ["generic-password"]),
  ('GOOGLE_MAPS_API_KEY = "AIza' + r(URL, 35) + '"', ["gcp-api-key"]),
  ('GOOGLE_OAUTH_CLIENT_SECRET = "GOCSPX-' + r(URL, 28) + '"', ["gcp-oauth-client-secret"]),
  ('SENTRY_AUTH_TOKEN = "sntryu_' + r(HEX, 64) + '"', ["sentry-auth-token"]),
  ('CACHES_URL = "redis://:' + r(B62, 24) + '@cache:6379/0"', ["database-url-password"]),
  ('MWS_AUTH_TOKEN = "amzn.mws.' + uid() + '"', ["aws-mws-key"]),
])
sid = "AC" + r(HEX, 32)
add("config.yaml", [
  ("# service configuration (fake values)", []),
  ("datadog:", []),
  ("  dd_api_key: " + r(HEX, 32), ["datadog-api-key"]),
  ("  datadog_app_key: " + r(HEX, 40), ["datadog-app-key"]),
  ("newrelic:", []),
  ("  license_key: " + r(HEX, 36) + "NRAL", ["newrelic-license-key"]),
  ("  user_key: NRAK-" + r(U + D, 27), ["newrelic-user-api-key"]),
  ("  insert_key: NRII-" + r(URL, 32), ["newrelic-insert-key"]),
  ("  browser_key: NRJS-" + r(HEX, 19), ["newrelic-browser-key"]),
  ("mail:", []),
  ("  mailgun_key: key-" + r(HEX, 32), ["mailgun-api-key"]),
  ("  mailchimp_key: " + r(HEX, 32) + "-us14", ["mailchimp-api-key"]),
  ("  postmark_server_token: " + uid(), ["postmark-server-token"]),
  ("twilio:", []),
  ("  region: us1", []),
  ("  account_sid: " + sid, []),
  ("  twilio_auth_token: " + r(HEX, 32), ["twilio-auth-token"]),
  ("  twilio_api_key: SK" + r(HEX, 32), ["twilio-api-key"]),
  ("heroku_api_key: " + uid(), ["heroku-api-key"]),
  ("heroku_platform_key: HRKU-AA" + r(URL, 58), ["heroku-api-key-v2"]),
  ("discord_bot_token: M" + r(URL, 25) + "." + r(URL, 6) + "." + r(URL, 38), ["discord-bot-token"]),
  ("cache_url: rediss://default:" + r(B62, 32) + "@redis.internal:6380", ["database-url-password"]),
  ("mongo_url: mongodb+srv://svc:" + r(B62, 24) + "@cluster0.abcde.mongodb.net/app", ["database-url-password"]),
])
add("id_rsa", [(t, ["private-key-rsa"] if i == 0 else []) for i, (t, _) in enumerate(pem("RSA PRIVATE KEY", 1190, "MIIEowIBAAKCAQEA"))])
add("keys/id_ed25519", [(t, ["private-key-openssh"] if i == 0 else []) for i, (t, _) in enumerate(pem("OPENSSH PRIVATE KEY", 300, "b3BlbnNzaC1rZXktdjEAAAAA"))])
add("keys/ec.pem", [(t, ["private-key-ec"] if i == 0 else []) for i, (t, _) in enumerate(pem("EC PRIVATE KEY", 120, "MHcCAQEEI"))])
add("keys/dsa.pem", [(t, ["private-key-dsa"] if i == 0 else []) for i, (t, _) in enumerate(pem("DSA PRIVATE KEY", 440, "MIIBuwIBAAKBgQ"))])
add("keys/server.key", [(t, ["private-key-pkcs8"] if i == 0 else []) for i, (t, _) in enumerate(pem("PRIVATE KEY", 1210, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"))])
add("keys/encrypted.pem", [(t, ["private-key-pkcs8-encrypted"] if i == 0 else []) for i, (t, _) in enumerate(pem("ENCRYPTED PRIVATE KEY", 1250, "MIIFHDBOBgkqhkiG9w0BBQ0w"))])
pgp = [("-----BEGIN PGP PRIVATE KEY BLOCK-----", ["private-key-pgp"]), ("", [])]
pgp += [(l, []) for l in b64body(1800, "lQOYBGV")] + [("=" + r(B62, 4), []), ("-----END PGP PRIVATE KEY BLOCK-----", [])]
add("keys/private.asc", pgp)
ppk = [("PuTTY-User-Key-File-3: ssh-rsa", []), ("Encryption: none", []), ("Comment: deploy@build", []), ("Public-Lines: 6", [])]
pub = b64body(270, "AAAAB3NzaC1yc2EAAAADAQABAAABAQ")
ppk += [(l, []) for l in pub]
priv = b64body(900, "AAABAQ")
ppk += [("Private-Lines: %d" % len(priv), [])] + [(l, ["putty-private-key"] if i == 0 else []) for i, l in enumerate(priv)] + [("Private-MAC: " + r(HEX, 64), [])]
add("keys/deploy.ppk", ppk)
add("keys/age.txt", [("# created: 2024-05-01T10:00:00Z", []), ("# public key: age1" + r("qpzry9x8gf2tvdw0s3jn54khce6mua7l", 58), []), ("AGE-SECRET-KEY-1" + r("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58), ["age-secret-key"])])
auth1 = base64.b64encode(("ci-bot:" + pw(20)).encode()).decode()
auth2 = base64.b64encode(("deploy:" + pw(24)).encode()).decode()
add("docker/config.json", [
  ("{", []), ('  "auths": {', []),
  ('    "registry.internal:5000": {', []),
  ('      "auth": "' + auth1 + '"', ["docker-config-auth"]),
  ("    },", []),
  ('    "https://index.docker.io/v1/": {', []),
  ('      "auth": "' + auth2 + '"', ["docker-config-auth"]),
  ("    },", []),
  ('    "myregistry.azurecr.io": {', []),
  ('      "auth": "MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwOg==",', []),
  ('      "identitytoken": "' + r(URL, 40) + "." + r(URL, 120) + '"', ["docker-config-identity-token"]),
  ("    }", []), ("  }", []), ("}", []),
])
add(".netrc", [
  ("machine api.heroku.com", []),
  ("  login ops@corp.test", []),
  ("  password " + pw(22), ["netrc-password"]),
  ("machine git.corp.test login builder password " + pw(20), ["netrc-password"]),
])
add(".pgpass", [
  ("# hostname:port:database:username:password", []),
  ("db.internal:5432:app:app:" + pw(20), ["pgpass-password"]),
  ("*:*:*:replicator:" + pw(24), ["pgpass-password"]),
])
add(".git-credentials", [
  ("https://builder:ghp_" + r(B62, 36) + "@github.com", ["git-credentials", "github-pat"]),
  ("https://deploy:" + pw(24) + "@git.corp.test", ["git-credentials"]),
])
apr = "$apr1$" + r(B62 + "./", 8) + "$" + r(B62 + "./", 22)
sha = "{SHA}" + base64.b64encode(hashlib.sha1(secrets.token_bytes(8)).digest()).decode()
bc = "$2y$10$" + r(B62 + "./", 53)
add("nginx/.htpasswd", [("admin:" + apr, ["htpasswd-hash"]), ("ops:" + sha, ["htpasswd-hash"]), ("ci:" + bc, ["htpasswd-hash"])])
vault = "hvs." + r(URL, 92)
add("terraform/main.tf", [
  ('terraform {', []),
  ('  cloud {', []), ('    organization = "corp"', []), ('    token = "' + r(B62, 14) + ".atlasv1." + r(URL, 67) + '"', ["terraform-cloud-token"]), ("  }", []), ("}", []),
  ("", []),
  ('provider "digitalocean" {', []), ('  token = "dop_v1_' + r(HEX, 64) + '"', ["digitalocean-pat"]), ("}", []),
  ('provider "alicloud" {', []),
  ('  access_key = "LTAI' + r(B62, 20) + '"', ["alibaba-access-key-id"]),
  ('  alicloud_secret_key = "' + r(B62, 30) + '"', ["alibaba-secret-key"]),
  ("}", []),
  ('provider "vault" {', []), ('  token = "' + vault + '"', ["hashicorp-vault-service-token"]), ("}", []),
  ('locals {', []),
  ('  storage_account_key = "' + r(B62 + "+/", 86) + '=="', ["azure-storage-account-key"]),
  ('  vault_batch = "hvb.' + r(URL, 150) + '"', ["hashicorp-vault-batch-token"]),
  ('  do_oauth = "doo_v1_' + r(HEX, 64) + '"', ["digitalocean-oauth-token"]),
  ('  do_refresh = "dor_v1_' + r(HEX, 64) + '"', ["digitalocean-refresh-token"]),
  ('  pulumi = "pul-' + r(HEX, 40) + '"', ["pulumi-access-token"]),
  ("}", []),
])
add("k8s/secret.yaml", [
  ("apiVersion: v1", []), ("kind: Secret", []), ("metadata:", []), ("  name: app-credentials", []),
  ("type: Opaque", []), ("stringData:", []),
  ("  db-password: " + pw(20), ["env-password"]),
  ('  api_token: "' + r(B62, 32) + '"', ["generic-secret"]),
  ("  jwt: " + jwt(), ["jwt"]),
])
add("k8s/kubeconfig", [
  ("apiVersion: v1", []), ("kind: Config", []), ("users:", []), ("- name: ci", []), ("  user:", []),
  ("    token: " + r(URL, 20) + "." + r(URL, 60), ["kubeconfig-token"]),
  ("- name: admin", []), ("  user:", []),
  ("    client-key-data: " + base64.b64encode(secrets.token_bytes(200)).decode(), ["kubeconfig-token"]),
])
add(".npmrc", [
  ("//registry.npmjs.org/:_authToken=npm_" + r(B62, 36), ["npm-access-token"]),
  ("//npm.corp.test/:_authToken=" + r(B62 + "-._", 40), ["npmrc-auth-token"]),
  ("always-auth=true", []),
])
add(".pypirc", [
  ("[pypi]", []), ("username = __token__", []),
  ("password = pypi-AgEIcHlwaS5vcmc" + r(URL, 120), ["pypi-upload-token"]),
  ("[testpypi]", []), ("username = __token__", []),
  ("password = pypi-AgENdGVzdC5weXBpLm9yZw" + r(URL, 120), ["pypi-upload-token"]),
])
pk = "\\n".join(["-----BEGIN PRIVATE KEY-----"] + b64body(1210, "MIIEvgIBADANBgkqhkiG9w0BAQEFAASC") + ["-----END PRIVATE KEY-----", ""])
add("gcp/service-account.json", [
  ("{", []), ('  "type": "service_account",', []), ('  "project_id": "corp-prod-123",', []),
  ('  "private_key_id": "' + r(HEX, 40) + '",', ["gcp-service-account-key"]),
  ('  "private_key": "' + pk + '",', ["private-key-pkcs8"]),
  ('  "client_email": "deployer@corp-prod-123.iam.gserviceaccount.com",', []),
  ('  "client_id": "' + r(D, 21) + '",', []),
  ('  "token_uri": "https://oauth2.googleapis.com/token"', []), ("}", []),
])
add("azure/appsettings.json", [
  ("{", []),
  ('  "Storage": "DefaultEndpointsProtocol=https;AccountName=corpdata;AccountKey=' + r(B62 + "+/", 86) + '==;EndpointSuffix=core.windows.net",', ["azure-storage-connection-string"]),
  ('  "ReportsSas": "https://corpdata.blob.core.windows.net/reports?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-01-01T00:00:00Z&st=2024-01-01T00:00:00Z&spr=https&sig=' + r(B62 + "%", 44) + '%3D",', ["azure-sas-token"]),
  ('  "ClientSecret": "' + r(B62, 3) + "8Q~" + r(URL + "~.", 34) + '"', ["azure-ad-client-secret"]),
  ("}", []),
])
add("ci/.gitlab-ci.yml", [
  ("variables:", []),
  ("  GITLAB_PAT: glpat-" + r(URL, 20), ["gitlab-pat"]),
  ("  TRIGGER: glptt-" + r(HEX, 40), ["gitlab-pipeline-trigger-token"]),
  ("  RUNNER: glrt-" + r(URL, 20), ["gitlab-runner-token"]),
  ("  DEPLOY: gldt-" + r(URL, 20), ["gitlab-deploy-token"]),
  ("deploy:", []), ("  script:", []), ('    - ./deploy.sh', []),
])
add("scripts/deploy.sh", [
  ("#!/bin/sh", []), ("set -eu", []),
  ('curl -X POST -d "{\\"text\\":\\"deployed\\"}" https://hooks.slack.com/services/T' + r(U + D, 8) + "/B" + r(U + D, 10) + "/" + r(B62, 24), ["slack-webhook-url"]),
  ("curl -H 'Content-Type: application/json' https://discord.com/api/webhooks/" + r(D, 18) + "/" + r(URL, 68), ["discord-webhook-url"]),
  ("echo dckr_pat_" + r(URL, 27) + " | docker login -u corpbot --password-stdin", ["dockerhub-pat"]),
  ("export GH_FINE=github_pat_" + r(B62, 22) + "_" + r(B62, 59), ["github-fine-grained-pat"]),
  ("git clone https://x-access-token:ghs_" + r(B62, 36) + "@github.com/corp/app.git", ["github-server-to-server-token"]),
  ("OAUTH=gho_" + r(B62, 36) + " USER2SERVER=ghu_" + r(B62, 36), ["github-oauth-token", "github-user-to-server-token"]),
  ("REFRESH=ghr_" + r(B62, 76), ["github-refresh-token"]),
  ("curl -u deploy:" + pw(16) + " ftp://files.corp.test/upload", []),
  ("curl https://deploy:" + pw(20) + "@artifacts.corp.test/upload", ["url-basic-auth"]),
])
add("src/app.js", [
  ("// payment and shop clients (test fixture, fake credentials)", []),
  ("const stripe = require('stripe')('rk_live_" + r(B62, 24) + "');", ["stripe-restricted-key"]),
  ("const stripeTest = 'sk_test_" + r(B62, 24) + "';", ["stripe-test-secret-key"]),
  ("const webhookSecret = 'whsec_" + r(B62, 32) + "';", ["stripe-webhook-secret"]),
  ("const square = { token: 'sq0atp-" + r(URL, 22) + "', secret: 'sq0csp-" + r(URL, 43) + "' };", ["square-access-token", "square-oauth-secret"]),
  ("const shopify = ['shpat_" + r(HEX, 32) + "', 'shpca_" + r(HEX, 32) + "'];", ["shopify-access-token", "shopify-custom-app-token"]),
  ("const shopifyPrivate = 'shppa_" + r(HEX, 32) + "'; const shopifySecret = 'shpss_" + r(HEX, 32) + "';", ["shopify-private-app-token", "shopify-shared-secret"]),
  ("const shippo = 'shippo_live_" + r(HEX, 40) + "';", ["shippo-api-token"]),
  ("const easypost = 'EZAK" + r(B62, 54) + "';", ["easypost-api-key"]),
  ("const session = 'Bearer " + jwt() + "';", ["jwt"]),
  ("const fb = 'EAACEdEose0cBA" + r(B62, 40) + "';", ["facebook-access-token"]),
])
add("src/clients.go", [
  ("package clients", []), ("", []),
  ("// Fake credentials used by the secret-scanner corpus.", []),
  ("const (", []),
  ('\tdatabricks = "dapi' + r(HEX, 32) + '"', ["databricks-token"]),
  ('\tplanetscale = "pscale_tkn_' + r(URL, 43) + '"', ["planetscale-token"]),
  ('\tfly = "fo1_' + r(URL, 43) + '"', ["flyio-token"]),
  ('\tatlassian = "ATATT3' + r(URL + "=", 186) + '"', ["atlassian-api-token"]),
  ('\tgrafanaSA = "glsa_' + r(B62, 32) + "_" + r(HEX, 8) + '"', ["grafana-service-account-token"]),
  ('\tgrafanaCloud = "glc_' + base64.b64encode(secrets.token_bytes(60)).decode().rstrip("=") + '"', ["grafana-cloud-token"]),
  ('\tpostman = "PMAK-' + r(HEX, 24) + "-" + r(HEX, 34) + '"', ["postman-api-key"]),
  ('\tdynatrace = "dt0c01.' + r(U + D, 24) + "." + r(U + D, 64) + '"', ["dynatrace-api-token"]),
  ('\tprefect = "pnu_' + r(B62, 36) + '"', ["prefect-api-key"]),
  ('\tnuget = "oy2' + r(L + D, 43) + '"', ["nuget-api-key"]),
  ('\trubygems = "rubygems_' + r(HEX, 48) + '"', ["rubygems-api-key"]),
  ('\tartifactory = "AKCp' + r(B62, 69) + '"', ["artifactory-api-key"]),
  ('\tsentryOrg = "sntrys_eyJ' + r(URL, 80) + '"', ["sentry-auth-token"]),
  ('\tsquareV2 = "EAAA' + r(URL, 60) + '"', ["square-access-token"]),
  ('\tshippoTest = "shippo_test_' + r(HEX, 40) + '"', ["shippo-api-token"]),
  ('\tdopplerSA = "dp.sa.' + r(B62, 43) + '"', ["doppler-token"]),
  ('\tplanetscalePW = "pscale_pw_' + r(URL, 43) + '"', ["planetscale-token"]),
  ('\tslackLegacy = "xoxa-' + r(D, 11) + "-" + r(D, 12) + "-" + r(B62, 32) + '"', ["slack-user-token"]),
  (")", []),
])
add("Dockerfile", [
  ("FROM node:20-slim", []),
  ("ENV NPM_TOKEN=npm_" + r(B62, 36), ["npm-access-token"]),
  ("ARG AWS_SECRET_ACCESS_KEY=" + r(B62 + "/+", 40), ["aws-secret-access-key"]),
  ("RUN echo 'machine registry.corp.test login ci password " + pw(18) + "' > /root/.netrc", ["netrc-password"]),
  ("COPY . /app", []),
  ("ENV DB_PASSWORD=" + pw(18), ["env-password"]),
])
add("src/main/resources/application.properties", [
  ("spring.datasource.url=jdbc:postgresql://db:5432/app?user=app&password=" + pw(18), ["jdbc-url-password"]),
  ("spring.datasource.password=" + pw(20), ["env-password"]),
  ("spring.mail.host=smtp.corp.test", []),
  ("mysql.url=mysql://report:" + pw(16) + "@mysql.internal:3306/reports", ["database-url-password"]),
  ("amqp.url=amqps://worker:" + pw(20) + "@mq.internal:5671/vhost", ["database-url-password"]),
])

for name, lines in files.items():
    path = os.path.join(root, "positives", name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(t for t, _ in lines) + "\n")
with open(os.path.join(root, "expected.tsv"), "w") as f:
    f.write("# file\tline\trule\n")
    for name, lines in sorted(files.items()):
        for i, (t, rules) in enumerate(lines):
            for rule in (rules or []):
                f.write(f"{name}\t{i+1}\t{rule}\n")
