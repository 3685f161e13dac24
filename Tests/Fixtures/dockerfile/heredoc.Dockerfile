# syntax=docker/dockerfile:1.4
FROM debian:12.5-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends jq=1.6-2.1
rm -rf /var/lib/apt/lists/*
EOF
COPY <<-"CONF" /etc/app/app.conf
	listen = 8080
	workers = 4
CONF
RUN <<SCRIPT bash
curl -fsSL https://example.com/data.json | jq .version
SCRIPT
USER nobody
