FROM node:20.11-alpine
ARG NPM_TOKEN
ARG GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789
ARG APP_VERSION=1.0.0
ENV API_KEY=sk_live_1234567890abcdef \
    LOG_LEVEL=info
ENV DB_PASSWORD_FILE=/run/secrets/db_password
WORKDIR /app
COPY .npmrc package.json package-lock.json ./
RUN npm ci && rm -f .npmrc
RUN git clone https://deploy:s3cr3tpass@git.example.com/org/lib.git /opt/lib
COPY id_rsa /root/.ssh/id_rsa
COPY . .
USER node
CMD ["node", "index.js"]
