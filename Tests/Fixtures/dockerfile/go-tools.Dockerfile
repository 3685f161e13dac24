FROM golang:1.22.1-bookworm AS tools
RUN go install golang.org/x/tools/gopls@latest \
 && go install github.com/go-delve/delve/cmd/dlv@v1.22.1
RUN go install honnef.co/go/tools/cmd/staticcheck

FROM debian:12.5-slim
COPY vendor/protoc-25.3-linux-x86_64.tar.gz /tmp/
RUN tar -xzf /tmp/protoc-25.3-linux-x86_64.tar.gz -C /usr/local && rm /tmp/protoc-25.3-linux-x86_64.tar.gz
COPY --from=tools /go/bin/ /usr/local/bin/
USER 65534
ENTRYPOINT ["gopls"]
