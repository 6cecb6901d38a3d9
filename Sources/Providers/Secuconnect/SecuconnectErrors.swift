import JSON
import Outbound
import Payments

extension SecuconnectProvider {
    /// A non-2xx answer as a `ProviderError`. The documented error body (PROVIDERS.md A,
    /// "Errors": `{"status":"error","error":…,"error_details":…,"error_user":…,"code":…,
    /// "supportId":…}`) becomes `rejected` with the provider's code and support id kept and
    /// `error_details` (or `error_user`) as the detail, cleaned of `secrets`; any other body is
    /// `invalidResponse` (the provider may have acted: the checkout becomes `needs_sync`).
    static func rejection(_ response: OutboundResponse, secrets: [String]) -> ProviderError {
        guard let body = try? JSONValue.parse(response.body), case .object = body,
              body["status"]?.stringValue == "error" else {
            return .invalidResponse("secuconnect answered HTTP \(response.status) without its error body")
        }
        let code = body["code"]?.numberValue?.literal ?? body["code"]?.stringValue
        let supportID = body["supportId"]?.stringValue
        let name = body["error"]?.stringValue
        let text = body["error_details"]?.stringValue ?? body["error_user"]?.stringValue ?? name ?? "error"
        var detail = "secuconnect: " + sanitized(text, secrets: secrets)
        if let name, name != text { detail += " (\(sanitized(name, secrets: secrets)))" }
        return .rejected(detail, httpStatus: response.status, providerCode: code.map { sanitized($0, secrets: secrets) },
                         supportID: supportID.map { sanitized($0, secrets: secrets) })
    }

    /// A failure to get an answer at all (`TransportErrors`, shared by every adapter).
    static func transportError(_ error: any Error) -> ProviderError {
        TransportErrors.providerError(error, provider: "secuconnect",
                                      credentialFields: "providers.secuconnect client_id and client_secret")
    }

    /// Secuconnect's 403 with code 2003 ("Valid auth token required") is its answer to an
    /// expired token (PROVIDERS.md A); a 401 is the RFC 6750 answer. Either drops the token.
    static func isTokenRejected(_ response: OutboundResponse) -> Bool {
        if response.status == 401 { return true }
        guard response.status == 403, let body = try? JSONValue.parse(response.body) else { return false }
        return body["code"]?.int64Value == 2003 || body["code"]?.stringValue == "2003"
    }

    /// `ProviderMessages.sanitized` (shared by every adapter).
    static func sanitized(_ text: String, secrets: [String]) -> String {
        ProviderMessages.sanitized(text, secrets: secrets)
    }
}
