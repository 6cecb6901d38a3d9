import JSON
import Outbound
import Payments

extension SmartCreditProvider {
    /// A non-2xx answer as a `ProviderError` (PROVIDERS.md C, "Errors", spec 1.1.0):
    /// - 400/401 `{detail: [{error, message}]}`: `invalid_orderId` ("Order Id: … already exist")
    ///   is the duplicate order reference, a 422 on `order.reference`; `invalid_payment_mean` a
    ///   422 on `method`; the others (`invalid_input_data`, `invalid_query`, `invalid_token`)
    ///   are `rejected` with the code and message kept;
    /// - 403/404 `{errorCode, message}`: `rejected` with the code kept.
    /// Any other body is `invalidResponse` (the provider may have acted: `needs_sync`).
    static func rejection(_ response: OutboundResponse, orderID: String?, secrets: [String]) -> ProviderError {
        let body = try? JSONValue.parse(response.body)
        if let first = body?["detail"]?.arrayValue?.first, let code = first["error"]?.stringValue {
            let message = sanitized(first["message"]?.stringValue ?? code, secrets: secrets)
            let plainCode = sanitized(code, secrets: secrets)
            switch code {
            case "invalid_orderId" where response.status == 400:
                let reference = orderID.map { " \($0)" } ?? ""
                return .invalidRequest("SmartCredit already has an application for the order reference\(reference) (invalid_orderId: \(message)); "
                                       + "each order reference can start one SmartCredit application", field: "order.reference")
            case "invalid_payment_mean" where response.status == 400:
                return .invalidRequest("SmartCredit refused the payment mean (invalid_payment_mean: \(message))", field: "method")
            default:
                return .rejected("SmartCredit: \(message) (\(plainCode))", httpStatus: response.status, providerCode: plainCode)
            }
        }
        if let code = body?["errorCode"], let message = body?["message"]?.stringValue {
            let plainCode = code.numberValue?.literal ?? code.stringValue.map { sanitized($0, secrets: secrets) } ?? String(response.status)
            return .rejected("SmartCredit: \(sanitized(message, secrets: secrets))", httpStatus: response.status, providerCode: plainCode)
        }
        return .invalidResponse("SmartCredit answered HTTP \(response.status) without its error body")
    }

    /// A failure to get an answer at all (`TransportErrors`, shared by every adapter).
    static func transportError(_ error: any Error) -> ProviderError {
        TransportErrors.providerError(error, provider: "smartcredit",
                                      credentialFields: "providers.smartcredit client_id and client_secret (or the client certificate)")
    }

    /// A 401 is SmartCredit's answer to an expired or unknown token (`invalid_token`, spec
    /// 1.1.0): the token is dropped and the call repeated once.
    static func isTokenRejected(_ response: OutboundResponse) -> Bool { response.status == 401 }

    /// `ProviderMessages.sanitized` (shared by every adapter).
    static func sanitized(_ text: String, secrets: [String]) -> String {
        ProviderMessages.sanitized(text, secrets: secrets)
    }

    /// At most 64 plain characters of a provider value, for an error message.
    static func printable(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }.prefix(64).map(Character.init))
    }
}
