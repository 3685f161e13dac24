# syntax=docker/dockerfile:1-labs
FROM docker:25.0-dind
RUN --security=insecure mount -t tmpfs none /mnt
RUN apk add --allow-untrusted /tmp/custom.apk
COPY --chmod=0777 entry.sh /entry.sh
COPY .env /app/.env
COPY server.key server.crt /etc/ssl/private/
HEALTHCHECK NONE
USER root
