# Rules no other fixture shows: a relative WORKDIR, the whole build context copied before the
# dependencies install, and apt-get install without -y.
FROM node:20.11.1-bookworm-slim
WORKDIR app
COPY . .
RUN npm ci
RUN apt-get update && apt-get install --no-install-recommends curl=7.88.1-10+deb12u5 \
    && rm -rf /var/lib/apt/lists/*
USER node
