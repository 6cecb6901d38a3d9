import Foundation
@testable import KassaService
import XCTest

/// Files the loader may read, by path; paths in `unreadable` throw.
private struct FakeFiles {
    var files: [String: String] = [:]
    var unreadable: Set<String> = []

    var reader: ConfigurationFileReader {
        let files = files, unreadable = unreadable
        return { path in
            if unreadable.contains(path) { throw CocoaError(.fileReadNoPermission) }
            return files[path].map { Array($0.utf8) }
        }
    }
}

/// A live configuration with every provider set up; `liveSecrets` are its secret values.
private let liveSecrets = [
    "api-key-0123456789-live", "admin-key-0123456789-live", "whsec-live-0123456789",
    "secu-secret-live-XYZ", "smartpay-authkey-live-XYZ", "sgconnect-secret-live-XYZ",
    "pledg-secret-live-XYZ", "pledg-api-secret-live-XYZ", "smartpay-hook-live-XYZ",
]

private let liveFile = """
{
  "mode": "live", "host": "0.0.0.0", "port": 8443,
  "public_base_url": "https://pay.shop.example/",
  "api_keys": ["\(liveSecrets[0])"], "admin_keys": ["\(liveSecrets[1])"],
  "shop": {"webhook_url": "https://shop.example/kassa-events", "webhook_secret": "\(liveSecrets[2])"},
  "providers": {
    "secuconnect": {"base_url": "https://connect.secuconnect.com", "client_id": "live-client",
                    "client_secret": "\(liveSecrets[3])", "contract_id": "GCR_LIVE"},
    "smartpay": {"base_url": "https://api.smartpay.example", "merchant_key": "live-merchant",
                 "authentication_key": "\(liveSecrets[4])", "sdk_url": "https://widget.smartpay.example/smp-bundle.js",
                 "webhook_username": "live-hook", "webhook_password": "\(liveSecrets[8])"},
    "smartcredit": {"base_url": "https://apimgm-socgenepos-prod.azure-api.net", "client_id": "live-sg",
                    "client_secret": "\(liveSecrets[5])"},
    "pledg": {"accounts": {"split": {"enabled": true, "merchant_uid": "mer_live", "secret": "\(liveSecrets[6])"}},
              "api_key": "live-api", "api_secret": "\(liveSecrets[7])"}
  }
}
"""

final class ConfigurationTests: XCTestCase {
    private func inspect(_ environment: [String: String] = [:], files: FakeFiles = FakeFiles(), arguments: [String] = []) -> ConfigurationReport {
        KassaConfiguration.inspect(arguments: arguments, environment: environment, readFile: files.reader)
    }

    private func paths(_ report: ConfigurationReport) -> [String] {
        report.problems.map(\.path)
    }

    // MARK: Defaults

    func testNoConfigurationIsSandboxModeWithSeedAccounts() throws {
        let report = inspect()
        XCTAssertEqual(report.problems, [])
        XCTAssertNil(report.file)
        let configuration = report.configuration
        XCTAssertEqual(configuration.mode, .sandbox)
        XCTAssertEqual(configuration.host, "127.0.0.1")
        XCTAssertEqual(configuration.port, 8080)
        XCTAssertEqual(configuration.publicBaseURL, "http://127.0.0.1:8080")
        XCTAssertEqual(configuration.databasePath, "./data/kassa.sqlite")
        XCTAssertEqual(configuration.apiKeys, [Secret("sk_sandbox_kassa")])
        XCTAssertEqual(configuration.http.maxConnections, 10_000)
        XCTAssertEqual(configuration.http.maxBodyBytes, 1_048_576)
        XCTAssertEqual(configuration.store.synchronous, .full)
        XCTAssertEqual(configuration.checkout.maxAmount, 10_000_000)
        XCTAssertNil(configuration.shop.webhookURL)

        let providers = configuration.providers
        XCTAssertEqual(providers.secuconnect.baseURL, "http://127.0.0.1:8080/sandbox/secuconnect")
        XCTAssertEqual(providers.secuconnect.clientID, "00563697073442633035025909838580")
        XCTAssertEqual(providers.secuconnect.clientSecret.value, "3382456441636938321687549172178382320163695870914358804052148567")
        XCTAssertEqual(providers.secuconnect.contractID, "GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04")
        XCTAssertTrue(providers.secuconnect.isDemo)
        XCTAssertEqual(providers.smartpay.baseURL, "http://127.0.0.1:8080/sandbox/smartpay")
        XCTAssertEqual(providers.smartpay.merchantKey, "48c4e923-e88c-464b-a4e7-ccb2c6d3775e")
        XCTAssertEqual(providers.smartpay.timeouts.totalSeconds, 90)
        XCTAssertEqual(providers.smartcredit.tokenURL, "http://127.0.0.1:8080/sandbox/smartcredit/sgconnect/oauth2/access_token")
        XCTAssertEqual(providers.smartcredit.clientID, "myclientid")
        XCTAssertEqual(providers.smartcredit.clientSecret.value, "myclientsecret")
        XCTAssertEqual(providers.pledg.frontURL, "http://127.0.0.1:8080/sandbox/pledg/front")
        XCTAssertEqual(providers.pledg.accounts.split.merchantUID, "mer_e821ccca-7a16-45a7-8b00-0a6015e16123")
        XCTAssertEqual(providers.pledg.accounts.split.secret.value, "SECRET")
        XCTAssertEqual(KassaConfiguration.sandboxDefaults, configuration)
    }

