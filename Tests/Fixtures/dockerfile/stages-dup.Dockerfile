FROM alpine:3.19 AS base
RUN apk add --no-cache bash=5.2.21-r0

FROM base AS base
COPY --from=base /bin/bash /bin/bash

FROM --platform=linux/amd64 debian:12 AS final
COPY --from=0 /bin/bash /usr/local/bin/bash
USER 1000
