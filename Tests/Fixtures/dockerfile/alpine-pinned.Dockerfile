FROM alpine:3.19.1
RUN apk add --no-cache ca-certificates=20240226-r0 tzdata=2024a-r0 \
 && addgroup -S app && adduser -S -G app app
COPY --chown=app:app bin/app /usr/local/bin/app
USER app
ENTRYPOINT ["/usr/local/bin/app"]
