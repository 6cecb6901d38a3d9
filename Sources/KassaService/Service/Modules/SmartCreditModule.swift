import Outbound
import Payments
import Providers
import Sandbox

/// Société Générale SmartCredit ePOS: `Providers/SmartCredit` (adapter; no notifications),
/// `Sandbox/SmartCredit` (simulator), `providers.smartcredit` (below).
struct SmartCreditModule: ProviderModule {
    let id = ProviderID.smartcredit

    func isEnabled(in configuration: KassaConfiguration) -> Bool { configuration.providers.smartcredit.isEnabled }

    func rebase(_ configuration: inout KassaConfiguration, _ move: (String) -> String) {
        configuration.providers.smartcredit.baseURL = move(configuration.providers.smartcredit.baseURL)
        configuration.providers.smartcredit.tokenURL = move(configuration.providers.smartcredit.tokenURL)
    }

    func makeAdapter(_ context: ProviderContext) -> any PaymentProvider {
        SmartCreditProvider(configuration: context.smartcreditConfiguration(), client: context.client)
    }

    // Seed 000: "no webhooks are available yet". Anything posted to /v1/webhooks/smartcredit
    // is kept for the operator and never acted upon.
    func makeIntake(_ context: ProviderContext) -> any NotificationIntake { SmartCreditNoNotifications() }

    func makeSimulator(_ context: SimulatorContext) -> any ProviderSimulator {
        var configuration = SmartCreditSimulator.Configuration()
        configuration.publicBaseURL = context.publicBaseURL
        configuration.apply(context.configuration.sandbox)
        configuration.allowsFaultHeader = context.configuration.sandbox.allowFaultHeader || context.forcesFaultHeader
        context.overrides.apply(to: &configuration)
        return SmartCreditSimulator(configuration: configuration)
    }

    var configurationFields: [ConfigurationField] {
        typealias Field = ConfigurationField
        let enabled: Field.Requirement = { $0.providers.smartcredit.isEnabled }
        return [
            enabledField(\.providers.smartcredit.isEnabled),
            .text("providers.smartcredit.base_url", \.providers.smartcredit.baseURL, url: true, .simulator("smartcredit"),
                  required: enabled, "the ePOS API host"),
            .text("providers.smartcredit.token_url", \.providers.smartcredit.tokenURL, url: true,
                  .simulator("smartcredit", suffix: "/sgconnect/oauth2/access_token",
                             live: "https://sso.sgmarkets.com/sgconnect/oauth2/access_token"),
                  required: enabled, "SG Connect's token endpoint"),
            .text("providers.smartcredit.client_id", \.providers.smartcredit.clientID,
                  .sandbox(SandboxDefaults.smartcreditClientID), required: enabled, "SG Connect client id"),
            .secret("providers.smartcredit.client_secret", \.providers.smartcredit.clientSecret,
                    .sandbox(SandboxDefaults.smartcreditClientSecret), required: enabled, "SG Connect client secret"),
            .text("providers.smartcredit.scope", \.providers.smartcredit.scope,
                  .sandbox(SandboxDefaults.smartcreditScope, live: "openid api.epos-emerchant-initiate-customer-application.v1"),
                  required: enabled, "the scopes asked for, separated by spaces"),
            .choice("providers.smartcredit.api_version", \.providers.smartcredit.apiVersion, default: .v1_1_0,
                    "1.1.0: the token in Authorization: Bearer; 1.0.0: in ?access_token="),
            .text("providers.smartcredit.initialize_path", \.providers.smartcredit.initializePath,
                  .sandbox(SandboxDefaults.smartcreditInitializePath, live: "/api/v1/customerApplications/do-initialize"),
                  required: enabled, "where a customer application starts"),
            .text("providers.smartcredit.search_path", \.providers.smartcredit.searchPath,
                  .text(SandboxDefaults.smartcreditSearchPath), required: enabled, "where an application's status is found by orderId"),
            .text("providers.smartcredit.status_path", \.providers.smartcredit.statusPath,
                  .text(SandboxDefaults.smartcreditStatusPath), required: enabled,
                  "one application's status; {applicationId} is replaced"),
            .integer("providers.smartcredit.deadline_hours", \.providers.smartcredit.deadlineHours, 1...2160, default: 72,
                     "an application still open this long after creation is expired (polled 30 s, 1, 2, 5 min, then every 15 min)"),
            .integer("providers.smartcredit.franfinance_minimum_amount", \.providers.smartcredit.franFinanceMinimumAmount, 0...100_000_000,
                     default: 0, "smallest amount in minor units the FRF_* products take (your contract; 0: none)"),
            .integer("providers.smartcredit.franfinance_maximum_amount", \.providers.smartcredit.franFinanceMaximumAmount, 0...100_000_000,
                     default: 0, "largest amount in minor units the FRF_* products take (0: none)"),
            .integer("providers.smartcredit.hanseatic_minimum_amount", \.providers.smartcredit.hanseaticMinimumAmount, 0...100_000_000,
                     default: 0, "smallest amount in minor units REVOLVINGPOS takes (your contract; 0: none)"),
            .integer("providers.smartcredit.hanseatic_maximum_amount", \.providers.smartcredit.hanseaticMaximumAmount, 0...100_000_000,
                     default: 0, "largest amount in minor units REVOLVINGPOS takes (0: none)"),
            .optionalText("providers.smartcredit.client_certificate_file", \.providers.smartcredit.clientCertificateFile,
                          "PEM client certificate for mTLS; null: none"),
            .optionalText("providers.smartcredit.client_key_file", \.providers.smartcredit.clientKeyFile,
                          "the client certificate's PEM private key"),
        ] + ConfigurationSchema.timeouts("smartcredit", \.providers.smartcredit.timeouts, total: 30)
    }
}

extension ProviderContext {
    /// The SmartCredit adapter's account from `providers.smartcredit`.
    func smartcreditConfiguration() -> SmartCreditProvider.Configuration {
        let c = configuration.providers.smartcredit
        let certificate = c.clientCertificateFile.map { OutboundTLS(certificatePath: $0, privateKeyPath: c.clientKeyFile) }
        var account = SmartCreditProvider.Configuration(
            baseURL: c.baseURL, tokenURL: c.tokenURL, clientID: c.clientID, clientSecret: c.clientSecret.value, scope: c.scope,
            initializePath: c.initializePath, searchPath: c.searchPath, statusPath: c.statusPath,
            tokenPlacement: c.apiVersion == .v1_0_0 ? .query : .bearerHeader, clientCertificate: certificate,
            timeouts: OutboundTimeouts(total: .seconds(c.timeouts.totalSeconds), connect: .seconds(c.timeouts.connectSeconds)),
            pollDeadline: .seconds(c.deadlineHours * 3600))
        account.franFinanceLimits = AmountLimits(configuredMinimum: c.franFinanceMinimumAmount, maximum: c.franFinanceMaximumAmount)
        account.hanseaticLimits = AmountLimits(configuredMinimum: c.hanseaticMinimumAmount, maximum: c.hanseaticMaximumAmount)
        return account
    }
}

extension SmartCreditSimulator.Configuration {
    /// The `sandbox.*` fields, as for the other simulators (`SimulatorLimits.swift`).
    mutating func apply(_ sandbox: KassaConfiguration.Sandbox) {
        allowsFaultHeader = sandbox.allowFaultHeader
        maxHeldRequests = sandbox.maxHeldRequests
        allowedURLOrigins = sandbox.allowedRedirectOrigins
    }
}
