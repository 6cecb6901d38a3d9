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
}
