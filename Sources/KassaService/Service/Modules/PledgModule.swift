import FoundationEssentials
import Outbound
import Payments
import Providers
import Sandbox

/// Pledg eCard: `Providers/Pledg` (adapter, notification intake, schedules), `Sandbox/Pledg`
/// (simulator), `providers.pledg` with one account per payment type (below).
struct PledgModule: ProviderModule {
    let id = ProviderID.pledg

    /// Offered when enabled and at least one account is: in live mode no account is by default.
    func isEnabled(in configuration: KassaConfiguration) -> Bool {
        let pledg = configuration.providers.pledg
        return pledg.isEnabled && PledgPaymentType.allCases.contains { pledg.accounts[$0].isEnabled }
    }

    func rebase(_ configuration: inout KassaConfiguration, _ move: (String) -> String) {
        configuration.providers.pledg.frontURL = move(configuration.providers.pledg.frontURL)
        configuration.providers.pledg.backURL = move(configuration.providers.pledg.backURL)
        configuration.providers.pledg.pluginURL = move(configuration.providers.pledg.pluginURL)
    }

    func makeAdapter(_ context: ProviderContext) -> any PaymentProvider {
        PledgProvider(configuration: context.pledgConfiguration(), client: context.client)
    }

    func makeIntake(_ context: ProviderContext) -> any NotificationIntake {
        PledgNotificationIntake(accounts: Array(context.pledgConfiguration().accounts.values), handoff: context.pledgVirtualCards)
    }

    func makeSimulator(_ context: SimulatorContext) -> any ProviderSimulator {
        var configuration = PledgSimulator.Configuration()
        let pledg = context.configuration.providers.pledg
        configuration.publicBaseURL = context.publicBaseURL
        configuration.notificationTransport = context.pushTransport
        configuration.apiKey = pledg.apiKey
        configuration.apiSecret = pledg.apiSecret.value
        // The simulator knows the accounts Kassa is configured with, so both sides agree.
        configuration.accounts = PledgPaymentType.allCases.compactMap { type in
            let account = pledg.accounts[type]
            guard account.isEnabled, let simulatedType = PledgSimulator.PaymentType(rawValue: type.rawValue),
                  let mode = PledgSimulator.Mode(rawValue: account.mode.rawValue) else { return nil }
            return PledgSimulator.Account(
                merchantUID: account.merchantUID, secret: account.secret.value, paymentType: simulatedType, mode: mode,
                minimumAmountCents: account.minimumAmount > 0 ? account.minimumAmount : nil,
                maximumAmountCents: account.maximumAmount > 0 ? account.maximumAmount : nil,
                countries: account.countries, installments: account.installments,
                feesPercent: Double(account.feesBasisPoints ?? 0) / 100, delayDays: account.delayDays,
                depositPercentage: account.depositPercentage, preauthorizationPercentage: account.preauthorizationPercentage)
        }
        let sandbox = context.configuration.sandbox
        configuration.allowsFaultHeader = sandbox.allowFaultHeader || context.forcesFaultHeader
        configuration.maxHeldRequests = sandbox.maxHeldRequests
        configuration.allowedURLOrigins = sandbox.allowedRedirectOrigins
        context.overrides.apply(to: &configuration)
        return PledgSimulator(configuration: configuration)
    }

    var configurationFields: [ConfigurationField] {
        typealias Field = ConfigurationField
        let enabled: Field.Requirement = { $0.providers.pledg.isEnabled }
        // The back office serves refunds of accounts' purchases: asked for once an account is offered.
        let anyAccount: Field.Requirement = { c in
            c.providers.pledg.isEnabled && PledgPaymentType.allCases.contains { c.providers.pledg.accounts[$0].isEnabled }
        }
        return [
            enabledField(\.providers.pledg.isEnabled),
            .text("providers.pledg.front_url", \.providers.pledg.frontURL, url: true,
                  .simulator("pledg", suffix: "/front", live: "https://front.ecard.pledg.co"),
                  required: enabled, "Pledg's front: the direct call is {front_url}/purchases?signature=…"),
            .text("providers.pledg.back_url", \.providers.pledg.backURL, url: true,
                  .simulator("pledg", live: "https://back.ecard.pledg.co"),
                  required: enabled, "the back office API: /api/token, /api/purchases/{uid}/release and /credit_by_transfer"),
            .text("providers.pledg.plugin_url", \.providers.pledg.pluginURL, url: true,
                  .simulator("pledg", suffix: "/plugin.js",
                             live: "https://s3-eu-west-1.amazonaws.com/pledg-assets/ecard-plugin/master/plugin.min.js"),
                  required: enabled, "the plugin script the shop's page loads (next_action.plugin_url)"),
            .text("providers.pledg.api_key", \.providers.pledg.apiKey, .sandbox(SandboxDefaults.pledgAPIKey),
                  required: anyAccount, "back office user for refunds (Basic at /api/token)"),
            .secret("providers.pledg.api_secret", \.providers.pledg.apiSecret, .sandbox(SandboxDefaults.pledgAPISecret),
                    required: anyAccount, "back office password for refunds"),
            .integer("providers.pledg.signature_validity_seconds", \.providers.pledg.signatureValiditySeconds, 60...2_592_000,
                     default: 86_400, "how long the signed plugin settings stay valid (the JWT's exp)"),
            .boolean("providers.pledg.forward_virtual_card", \.providers.pledg.forwardVirtualCard, .value(.boolean(false)),
                     "hand a front-mode virtual card to the shop once, in the checkout.authorized event (never stored)"),
        ] + PledgPaymentType.allCases.flatMap(accountFields) + ConfigurationSchema.timeouts("pledg", \.providers.pledg.timeouts, total: 30)
    }

