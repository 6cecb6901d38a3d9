// swift-tools-version:6.0
// Kassa: a merchant-side payment backend. No package dependencies: the toolchain and
// system C libraries only (libcurl, SQLite, libpq, OpenSSL's libcrypto). See docs/ and DESIGN.md.
import PackageDescription

let package = Package(
    name: "Kassa",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kassa", targets: ["kassa"]),
    ],
    targets: [
        // System libraries (module maps only).
        // libcurl's headers only: it is not linked but loaded with dlopen on the first outbound
        // transfer (CCurlShim), so a Kassa that never calls a provider never maps it.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", providers: [.apt(["libssl-dev"])]),
        // libpq's headers only, the same way: loaded when a PostgreSQL store first connects
        // (CPostgresShim), so a Kassa on SQLite never maps it.
        .systemLibrary(name: "CPostgres", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CEpoll"),
        // libcurl loaded on first use (dlopen) and typed wrappers around its variadic setters,
        // which Swift cannot call.
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        // libcrypto's headers only, the same way: loaded on the first digest, MAC or random id.
        .target(name: "CCryptoShim", dependencies: ["CCrypto"]),
        .target(name: "CPostgresShim", dependencies: ["CPostgres"]),

        // The rooms of DESIGN.md. Data flows HTTP → KassaService → Payments ← Providers → Outbound.
        .target(name: "HTTP", dependencies: ["CEpoll"]),
        .target(name: "JSON"),
        .target(name: "Crypto", dependencies: ["CCryptoShim", "JSON"]),
        .target(name: "Outbound", dependencies: ["CCurl", "CCurlShim", "Crypto", "JSON"]),
        .target(name: "Payments", dependencies: ["Crypto", "JSON"]),
        .target(name: "Store", dependencies: ["CSQLite", "CPostgres", "CPostgresShim", "Payments", "Crypto", "JSON"]),
        .target(name: "Providers", dependencies: ["Payments", "Outbound", "Crypto", "JSON"]),
        .target(name: "Sandbox", dependencies: ["HTTP", "Crypto", "JSON"]),
        .target(name: "KassaService", dependencies: ["HTTP", "Outbound", "Payments", "Store", "Providers", "Sandbox", "Crypto", "JSON"]),
        .executableTarget(name: "kassa", dependencies: ["KassaService", "HTTP", "Store", "Outbound", "Sandbox"]),
        // The store's operator/test tool: migrate, integrity check, the crash test's child, the benchmark.
        .executableTarget(name: "kassa-store-tool", dependencies: ["Store", "Payments"], path: "Sources/StoreTool"),
        // Benchmark of the outbound client (scripts/bench-outbound); not part of the tests.
        .executableTarget(name: "kassa-bench-outbound", dependencies: ["Outbound"], path: "Sources/BenchOutbound"),
        // `kassa serve` with SmartPay's creations held by its simulator (CASE=smartpay-held scripts/bench-checkout).
        .executableTarget(name: "kassa-bench-held", dependencies: ["KassaService", "Sandbox"], path: "Sources/BenchHeld"),

        // Test support shared by the test targets (a raw socket client); never linked into kassa.
        .target(name: "KassaTestSupport", dependencies: ["HTTP"]),

        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "KassaTestSupport"]),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "KassaTestSupport"]),
        .testTarget(name: "OutboundTests", dependencies: ["Outbound", "HTTP", "Crypto"]),
        .testTarget(name: "PaymentsTests", dependencies: ["Payments", "Crypto"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Payments"]),
        .testTarget(name: "KassaServiceTests", dependencies: ["KassaService", "HTTP", "JSON", "Crypto", "KassaTestSupport", "Sandbox", "Store", "Payments", "Outbound", "Providers"]),
        .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "HTTP", "KassaTestSupport"]),
        .testTarget(name: "ProvidersTests", dependencies: ["Providers", "Sandbox", "HTTP", "Outbound", "Payments", "JSON", "KassaTestSupport"]),
    ]
)
