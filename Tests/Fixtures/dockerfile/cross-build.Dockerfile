# A cross-compiling build as buildx users write it: the xx helpers laid over the build stage
# with `COPY --from=xx / /`, and a final stage that repeats the default `$TARGETPLATFORM`.
FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4.0 AS xx

FROM --platform=$BUILDPLATFORM golang:1.22.5-alpine3.20 AS build
COPY --from=xx / /
ARG TARGETPLATFORM
WORKDIR /src
COPY . .
RUN xx-go build -o /out/app ./cmd/app && xx-verify /out/app

FROM --platform=$TARGETPLATFORM alpine:3.20.2
COPY --from=build /out/app /usr/local/bin/app
USER 65534
ENTRYPOINT ["/usr/local/bin/app"]