    /// The sandbox accounts are the seeds' own examples, so the seeds' requests work verbatim.
    func testSandboxAccountsAppearVerbatimInTheSeeds() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/seeds").standardizedFileURL
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: seeds.path) else {
            throw XCTSkip("the seeds are not beside the repository at \(seeds.path)")
        }
        func seed(_ prefix: String) throws -> String {
            let name = try XCTUnwrap(names.first { $0.hasPrefix(prefix) })
            return try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)
        }
        let providers = inspect().configuration.providers
        for prefix in ["002_", "004_"] {
            let text = try seed(prefix)
            XCTAssertTrue(text.contains(providers.secuconnect.clientID), prefix)
            XCTAssertTrue(text.contains(providers.secuconnect.clientSecret.value), prefix)
            XCTAssertTrue(text.contains(providers.secuconnect.contractID), prefix)
        }
        XCTAssertTrue(try seed("004_").contains(providers.secuconnect.checkoutTemplate))
        XCTAssertTrue(try seed("001_").contains(#""merchantKey": "\#(providers.smartpay.merchantKey)""#))
        let pledg = try seed("003_")
        XCTAssertTrue(pledg.contains(#""merchant_uid":"\#(providers.pledg.accounts.split.merchantUID)""#))
        XCTAssertTrue(pledg.contains("with the secret key as `\(providers.pledg.accounts.split.secret.value)`"))
        let smartcredit = try seed("000_")
        let basic = Data("\(providers.smartcredit.clientID):\(providers.smartcredit.clientSecret.value)\n".utf8).base64EncodedString()
        XCTAssertTrue(smartcredit.contains("Authorization: Basic \(basic)"))
        XCTAssertTrue(smartcredit.contains("scope=" + providers.smartcredit.scope.replacingOccurrences(of: " ", with: "+")))
        XCTAssertTrue(smartcredit.contains(providers.smartcredit.initializePath))
    }

    func testPublicBaseURLFollowsHostAndPortAndSimulatorsFollowIt() {
        var configuration = inspect(["KASSA_HOST": "0.0.0.0", "KASSA_PORT": "9000"]).configuration
        XCTAssertEqual(configuration.publicBaseURL, "http://127.0.0.1:9000")
        XCTAssertEqual(configuration.providers.pledg.backURL, "http://127.0.0.1:9000/sandbox/pledg")
        configuration = inspect(["KASSA_PUBLIC_BASE_URL": "https://demo.example/"]).configuration
        XCTAssertEqual(configuration.publicBaseURL, "https://demo.example")
        XCTAssertEqual(configuration.providers.smartpay.tokenURL, "https://demo.example/sandbox/smartpay/oauth2/token")
        XCTAssertEqual(inspect(["KASSA_HOST": "::1"]).configuration.publicBaseURL, "http://[::1]:8080")
    }

    // MARK: Sources and precedence

    func testFileValuesOverrideDefaults() {
        let files = FakeFiles(files: ["config/kassa.json": #"{"port": 9090, "http": {"max_connections": 50}, "providers": {"secuconnect": {"client_id": "from-file"}}}"#])
        let report = inspect(files: files)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.file, "config/kassa.json")
        XCTAssertEqual(report.configuration.port, 9090)
        XCTAssertEqual(report.configuration.http.maxConnections, 50)
        XCTAssertEqual(report.configuration.providers.secuconnect.clientID, "from-file")
        XCTAssertEqual(report.configuration.providers.secuconnect.contractID, "GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04")
    }

    func testConfigPathComesFromArgumentThenVariable() {
        let files = FakeFiles(files: ["a.json": #"{"port": 1}"#, "b.json": #"{"port": 2}"#, "config/kassa.json": #"{"port": 3}"#])
        XCTAssertEqual(inspect(["KASSA_CONFIG": "b.json"], files: files, arguments: ["--config", "a.json"]).configuration.port, 1)
        XCTAssertEqual(inspect(["KASSA_CONFIG": "b.json"], files: files, arguments: ["--config=a.json"]).configuration.port, 1)
        XCTAssertEqual(inspect(["KASSA_CONFIG": "b.json"], files: files).configuration.port, 2)
        XCTAssertEqual(inspect(files: files).configuration.port, 3)
    }

    func testMissingExplicitFileIsAProblemButMissingDefaultFileIsNot() {
        XCTAssertEqual(paths(inspect(["KASSA_CONFIG": "nope.json"])), ["config"])
        XCTAssertEqual(paths(inspect(arguments: ["--config"])), ["--config"])
        XCTAssertEqual(inspect().problems, [])
        let unreadable = FakeFiles(unreadable: ["config/kassa.json"])
        XCTAssertEqual(inspect(files: unreadable).problems.map(\.description), ["config: cannot read config/kassa.json"])
    }

    func testMalformedFileIsReportedWithByteOffset() {
        let files = FakeFiles(files: ["config/kassa.json": #"{"port": 8080,}"#])
        XCTAssertEqual(inspect(files: files).problems.map(\.description),
                       ["config: invalid JSON at byte 14: trailing comma (in config/kassa.json)"])
        let duplicate = FakeFiles(files: ["config/kassa.json": #"{"port": 1, "port": 2}"#])
        XCTAssertEqual(inspect(files: duplicate).problems.first?.message, #"invalid JSON at byte 12: duplicate key "port""#)
        let array = FakeFiles(files: ["config/kassa.json": "[]"])
        XCTAssertEqual(inspect(files: array).problems.first?.message, "expected an object at the top, got array")
    }

    func testEnvironmentOverridesFile() {
        let files = FakeFiles(files: ["config/kassa.json": #"{"port": 9090, "log_level": "debug", "debug_echo": false}"#])
        let report = inspect(["KASSA_PORT": "9191", "KASSA_HTTP_MAX_CONNECTIONS": "77", "KASSA_DEBUG_ECHO": "1",
                              "KASSA_PROVIDERS_SECUCONNECT_CLIENT_SECRET": "env-secret"], files: files)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.configuration.port, 9191)
        XCTAssertEqual(report.configuration.logLevel, .debug)
        XCTAssertEqual(report.configuration.http.maxConnections, 77)
        XCTAssertTrue(report.configuration.debugEcho)
        XCTAssertEqual(report.configuration.providers.secuconnect.clientSecret.value, "env-secret")
        XCTAssertEqual(report.environmentVariables.count, 4)
    }

    func testSecretFileOverridesEnvironmentAndLosesOneTrailingNewline() {
        let files = FakeFiles(files: ["/run/secrets/secu": "from-file\n", "/run/secrets/keys": "key-one\nkey-two\n",
                                      "/run/secrets/crlf": "pledg\r\n", "/run/secrets/two": "x\n\n"])
        let report = inspect([
            "KASSA_PROVIDERS_SECUCONNECT_CLIENT_SECRET": "from-env",
            "KASSA_PROVIDERS_SECUCONNECT_CLIENT_SECRET_FILE": "/run/secrets/secu",
            "KASSA_API_KEYS_FILE": "/run/secrets/keys",
            "KASSA_PROVIDERS_PLEDG_ACCOUNTS_SPLIT_SECRET_FILE": "/run/secrets/crlf",
            "KASSA_SHOP_WEBHOOK_SECRET_FILE": "/run/secrets/two",
        ], files: files)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.configuration.providers.secuconnect.clientSecret.value, "from-file")
        XCTAssertEqual(report.configuration.apiKeys.map(\.value), ["key-one", "key-two"])
        XCTAssertEqual(report.configuration.providers.pledg.accounts.split.secret.value, "pledg")
        XCTAssertEqual(report.configuration.shop.webhookSecret.value, "x\n")
    }

    func testBadFileValueIsReportedEvenWhenAVariableOverridesIt() {
        let files = FakeFiles(files: ["config/kassa.json": #"{"port": "eighty"}"#])
        let report = inspect(["KASSA_PORT": "9000"], files: files)
        XCTAssertEqual(report.problems.map(\.description), ["port: expected an integer, got string (in config/kassa.json)"])
        XCTAssertEqual(report.configuration.port, 9000)
    }

    func testNonSecretFieldsHaveNoFileVariable() {
        XCTAssertEqual(paths(inspect(["KASSA_PORT_FILE": "/x"])), ["KASSA_PORT_FILE"])
    }

    func testUnreadableOrMissingSecretFileIsReported() {
        let files = FakeFiles(unreadable: ["/run/secrets/locked"])
        let report = inspect(["KASSA_PROVIDERS_PLEDG_ACCOUNTS_SPLIT_SECRET_FILE": "/run/secrets/locked",
                              "KASSA_PROVIDERS_SMARTPAY_CLIENT_SECRET_FILE": "/run/secrets/absent"], files: files)
        XCTAssertEqual(report.problems.map(\.description).sorted(), [
            "providers.pledg.accounts.split.secret: KASSA_PROVIDERS_PLEDG_ACCOUNTS_SPLIT_SECRET_FILE: cannot read /run/secrets/locked",
            "providers.smartpay.client_secret: KASSA_PROVIDERS_SMARTPAY_CLIENT_SECRET_FILE: no such file /run/secrets/absent",
        ])
    }

    func testListsFromEnvironmentAndFile() {
        XCTAssertEqual(inspect(["KASSA_API_KEYS": " key1, key2,,key3 "]).configuration.apiKeys.map(\.value), ["key1", "key2", "key3"])
        let files = FakeFiles(files: ["config/kassa.json": #"{"admin_keys": ["a1", "a2"]}"#])
        XCTAssertEqual(inspect(files: files).configuration.adminKeys.map(\.value), ["a1", "a2"])
        let wrong = FakeFiles(files: ["config/kassa.json": #"{"admin_keys": ["a1", 2]}"#])
        XCTAssertEqual(inspect(files: wrong).problems.map(\.description), ["admin_keys: expected an array of strings (in config/kassa.json)"])
    }

    func testEmptyValueMeansDefault() {
        let configuration = inspect(["KASSA_PROVIDERS_PLEDG_ACCOUNTS_SPLIT_SECRET": "", "KASSA_HOST": ""]).configuration
        XCTAssertEqual(configuration.providers.pledg.accounts.split.secret.value, "SECRET")
        XCTAssertEqual(configuration.host, "127.0.0.1")
    }

    // MARK: Problems

    func testUnknownKeyIsReportedWithItsPathAndASuggestion() {
        let files = FakeFiles(files: ["config/kassa.json": #"{"providers": {"secuconnect": {"clinet_id": "x"}, "stripe": {}}, "colour": 1}"#])
        XCTAssertEqual(inspect(files: files).problems.map(\.description).sorted(), [
            "colour: unknown key (in config/kassa.json)",
            "providers.secuconnect.clinet_id: unknown key (did you mean client_id?) (in config/kassa.json)",
            "providers.stripe: unknown key (in config/kassa.json)",
        ])
    }

    func testMistypedEnvironmentVariableIsReported() {
        let report = inspect(["KASSA_PROT": "1", "KASSA_PROVIDERS_SECUCONNECT_CLINET_SECRET": "s", "PATH": "/bin"])
        XCTAssertEqual(report.problems.map(\.description), [
            "KASSA_PROT: unknown environment variable (did you mean KASSA_PORT?)",
            "KASSA_PROVIDERS_SECUCONNECT_CLINET_SECRET: unknown environment variable (did you mean KASSA_PROVIDERS_SECUCONNECT_CLIENT_SECRET?)",
        ])
    }

    func testEveryProblemIsReportedAtOnce() {
        let files = FakeFiles(files: ["config/kassa.json": """
            {"port": 70000, "host": 5, "log_level": "verbose", "http": {"max_connections": "10", "max_body_bytes": 1.5},
             "store": {"synchronous": "off"}, "debug_echo": "yes", "public_base_url": "ftp://kassa.example",
             "checkout": [], "providers": {"smartpay": {"auth": "token", "timeout_seconds": 0}, "pledg": {"front_url": "https://a b"}}}
            """])
        let report = inspect(["KASSA_RECONCILER_INTERVAL_SECONDS": "soon", "KASSA_PROVIDERS_PLEDG_ENABLED": "maybe"], files: files)
        XCTAssertEqual(Set(paths(report)), [
            "port", "host", "log_level", "http.max_connections", "http.max_body_bytes", "store.synchronous", "debug_echo",
            "public_base_url", "checkout", "providers.smartpay.auth", "providers.smartpay.timeout_seconds",
            "providers.pledg.front_url", "reconciler.interval_seconds", "providers.pledg.enabled",
        ])
        let messages = Dictionary(uniqueKeysWithValues: report.problems.map { ($0.path, $0.message) })
        XCTAssertEqual(messages["port"], "must be between 0 and 65535")
        XCTAssertEqual(messages["host"], "expected a string, got number")
        XCTAssertEqual(messages["log_level"], #""verbose" is not one of debug, info, warning, error"#)
        XCTAssertEqual(messages["public_base_url"], #""ftp://kassa.example" is not a valid http(s) URL"#)
        XCTAssertEqual(messages["checkout"], "expected an object, got array")
        XCTAssertEqual(messages["reconciler.interval_seconds"], "expected an integer")
        XCTAssertEqual(messages["providers.pledg.enabled"], "expected true or false")
        // A field with a bad value keeps its default, so the report still describes a whole configuration.
        XCTAssertEqual(report.configuration.port, 8080)
    }

    func testURLShapes() {
        for good in ["http://a", "https://a.b:8443/x?y=1", "http://[::1]:80", "https://user@host/p"] {
            XCTAssertEqual(inspect(["KASSA_PUBLIC_BASE_URL": good]).problems, [], good)
        }
        for bad in ["a.b", "https://", "https://:80", "http://a:port", "http://a b", "https://a/#f", "mailto:x@y"] {
            XCTAssertEqual(paths(inspect(["KASSA_PUBLIC_BASE_URL": bad])), ["public_base_url"], bad)
        }
    }

    func testLiveModeRequiresEveryAccountValue() {
        let report = inspect(["KASSA_MODE": "live"])
        XCTAssertEqual(Set(paths(report)), [
            "public_base_url", "api_keys", "admin_keys",
            "providers.secuconnect.base_url", "providers.secuconnect.client_id", "providers.secuconnect.client_secret",
            "providers.secuconnect.contract_id",
            "providers.smartcredit.base_url", "providers.smartcredit.client_id", "providers.smartcredit.client_secret",
            "providers.smartpay.base_url", "providers.smartpay.merchant_key", "providers.smartpay.authentication_key",
            "providers.smartpay.sdk_url", "providers.smartpay.webhook_username", "providers.smartpay.webhook_password",
        ])
        // Only providers with a module are enabled by default: nothing is asked about the others.
        XCTAssertTrue(report.problems.contains {
            $0.description == "providers.secuconnect.client_secret: required in live mode (set it in the file or with KASSA_PROVIDERS_SECUCONNECT_CLIENT_SECRET or KASSA_PROVIDERS_SECUCONNECT_CLIENT_SECRET_FILE)"
        })
        // Pledg's accounts are offered only once configured.
        XCTAssertFalse(report.configuration.providers.pledg.accounts.split.isEnabled)
        // Live mode never falls back to a seed's example account.
        XCTAssertEqual(report.configuration.providers.pledg.accounts.split.secret.value, "")
        XCTAssertEqual(report.configuration.providers.pledg.frontURL, "https://front.ecard.pledg.co")
    }

    func testLiveModeRequirementsFollowEnabledProvidersAndAuth() {
        let report = inspect([
            "KASSA_MODE": "live", "KASSA_PUBLIC_BASE_URL": "https://pay.example", "KASSA_API_KEYS": "0123456789abcdef-api",
            "KASSA_ADMIN_KEYS": "0123456789abcdef-admin", "KASSA_PROVIDERS_SECUCONNECT_ENABLED": "false",
            "KASSA_PROVIDERS_SMARTCREDIT_ENABLED": "false", "KASSA_PROVIDERS_SMARTPAY_ENABLED": "true",
            "KASSA_PROVIDERS_SMARTPAY_AUTH": "oauth", "KASSA_PROVIDERS_SMARTPAY_BASE_URL": "https://smartpay.example",
            "KASSA_PROVIDERS_SMARTPAY_MERCHANT_KEY": "m",
        ])
        // SmartPay's fields are checked as its auth requires (OAuth: no authentication key).
        XCTAssertEqual(Set(paths(report)), ["providers.smartpay.client_id", "providers.smartpay.client_secret",
                                            "providers.smartpay.sdk_url", "providers.smartpay.webhook_username",
                                            "providers.smartpay.webhook_password"])
        XCTAssertEqual(report.configuration.providers.smartpay.tokenURL,
                       "https://smartpay-oauth-cons.auth.eu-central-1.amazoncognito.com/oauth2/token")
    }

    func testCompleteLiveConfigurationIsValid() throws {
        let files = FakeFiles(files: ["kassa.json": liveFile])
        let configuration = try KassaConfiguration.load(arguments: ["--config", "kassa.json"], environment: [:], readFile: files.reader)
        XCTAssertEqual(configuration.mode, .live)
        XCTAssertEqual(configuration.publicBaseURL, "https://pay.shop.example")
        XCTAssertFalse(configuration.providers.secuconnect.isDemo)
        XCTAssertEqual(configuration.providers.smartcredit.scope, "openid api.epos-emerchant-initiate-customer-application.v1")
        XCTAssertEqual(configuration.providers.smartcredit.initializePath, "/api/v1/customerApplications/do-initialize")
        XCTAssertEqual(configuration.providers.pledg.backURL, "https://back.ecard.pledg.co")
    }

    func testLiveModeRefusesSandboxShortAndSharedKeys() {
        let files = FakeFiles(files: ["kassa.json": liveFile])
        let report = inspect(["KASSA_CONFIG": "kassa.json", "KASSA_API_KEYS": "sk_sandbox_kassa,short,\(liveSecrets[1])"], files: files)
        XCTAssertEqual(report.problems.map(\.description), [
            "api_keys[0]: the sandbox key must not be used in live mode",
            "api_keys[1]: must have at least 16 characters in live mode",
            "admin_keys: an admin key must not also be an API key",
        ])
    }

    func testLiveModeWithNoProviderIsInvalid() {
        let files = FakeFiles(files: ["kassa.json": liveFile])
        var environment = ["KASSA_CONFIG": "kassa.json"]
        for provider in ["SECUCONNECT", "SMARTPAY", "SMARTCREDIT", "PLEDG"] { environment["KASSA_PROVIDERS_\(provider)_ENABLED"] = "false" }
        XCTAssertEqual(paths(inspect(environment, files: files)), ["providers"])
    }

    func testClientCertificateNeedsItsKeyAndBothMustBeReadable() {
        XCTAssertEqual(inspect(["KASSA_PROVIDERS_SMARTCREDIT_CLIENT_CERTIFICATE_FILE": "/certs/c.pem"]).problems.map(\.description).sorted(), [
            "providers.smartcredit.client_certificate_file: no such file /certs/c.pem",
            "providers.smartcredit.client_key_file: required when client_certificate_file is set",
        ])
        let files = FakeFiles(files: ["/certs/c.pem": "cert", "/certs/k.pem": "key"])
        XCTAssertEqual(inspect(["KASSA_PROVIDERS_SMARTCREDIT_CLIENT_CERTIFICATE_FILE": "/certs/c.pem",
                                "KASSA_PROVIDERS_SMARTCREDIT_CLIENT_KEY_FILE": "/certs/k.pem"], files: files).problems, [])
    }

    // MARK: Secrets and check-config

    func testSecretsNeverAppearInProblemsOutputOrDescriptions() throws {
        let files = FakeFiles(files: ["kassa.json": liveFile])
        let valid = inspect(["KASSA_CONFIG": "kassa.json"], files: files)
        XCTAssertEqual(valid.problems, [])
        // An invalid variant: the same secrets, plus problems in fields next to them.
        let invalidFile = liveFile.replacingOccurrences(of: #""mode": "live""#, with: #""mode": "live", "secret": "x", "port": -1"#)
        let invalid = inspect(["KASSA_CONFIG": "kassa.json", "KASSA_API_KEYS": "sho"],
                              files: FakeFiles(files: ["kassa.json": invalidFile]))
        XCTAssertFalse(invalid.problems.isEmpty)

        var texts = KassaConfiguration.checkConfig(valid).lines + KassaConfiguration.checkConfig(invalid).lines
        texts += invalid.problems.map(\.description)
        texts.append(String(describing: valid.configuration))
        texts.append(String(reflecting: valid.configuration))
        var dumped = ""
        dump(valid.configuration, to: &dumped)
        texts.append(dumped)
        texts += valid.configuration.startupNotice
        let output = texts.joined(separator: "\n")
        for secret in liveSecrets {
            XCTAssertFalse(output.contains(secret), "\(secret) leaked")
        }
        XCTAssertTrue(output.contains("providers.pledg.accounts.split.secret = set (21 chars)"))
    }

    func testCheckConfigDescribesAValidConfiguration() {
        let result = KassaConfiguration.checkConfig(environment: ["KASSA_PORT": "9000"], readFile: FakeFiles().reader)
        XCTAssertEqual(result.exitStatus, 0)
        XCTAssertEqual(result.lines[0], "sources: no file (defaults), 1 KASSA_* variables")
        XCTAssertEqual(result.lines[1], "configuration is valid (sandbox mode)")
        XCTAssertTrue(result.lines.contains("  port = 9000"))
        XCTAssertTrue(result.lines.contains("  api_keys = [set (16 chars)]"))
        XCTAssertTrue(result.lines.contains("  providers.secuconnect.client_secret = set (64 chars)"))
        XCTAssertTrue(result.lines.contains("  providers.secuconnect.client_id = \"00563697073442633035025909838580\""))
        XCTAssertTrue(result.lines.contains("  shop.webhook_url = null"))
        XCTAssertEqual(result.lines.count, 2 + ConfigurationSchema.fields.count)
    }

    func testCheckConfigListsEveryProblemAndFails() {
        let result = KassaConfiguration.checkConfig(environment: ["KASSA_MODE": "live", "KASSA_PROT": "1"], readFile: FakeFiles().reader)
        XCTAssertEqual(result.exitStatus, 1)
        XCTAssertEqual(result.lines[1], "configuration is invalid: 17 problems")
        XCTAssertTrue(result.lines.contains("  KASSA_PROT: unknown environment variable (did you mean KASSA_PORT?)"))
        XCTAssertTrue(result.lines.contains { $0.hasPrefix("  providers.secuconnect.client_secret: required in live mode") })
    }

    func testLoadThrowsEveryProblem() {
        XCTAssertThrowsError(try KassaConfiguration.load(environment: ["KASSA_PORT": "x", "KASSA_HOST_NAME": "y"], readFile: FakeFiles().reader)) { error in
            XCTAssertEqual((error as? ConfigurationError)?.problems.map(\.path), ["KASSA_HOST_NAME", "port"])
        }
    }

    func testStartupNoticeShowsOnlyTheBuiltInSandboxKey() {
        XCTAssertTrue(inspect().configuration.startupNotice.contains { $0.contains("sk_sandbox_kassa") })
        let custom = inspect(["KASSA_API_KEYS": "my-own-sandbox-key"]).configuration.startupNotice
        XCTAssertFalse(custom.joined().contains("my-own-sandbox-key"))
        let live = try? KassaConfiguration.load(arguments: ["--config", "k.json"], environment: [:],
                                                readFile: FakeFiles(files: ["k.json": liveFile]).reader)
        XCTAssertEqual(live?.startupNotice, ["live mode: providers are the real ones"])
    }

    // MARK: The example file and the documentation

    private var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func testExampleFileHasEveryFieldAndLoads() throws {
        let path = repositoryRoot.appendingPathComponent("config/kassa.example.json").path
        let report = KassaConfiguration.inspect(arguments: ["--config", path], environment: [:])
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.file, path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for field in ConfigurationSchema.fields {
            let leaf = String(field.path.split(separator: ".").last!)
            XCTAssertTrue(text.contains("\"\(leaf)\":"), field.path)
        }
    }

    func testDocumentationListsEveryFieldAndVariable() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        for field in ConfigurationSchema.fields {
            XCTAssertTrue(text.contains("`\(field.path)`"), field.path)
            XCTAssertTrue(text.contains("`\(field.environmentName)`"), field.environmentName)
        }
    }
}
