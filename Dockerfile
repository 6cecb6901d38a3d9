# Kassa in a container: build with the Swift toolchain, run on slim Debian.
FROM swift:6.0-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libcurl4-openssl-dev libsqlite3-dev libssl-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
RUN swift build -c release --product kassa --static-swift-stdlib

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libcurl4 libsqlite3-0 libssl3 ca-certificates \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /var/lib/kassa --create-home kassa
COPY --from=build /src/.build/release/kassa /usr/local/bin/kassa
COPY config/ /etc/kassa/
USER kassa
WORKDIR /var/lib/kassa
ENV KASSA_DATA_DIR=/var/lib/kassa MALLOC_ARENA_MAX=1
EXPOSE 8080
# SIGTERM → graceful shutdown (in-flight requests finish, exit 0).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/kassa"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
