# syntax=docker/dockerfile:1
FROM node:20.11.1-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev
COPY . .
USER node
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "healthcheck.js"]
CMD ["node", "server.js"]
