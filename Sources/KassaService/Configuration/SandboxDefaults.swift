/// The accounts sandbox mode uses: the seeds' own example values wherever a seed has one, so
/// that every example request and notification in the seeds works verbatim against the
/// simulators (DESIGN.md, Configuration). Values no seed gives are marked as Kassa's own.
public enum SandboxDefaults {
    /// Kassa's own: the Bearer key of `/v1/*` in sandbox mode, printed at start.
    public static let apiKey = "sk_sandbox_kassa"
    /// Kassa's own: the `/admin` key in sandbox mode, printed at start.
    public static let adminKey = "ak_sandbox_kassa"
    /// Kassa's own: the HMAC key of `Kassa-Signature` in sandbox mode.
    public static let shopWebhookSecret = "whsec_sandbox_kassa"

    /// Seeds 002 and 004, "Authenticate with OAuth 2.0".
    public static let secuconnectClientID = "00563697073442633035025909838580"
    /// Seeds 002 and 004, "Authenticate with OAuth 2.0".
    public static let secuconnectClientSecret = "3382456441636938321687549172178382320163695870914358804052148567"
    /// Seeds 002 and 004, the Smart Transaction's `contract.id`.
    public static let secuconnectContractID = "GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04"
    /// Seed 004 and PROVIDERS.md: the default `checkout_template`.
    public static let secuconnectCheckoutTemplate = "COT_WD0DE66HN2XWJHW8JM88003YG0NEA2"

    /// Seed 001, Create Checkout's `merchantKey`.
    public static let smartpayMerchantKey = "48c4e923-e88c-464b-a4e7-ccb2c6d3775e"
    /// Kassa's own: seed 001 shows no authentication key.
    public static let smartpayAuthenticationKey = "sandbox_smartpay_authentication_key"
    /// Kassa's own: seed 001 writes `<clientId>`.
    public static let smartpayClientID = "sandbox_smartpay_client_id"
    /// Kassa's own: seed 001 writes `<clientSecret>`.
    public static let smartpayClientSecret = "sandbox_smartpay_client_secret"

    /// Seed 000: the example `Authorization: Basic bXljbGllbnRpZDpteWNsaWVudHNlY3JldAo=`
    /// decodes to `myclientid:myclientsecret` (plus a stray newline the simulator should trim).
    public static let smartcreditClientID = "myclientid"
    /// Seed 000, see `smartcreditClientID`.
    public static let smartcreditClientSecret = "myclientsecret"
    /// Seed 000: the example request's `scope=fooscope+barscope`.
    public static let smartcreditScope = "fooscope barscope"
    /// Seed 000: "Use API /api/v1/customerApplications/_processAndRedirect".
    public static let smartcreditInitializePath = "/api/v1/customerApplications/_processAndRedirect"
    /// PROVIDERS.md C: the status lookup by `orderId`.
    public static let smartcreditSearchPath = "/api/v1/customerApplications/do-search"

    /// Seed 003: the notifications' `merchant_uid`.
    public static let pledgMerchantUID = "mer_e821ccca-7a16-45a7-8b00-0a6015e16123"
    /// Seed 003: "an example with the secret key as `SECRET`".
    public static let pledgSecret = "SECRET"
    /// Kassa's own: seed 003 only says "use the credentials provided by Pledg".
    public static let pledgAPIKey = "sandbox_pledg_api_key"
    /// Kassa's own, see `pledgAPIKey`.
    public static let pledgAPISecret = "sandbox_pledg_api_secret"

    /// Where a provider's simulator is served: `{public_base_url}/sandbox/{provider}`.
    public static func simulatorURL(publicBaseURL: String, provider: String) -> String {
        "\(publicBaseURL)/sandbox/\(provider)"
    }

    /// Kassa's own: the Basic user of SmartPay's webhooks in sandbox mode (PROVIDERS.md B:
    /// the credentials are agreed with JPMMPS, no value is published).
    public static let smartpayWebhookUsername = "sandbox_smartpay_webhook"
    /// Kassa's own, see `smartpayWebhookUsername`.
    public static let smartpayWebhookPassword = "sandbox_smartpay_webhook_password"
    // Issue 15: one sandbox account per Pledg payment type, all with seed 003's `SECRET`; the
    // split account is the seed's, the others Kassa's own (Pledg gives distinct uids per type).
    /// The installment account's uid.
    public static let pledgInstallmentMerchantUID = "mer_1b7d5a0e-3c2f-4e8a-9d61-5f0a2c4b7e01"
    /// The deferred account's uid.
    public static let pledgDeferredMerchantUID = "mer_2c8e6b1f-4d30-4f9b-8e72-6a1b3d5c8f02"
    /// The down payment account's uid.
    public static let pledgDownPaymentMerchantUID = "mer_3d9f7c20-5e41-4a0c-9f83-7b2c4e6d9a03"
    /// The redirection account's uid.
    public static let pledgRedirectionMerchantUID = "mer_4e0a8d31-6f52-4b1d-8a94-8c3d5f7e0b04"
}

extension SandboxDefaults {
    /// PROVIDERS.md C: `GET /api/v1/customerApplications/{applicationId}`.
    public static let smartcreditStatusPath = "/api/v1/customerApplications/{applicationId}"
}
