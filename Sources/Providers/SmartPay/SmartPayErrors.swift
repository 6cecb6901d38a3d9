import JSON
import Outbound
import Payments

extension SmartPayProvider {
    /// A non-2xx answer as a `ProviderError`. SmartPay documents no error body (PROVIDERS.md
    /// B), so its text is taken from the usual members when there are any, bounded and
    /// cleaned of the account's secrets: 401/403 are refused credentials (configuration), any
    /// other 4xx a refusal SmartPay did not act upon, a 5xx `invalidResponse` (it may have
    /// acted: the checkout becomes `needs_sync` rather than `failed`).
    static func rejection(_ response: OutboundResponse, configuration: Configuration) -> ProviderError {
        let body = try? JSONValue.parse(response.body)
        let text = ["message", "errorMessage", "error_description", "error", "detail", "title"]
            .lazy.compactMap { body?[$0]?.stringValue }.first
        let code = ["errorCode", "code"].lazy.compactMap { body?[$0]?.stringValue ?? body?[$0]?.numberValue?.literal }.first
        let detail = "smartpay: " + (text.map { ProviderMessages.sanitized($0, secrets: configuration.secrets) } ?? "HTTP \(response.status)")
        switch response.status {
        case 401, 403:
            return .configuration("smartpay refused the credentials (HTTP \(response.status)); check \(credentialFields(configuration))")
        case 400..<500:
            return .rejected(detail, httpStatus: response.status,
                             providerCode: code.map { ProviderMessages.sanitized(String($0.prefix(64)), secrets: configuration.secrets) })
        default:
            return .invalidResponse("smartpay answered HTTP \(response.status)")
        }
    }

    /// Where the account's credentials are configured, for error messages.
    static func credentialFields(_ configuration: Configuration) -> String {
        switch configuration.authentication {
        case .basic: "providers.smartpay merchant_key and authentication_key"
        case .oauth: "providers.smartpay client_id and client_secret"
        }
    }
}
