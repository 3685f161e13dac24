FROM debian:12.5-slim AS builder
RUN apt-get update && apt-get -y install --no-install-recommends make=4.3-4.1
RUN apt-get update && apt-get install -qq --no-install-recommends gcc=4:12.2.0-3 && rm -rf /var/lib/apt/lists/*
RUN apt install -y git
RUN apt-get dist-upgrade -y
RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \
    apt-get update && apt-get install -y --no-install-recommends xz-utils=5.4.1-0.2

FROM debian:12.5-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates=20230311
RUN set -o pipefail && curl -fsSL https://example.com/key | gpg --dearmor > /usr/share/keyrings/k.gpg
RUN ps aux | grep foo
USER 1000
