import HTTP
import JSON

/// An error the simulated SmartCredit answers, in the documented shapes (PROVIDERS.md C,
/// "Errors (1.1.0)", and the 1.1.0 spec's error list):
/// - 400 and 401 from the API: `{"detail": [{"error": …, "message": …}]}`;
/// - 403 and 404: `{"errorCode": 403|404, "message": …}`;
/// - SG Connect's token endpoint: RFC 6749 §5.2 `{"error": …, "error_description": …}`;
/// - an injected 5xx or a refused fault header: the 400 shape, which is the simulator's choice.
struct SmartCreditError: Error, Equatable {
    private enum Kind: Equatable {
        case detail(status: Int, error: String)
        case errorCode(Int)
        case oauth(status: Int, error: String)
    }

    private let kind: Kind
    /// The human readable `message` (or `error_description`).
    let message: String

    private init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// 400 `invalid_input_data`: the spec's text "Field [Field name] is not a valid [format]".
    static func invalidInput(_ field: String, _ format: String) -> SmartCreditError {
        .init(.detail(status: 400, error: "invalid_input_data"), "Field \(field) is not a valid \(format)")
    }

    /// 400 `invalid_payment_mean`: "Payment Mean: 'xxxx' not found".
    static func invalidPaymentMean(_ value: String) -> SmartCreditError {
        .init(.detail(status: 400, error: "invalid_payment_mean"), "Payment Mean: '\(value)' not found")
    }

    /// 400 `invalid_orderId`: "Order Id: xxxx already exist".
    static func duplicateOrderID(_ orderID: String) -> SmartCreditError {
        .init(.detail(status: 400, error: "invalid_orderId"), "Order Id: \(orderID) already exist")
    }

    /// 400 `invalid_query`: "Wrong query parameters".
    static let invalidQuery = SmartCreditError(.detail(status: 400, error: "invalid_query"), "Wrong query parameters")

    /// 400 `invalid_query`: a portal action not possible in the application's status (the
    /// portal is the simulator's own; its errors take the API's shape).
    static func portalRefused(_ message: String) -> SmartCreditError {
        .init(.detail(status: 400, error: "invalid_query"), message)
    }

    /// 401 `invalid_token`: missing, unknown or expired (the spec's example message).
    static let invalidToken = SmartCreditError(.detail(status: 401, error: "invalid_token"), "API key is missing, invalid or expired.")

    /// 403: the token lacks the scope the API requires (the spec's example message).
    static let accessDenied = SmartCreditError(.errorCode(403), "The server understood the request but refuses to authorize it")

    /// 404: no such application (the spec's example message).
    static let notFound = SmartCreditError(.errorCode(404), "Resource was not found.")

    /// SG Connect 401 `invalid_client`: no Basic credentials, or not this client's (seed 000:
    /// "401 Unauthorized – Bad credentials").
    static func invalidClient(_ description: String) -> SmartCreditError {
        .init(.oauth(status: 401, error: "invalid_client"), description)
    }

    /// SG Connect 400 `invalid_request`: a required parameter is missing.
    static func invalidRequest(_ description: String) -> SmartCreditError {
        .init(.oauth(status: 400, error: "invalid_request"), description)
    }

    /// SG Connect 400 `unsupported_grant_type`: only the client credentials flow is served.
    static let unsupportedGrantType = SmartCreditError(.oauth(status: 400, error: "unsupported_grant_type"),
                                                       "grant_type must be client_credentials")

    /// SG Connect 400 `invalid_scope`: none of the asked scopes is authorized for the client.
    static func invalidScope(_ description: String) -> SmartCreditError {
        .init(.oauth(status: 400, error: "invalid_scope"), description)
    }

    /// The `X-Sandbox-Fault` header is not understood.
    static let invalidFault = SmartCreditError(.detail(status: 400, error: "invalid_query"),
        "X-Sandbox-Fault: use latency=<ms>, status=<500-599>, timeout")

    /// A `latency` or `timeout` fault while `maxHeldRequests` requests are held already.
    static let tooManyHeldRequests = SmartCreditError(.detail(status: 429, error: "too_many_requests"),
        "X-Sandbox-Fault: too many requests are held by latency or timeout faults; try again later")

    /// The `status=<5xx>` fault.
    static func injected(_ status: Int) -> SmartCreditError {
        .init(.detail(status: status, error: "internal_error"), "Injected fault: status \(status)")
    }

    /// The HTTP status.
    var httpStatus: Int {
        switch kind {
        case .detail(let status, _), .oauth(let status, _): status
        case .errorCode(let code): code
        }
    }

    /// The programmatic code (`invalid_orderId`, `invalid_client`, …) or the number as text.
    var code: String {
        switch kind {
        case .detail(_, let error), .oauth(_, let error): error
        case .errorCode(let code): String(code)
        }
    }

    /// The response in the documented shape.
    var response: Response {
        switch kind {
        case .detail(let status, let error):
            let item: JSONObject = ["error": .string(error), "message": .string(message)]
            return .json(status, .object(["detail": .array([.object(item)])]))
        case .errorCode(let code):
            return .json(code, .object(["errorCode": .number(JSONNumber(code)), "message": .string(message)]))
        case .oauth(let status, let error):
            // RFC 6749 §5.2: 401 for a failed client authentication with a challenge.
            var headers: HTTPHeaders = ["Cache-Control": "no-store"]
            if status == 401 { headers.add(name: "WWW-Authenticate", value: "Basic realm=\"sgconnect\"") }
            return .json(status, .object(["error": .string(error), "error_description": .string(message)]), headers: headers)
        }
    }
}
