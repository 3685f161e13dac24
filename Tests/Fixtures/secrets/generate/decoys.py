# Writes decoys/: look-alikes (hashes, UUIDs, base64, lock files, documented EXAMPLE keys,
# ${VAR} references, placeholders) that no rule may report.
# Usage: python3 decoys.py Tests/Fixtures/secrets
import secrets, base64, os, sys, hashlib, uuid, json
R = secrets.SystemRandom()
root = os.path.join(sys.argv[1], "decoys")
os.makedirs(root, exist_ok=True)
def w(name, text):
    p = os.path.join(root, name); os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "w").write(text)
def h(alg, n=1): return [hashlib.new(alg, secrets.token_bytes(16)).hexdigest() for _ in range(n)]

w("uuids.txt", "# request ids and resource ids seen in logs\n" + "\n".join(
  f"request_id={uuid.uuid4()} trace={uuid.uuid4().hex} tenant: {uuid.uuid4()}" for _ in range(20)) + "\n")
w("hashes.txt", "# checksums of release artifacts\n" + "\n".join(
  f"sha256:{a}  plimsoll-{i}.tar.gz\nsha1 {b}\nmd5={c}\ncommit {d}" for i, (a, b, c, d) in enumerate(zip(h("sha256", 10), h("sha1", 10), h("md5", 10), h("sha1", 10)))) + "\n")
blob = base64.b64encode(secrets.token_bytes(3000)).decode()
w("assets/logo.css", ".logo {\n  background-image: url(data:image/png;base64," + blob + ");\n  color: #a3f5c2;\n}\n")
w("assets/fixture.json", json.dumps({"name": "thumbnail", "encoding": "base64",
  "content": base64.b64encode(secrets.token_bytes(2000)).decode(),
  "chunks": [base64.b64encode(secrets.token_bytes(30)).decode() for _ in range(10)]}, indent=2) + "\n")
pkgs = {}
for name in ["left-pad", "lodash", "express", "jsonwebtoken", "dotenv", "aws-sdk", "stripe", "@slack/web-api"]:
    pkgs["node_modules/" + name] = {"version": f"{R.randrange(1,9)}.{R.randrange(0,20)}.{R.randrange(0,9)}",
      "resolved": f"https://registry.npmjs.org/{name}/-/{name.split('/')[-1]}-1.0.0.tgz",
      "integrity": "sha512-" + base64.b64encode(secrets.token_bytes(64)).decode(),
      "license": "MIT"}
