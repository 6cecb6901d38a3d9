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

    /// A failure to get an answer at all. An OAuth failure means the API call never left
    /// (`OAuthError.isOutcomeUnknown` is always false); rejected credentials are configuration.
    static func transportError(_ error: any Error) -> ProviderError {
        if let oauth = error as? OAuthError {
            return oauth.isConfigurationError
                ? .configuration("secuconnect refused the client credentials; check providers.secuconnect client_id and client_secret")
                : .notSent("secuconnect: no access token (\(oauth.shortDescription))")
        }
        if let outbound = error as? OutboundError {
            return outbound.isOutcomeUnknown
                ? .outcomeUnknown("secuconnect: sent, no answer (\(outbound.shortDescription))")
                : .notSent("secuconnect: not sent (\(outbound.shortDescription))")
        }
        if let failure = error as? any OutboundFailure, !failure.isOutcomeUnknown {
            return .notSent("secuconnect: not sent")
        }
        return .outcomeUnknown("secuconnect: the call failed")
    }

    /// Secuconnect's 403 with code 2003 ("Valid auth token required") is its answer to an
    /// expired token (PROVIDERS.md A); a 401 is the RFC 6750 answer. Either drops the token.
    static func isTokenRejected(_ response: OutboundResponse) -> Bool {
        if response.status == 401 { return true }
        guard response.status == 403, let body = try? JSONValue.parse(response.body) else { return false }
        return body["code"]?.int64Value == 2003 || body["code"]?.stringValue == "2003"
    }

    /// At most 300 characters, each secret replaced, digit runs of card-number length masked.
    static func sanitized(_ text: String, secrets: [String]) -> String {
        var text = String(text.prefix(300))
        for secret in secrets where secret.count >= 4 {
            text = text.replacing(secret, with: "[redacted]")
        }
        return maskingLongDigitRuns(text)
    }

    // A 13–19 digit run could be a card number: keep BIN and last four (DESIGN.md, Storage).
    private static func maskingLongDigitRuns(_ text: String) -> String {
        var output = ""
        var run = ""
        func flush() {
            if (13...19).contains(run.count) {
                output += run.prefix(6) + String(repeating: "*", count: run.count - 10) + run.suffix(4)
            } else {
                output += run
            }
            run = ""
        }
        for character in text {
            if character.isASCII, character.isNumber { run.append(character) } else { flush(); output.append(character) }
        }
        flush()
        return output
    }
}
