FROM rust:1.76-alpine AS builder
RUN apk add --no-cache musl-dev=1.2.4_git20230717-r4
WORKDIR /usr/src/app
COPY Cargo.toml Cargo.lock ./
RUN mkdir src && echo "fn main() {}" > src/main.rs && cargo build --release && rm -rf src
COPY src ./src
RUN touch src/main.rs && cargo build --release

FROM alpine:3.19
RUN addgroup -S app && adduser -S app -G app
COPY --from=builder /usr/src/app/target/release/app /usr/local/bin/app
USER app
CMD ["app"]