w("package-lock.json", json.dumps({"name": "shop", "lockfileVersion": 3, "requires": True, "packages": pkgs}, indent=2) + "\n")
w("yarn.lock", "".join(f'"{n}@^1.0.0":\n  version "1.0.0"\n  resolved "https://registry.yarnpkg.com/{n}/-/{n}-1.0.0.tgz#{h("sha1")[0]}"\n  integrity sha512-{base64.b64encode(secrets.token_bytes(64)).decode()}\n\n' for n in ["token-stream", "secret-handshake", "password-prompt", "api-key-auth"]))
w("go.sum", "".join(f"github.com/corp/{n} v1.{i}.0 h1:{base64.b64encode(secrets.token_bytes(32)).decode()}\ngithub.com/corp/{n} v1.{i}.0/go.mod h1:{base64.b64encode(secrets.token_bytes(32)).decode()}\n" for i, n in enumerate(["auth", "tokens", "vault-client"])))
w("docs/aws.md", """# Configuring AWS credentials

Put your keys in `~/.aws/credentials`. The values below are the documentation examples
from AWS and are not real credentials:

```ini
[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
```

A session token looks like `AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}`.
Never commit `aws_secret_access_key = <your-secret-key>` to git.
""")
w(".env.example", """# Copy to .env and fill in
AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID}
AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}
GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
DATABASE_URL=postgres://user:password@localhost:5432/app
REDIS_URL=redis://:${REDIS_PASSWORD}@redis:6379/0
DB_PASSWORD=changeme
API_KEY=<your-api-key>
STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx
SLACK_WEBHOOK_URL=https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX
SECRET_KEY=
JWT_SECRET=$(cat /run/secrets/jwt)
SESSION_TOKEN={{ .Values.sessionToken }}
""")
w("app/settings.py", '''"""Settings read from the environment; nothing is hard-coded."""
import os

SECRET_KEY = os.environ["SECRET_KEY"]
DATABASE_PASSWORD = os.getenv("DATABASE_PASSWORD", "")
password = request.form["password"]
if password == "":
    raise ValueError("password required")
token = get_token(user_id=42)
api_key = settings.STRIPE_API_KEY
PASSWORD_MIN_LENGTH = 12
password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
def check_password(candidate: str, stored_hash: bytes) -> bool:
    return bcrypt.checkpw(candidate.encode(), stored_hash)
AUTH_TOKEN_HEADER = "X-Auth-Token"
secret_name = "prod/db/credentials"
''')
w("helm/values.yaml", """image:
  repository: registry.corp.test/app
  tag: "1.4.2"
  digest: sha256:%s
database:
  host: db
  user: app
  password: {{ .Values.db.password }}
  passwordSecret: app-db-credentials
  existingSecret: app-secrets
auth:
  tokenTTL: 3600
  apiKeyHeader: X-API-Key
  secretRef: vault:secret/data/app#token
""" % h("sha256")[0])
w("docs/keys.md", """# TLS setup

Generate a key with `openssl genrsa -out server.key 2048`. The file starts with

    -----BEGIN RSA PRIVATE KEY-----
    ...
    -----END RSA PRIVATE KEY-----

and must never be committed. In a JSON config, write
`"private_key": "-----BEGIN PRIVATE KEY-----\\n<your private key here>\\n-----END PRIVATE KEY-----\\n"`.
The EXAMPLE key below is from the docs and is truncated on purpose:

-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEoAoGCCqGSM49
-----END EC PRIVATE KEY-----
""")
pub = base64.b64encode(secrets.token_bytes(294)).decode()
cert = base64.b64encode(secrets.token_bytes(900)).decode()
w("certs/server.pem", "-----BEGIN CERTIFICATE-----\n" + "\n".join(cert[i:i+64] for i in range(0, len(cert), 64)) + "\n-----END CERTIFICATE-----\n-----BEGIN PUBLIC KEY-----\n" + "\n".join(pub[i:i+64] for i in range(0, len(pub), 64)) + "\n-----END PUBLIC KEY-----\n")
w("keys/id_ed25519.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + base64.b64encode(secrets.token_bytes(32)).decode().rstrip("=") + " deploy@build\n")
w("src/payments.test.js", """// Stripe's published documentation test key: public, not a secret.
const stripe = require('stripe')('sk_test_4eC39HqLyjWDarjtT1zdp7dc');
const token = process.env.STRIPE_TOKEN;
const apiKey = config.get('apiKey');
const header = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.';
const notJwt = 'eyJub3QiOiJhIGp3dCJ9.eyJhbHNvIjoibm90In0.c2lnbmF0dXJlc2lnbmF0dXJl';
const color = '#5f2eea';
""")
w("src/Auth.java", """package corp.auth;

public final class Auth {
  private static final String TOKEN_ENDPOINT = "https://login.corp.test/oauth2/token";
  private static final String PASSWORD_FIELD = "password";
  private final char[] password;
  public Auth(char[] password) { this.password = password.clone(); }
  String secretName() { return "app/" + env + "/secret"; }
  // The key id is public: kid=%s
}
""" % uuid.uuid4())
w("nginx/site.conf", """server {
  listen 443 ssl;
  ssl_certificate /etc/nginx/tls/server.crt;
  ssl_certificate_key /etc/nginx/tls/server.key;
  auth_basic "restricted";
  auth_basic_user_file /etc/nginx/.htpasswd;
  location / { proxy_pass http://app:8080; proxy_set_header Authorization $http_authorization; }
}
""")
w("Dockerfile", """FROM python:3.12-slim
ARG PIP_INDEX_URL
ENV DB_PASSWORD_FILE=/run/secrets/db_password
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
""")
w("docs/urls.md", """See https://docs.corp.test/api and http://localhost:8080/health.
Clone with `git clone https://github.com/corp/app.git` or `ssh://git@github.com/corp/app.git`.
Format: `postgres://USER:PASSWORD@HOST:PORT/DB` and `mysql://user:pass@host/db`.
Mail: mailto:ops@corp.test and https://user@gitlab.corp.test/group/repo.
""")
w("data/report.csv", "id,hash,created\n" + "".join(f"{i},{h('sha256')[0]},2024-0{1+i%9}-1{i%9}\n" for i in range(30)))
w("docs/tokens.md", """# Token formats

A GitHub token starts with `ghp_` followed by 36 characters, for example
`ghp_<36 characters>`; GitLab tokens start with `glpat-`. Slack bot tokens begin `xoxb-`.
Set `NPM_TOKEN` in CI and reference it as `//registry.npmjs.org/:_authToken=${NPM_TOKEN}`.
The placeholder `AKIA0000000000000000` is not a key either.
""")
