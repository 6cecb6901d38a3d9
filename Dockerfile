# Kassa in a container: build with the Swift toolchain, run on slim Debian.
# docker build -t kassa . && docker run -p 8080:8080 -v kassa-data:/var/lib/kassa kassa
# Configuration comes from KASSA_* variables and *_FILE secrets (docs/configuration.md);
# docs/deploy/compose.yaml runs it with its volume and secrets.
FROM swift:6.3-bookworm AS build
# The -dev packages of the system libraries the product links (Package.swift's system targets).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcurl4-openssl-dev=7.88.* libsqlite3-dev=3.40.* libpq-dev=15.* libssl-dev=3.0.* pkg-config=1.8.* \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
RUN swift build -c release --product kassa --static-swift-stdlib

FROM debian:bookworm-slim
# Only the shared libraries the binary needs at run time, and CA certificates for the providers' TLS.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcurl4=7.88.* libsqlite3-0=3.40.* libpq5=15.* libssl3=3.0.* ca-certificates=2023* \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/kassa --create-home --shell /usr/sbin/nologin kassa
COPY --from=build /src/.build/release/kassa /usr/local/bin/kassa
COPY config/ /etc/kassa/
# The numeric id, so that a host (and Kubernetes runAsNonRoot) can tell it is not root.
USER 10001
WORKDIR /var/lib/kassa
ENV KASSA_DATA_DIR=/var/lib/kassa KASSA_HOST=0.0.0.0 KASSA_PORT=8080 MALLOC_ARENA_MAX=1
# The SQLite file (and its WAL) lives here: keep it on a volume, back it up with `.backup`.
VOLUME ["/var/lib/kassa"]
EXPOSE 8080
# No curl in the image: the binary checks its own /healthz (libcurl is linked anyway).
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 CMD ["/usr/local/bin/kassa", "healthcheck"]
# SIGTERM → graceful shutdown (in-flight requests finish, exit 0).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/kassa"]
CMD ["serve"]