    /// Issue 15's sandbox accounts: the modes spread so the sandbox shows all three.
    static func sandboxDefaults(_ type: PledgPaymentType) -> (uid: String, mode: KassaConfiguration.PledgAccountSettings.Mode) {
        switch type {
        case .split: (SandboxDefaults.pledgMerchantUID, .back)
        case .installment: (SandboxDefaults.pledgInstallmentMerchantUID, .transfer)
        case .deferred: (SandboxDefaults.pledgDeferredMerchantUID, .front)
        case .downPayment: (SandboxDefaults.pledgDownPaymentMerchantUID, .back)
        case .redirection: (SandboxDefaults.pledgRedirectionMerchantUID, .back)
        }
    }

    /// `providers.pledg.accounts.{type}.*`: the account and its type's merchant parameters (seed 003's table).
    private func accountFields(_ type: PledgPaymentType) -> [ConfigurationField] {
        typealias Field = ConfigurationField
        typealias Settings = KassaConfiguration.PledgAccountSettings
        let path = "providers.pledg.accounts.\(type.rawValue)"
        let accounts: WritableKeyPath<KassaConfiguration, KassaConfiguration.PledgAccounts> = \.providers.pledg.accounts
        let account: WritableKeyPath<KassaConfiguration, Settings> = accounts.appending(path: KassaConfiguration.PledgAccounts.keyPath(type))
        func at<T>(_ member: WritableKeyPath<Settings, T>) -> WritableKeyPath<KassaConfiguration, T> { account.appending(path: member) }
        let required: Field.Requirement = { $0.providers.pledg.isEnabled && $0.providers.pledg.accounts[type].isEnabled }
        let defaults = Self.sandboxDefaults(type)
        var fields: [Field] = [
            .boolean(path + ".enabled", at(\.isEnabled), .byMode(sandbox: { _ in .boolean(true) }, live: .boolean(false)),
                     "offer the \(type.rawValue) payment type"),
            .text(path + ".merchant_uid", at(\.merchantUID), .sandbox(defaults.uid), required: required, "the account's merchantUid (mer_…)"),
            .secret(path + ".secret", at(\.secret), .sandbox(SandboxDefaults.pledgSecret), required: required,
                    "signs the plugin settings (JWT HS256) and verifies Pledg's notifications"),
            .choice(path + ".mode", at(\.mode), default: defaults.mode, "front: a virtual card; back: Pledg charges your PSP; transfer: a bank transfer"),
            .integer(path + ".minimum_amount", at(\.minimumAmount), 0...1_000_000, default: 0, "smallest amount in minor units (0: none)"),
            .integer(path + ".maximum_amount", at(\.maximumAmount), 0...1_000_000, default: 0, "largest amount in minor units (0: Pledg's 1,000,000)"),
            .textList(path + ".countries", at(\.countries), "billing countries the account takes (ISO 3166-1 alpha-2; empty: any)"),
        ]
        switch type {
        case .installment:
            fields += [
                .integer(path + ".installments", at(\.installments), 2...12, default: 3, "number of installments"),
                .text(path + ".fees_percent", at(\.feesPercent), .sandbox("1", live: "0"), "fees in percent of the purchase, on the first installment"),
            ]
        case .deferred:
            fields += [
                .text(path + ".fees_percent", at(\.feesPercent), .text("0"), "fees in percent of the purchase"),
                .integer(path + ".delay_days", at(\.delayDays), 1...365, default: 30, "the delay of the payment in days"),
                .integer(path + ".preauthorization_percentage", at(\.preauthorizationPercentage), 1...100, default: 100,
                         "percentage of the purchase preauthorized"),
            ]
        case .downPayment:
            fields += [
                .integer(path + ".deposit_percentage", at(\.depositPercentage), 1...99, default: 30, "the deposit in percent of the purchase"),
                .integer(path + ".delay_days", at(\.delayDays), 1...365, default: 60, "maximum delay of the balance payment in days"),
            ]
        case .split, .redirection:
            break
        }
        return fields
    }
}

extension ProviderContext {
    /// The Pledg adapter's accounts and back office from `providers.pledg` (enabled accounts only).
    func pledgConfiguration() -> PledgProvider.Configuration {
        let c = configuration.providers.pledg
        var accounts: [PledgPaymentType: PledgAccount] = [:]
        for type in PledgPaymentType.allCases {
            let a = c.accounts[type]
            guard a.isEnabled, let mode = PledgMode(rawValue: a.mode.rawValue) else { continue }
            accounts[type] = PledgAccount(
                paymentType: type, merchantUID: a.merchantUID, secret: a.secret.value, mode: mode,
                minimumAmount: a.minimumAmount > 0 ? Int64(a.minimumAmount) : nil,
                maximumAmount: a.maximumAmount > 0 ? Int64(a.maximumAmount) : nil,
                countries: a.countries, installments: a.installments, feesBasisPoints: a.feesBasisPoints ?? 0,
                delayDays: a.delayDays, depositPercentage: a.depositPercentage, preauthorizationPercentage: a.preauthorizationPercentage)
        }
        return PledgProvider.Configuration(
            frontURL: c.frontURL, backURL: c.backURL, pluginURL: c.pluginURL, accounts: accounts,
            apiKey: c.apiKey, apiSecret: c.apiSecret.value, signatureValidity: .seconds(c.signatureValiditySeconds),
            timeouts: OutboundTimeouts(total: .seconds(c.timeouts.totalSeconds), connect: .seconds(c.timeouts.connectSeconds)))
    }
}
