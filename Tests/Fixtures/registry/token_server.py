# A registry token service for the tests (Docker's token authentication specification):
# GET /token?service=S&scope=repository:NAME:pull,push answers a JWT signed with ES256 whose
# x5c header carries the signing certificate, which the registry trusts through its
# auth.token.rootcertbundle. Requests with the expected basic credentials get the actions they
# ask for; anonymous ones get none. Signing uses the openssl command line.
# Usage: token_server.py KEY.pem CERT.pem ISSUER USER PASSWORD   (prints its port first)
import base64, json, os, subprocess, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

key, cert, issuer, user, password = sys.argv[1:6]
der = subprocess.run(["openssl", "x509", "-in", cert, "-outform", "DER"], check=True,
                     capture_output=True).stdout
x5c = base64.b64encode(der).decode()
granted_log = os.path.join(os.path.dirname(os.path.abspath(key)), "tokens.log")

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

def der_signature_to_raw(signature):
    # SEQUENCE { INTEGER r, INTEGER s } -> r || s, 32 bytes each.
    assert signature[0] == 0x30
    index = 2 if signature[1] < 0x80 else 2 + (signature[1] & 0x7F)
    parts = []
    for _ in range(2):
        assert signature[index] == 0x02
        length = signature[index + 1]
        value = signature[index + 2:index + 2 + length].lstrip(b"\x00")
        parts.append(value.rjust(32, b"\x00"))
        index += 2 + length
    return parts[0] + parts[1]

def sign(claims):
    header = {"alg": "ES256", "typ": "JWT", "x5c": [x5c]}
    signing_input = (b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())).encode()
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=signing_input,
                               check=True, capture_output=True).stdout
    return signing_input.decode() + "." + b64url(der_signature_to_raw(signature))

class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args): pass
    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        authenticated = self.headers.get("Authorization") == expected
        if self.headers.get("Authorization") and not authenticated:
            body = b'{"details":"wrong credentials"}'
            self.send_response(401)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        access = []
        for scope in query.get("scope", []):
            kind, name, actions = scope.split(":", 2) if scope.count(":") >= 2 else (None, None, None)
            if kind == "repository" and authenticated:
                access.append({"type": kind, "name": name, "actions": actions.split(",")})
        now = int(time.time())
        claims = {"iss": issuer, "sub": user if authenticated else "", "aud": query.get("service", [""])[0],
                  "exp": now + 300, "nbf": now - 10, "iat": now, "jti": os.urandom(8).hex(), "access": access}
        token = sign(claims)
        with open(granted_log, "a") as log:
            log.write(json.dumps({"authenticated": authenticated, "access": access}) + "\n")
        body = json.dumps({"token": token, "access_token": token, "expires_in": 300}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
