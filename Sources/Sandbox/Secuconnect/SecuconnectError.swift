import HTTP
import JSON

/// An error the simulated secuconnect API answers, in the documented body shape
/// `{"status":"error","error":…,"error_details":…,"error_user":…,"code":…,"supportId":…}`
/// (PROVIDERS.md A, "Errors"). Only code 2003 and its texts are documented; the other names,
/// codes and statuses are the simulator's choice (docs/sandbox.md lists them).
struct SecuconnectError: Error, Equatable {
    private enum Code: Equatable {
        case tokenMissing, tokenRejected
        case oauthInvalidRequest, oauthUnsupportedGrantType, oauthInvalidClient
        case invalidField, notFound, notAllowedNow, invalidFault, tooManyHeldRequests
        case injected(Int)
    }

    private let code: Code
    /// Why, for the developer (`error_details`).
    let details: String

    private init(_ code: Code, _ details: String) {
        self.code = code
        self.details = details
    }

    /// No `Authorization: Bearer` header: 401.
    static let tokenMissing = SecuconnectError(.tokenMissing, "Valid auth token required")
    /// An unknown or expired token: the documented example, 403 with code 2003.
    static let tokenRejected = SecuconnectError(.tokenRejected, "Valid auth token required")
    /// The token request is not a JSON object with string fields.
    static func oauthInvalidRequest(_ details: String) -> SecuconnectError { .init(.oauthInvalidRequest, details) }
    /// `grant_type` is not `client_credentials`.
    static let oauthUnsupportedGrantType = SecuconnectError(.oauthUnsupportedGrantType, "The grant type is not supported; use client_credentials")
    /// Wrong `client_id` or `client_secret`.
    static let oauthInvalidClient = SecuconnectError(.oauthInvalidClient, "The client credentials are invalid")
    /// A request field is missing or invalid.
    static func invalidField(_ details: String) -> SecuconnectError { .init(.invalidField, details) }
    /// No object with this id.
    static func notFound(_ details: String) -> SecuconnectError { .init(.notFound, details) }
    /// The operation is not allowed in the object's status.
    static func notAllowedNow(_ details: String) -> SecuconnectError { .init(.notAllowedNow, details) }
    /// The `X-Sandbox-Fault` header is not understood.
    static let invalidFault = SecuconnectError(.invalidFault,
        "X-Sandbox-Fault: use latency=<ms>, status=<500-599>, timeout, duplicate-push, out-of-order-push")
    /// A `latency` or `timeout` fault while `maxHeldRequests` requests are held already.
    static let tooManyHeldRequests = SecuconnectError(.tooManyHeldRequests,
        "X-Sandbox-Fault: too many requests are held by latency or timeout faults; try again later")
    /// The `status=<5xx>` fault.
    static func injected(_ status: Int) -> SecuconnectError { .init(.injected(status), "Injected fault: status \(status)") }

    /// The HTTP status.
    var httpStatus: Int {
        switch code {
        case .tokenMissing: 401
        case .tokenRejected: 403
        case .oauthInvalidClient: 401
        case .oauthInvalidRequest, .oauthUnsupportedGrantType, .invalidField, .invalidFault: 400
        case .notFound: 404
        case .notAllowedNow: 409
        case .tooManyHeldRequests: 429
        case .injected(let status): status
        }
    }

    /// The `error` field: an exception name, or the RFC 6749 §5.2 error code on `/oauth/token`.
    var name: String {
        switch code {
        case .tokenMissing, .tokenRejected: "ProductNotAllowedException"
        case .oauthInvalidRequest: "invalid_request"
        case .oauthUnsupportedGrantType: "unsupported_grant_type"
        case .oauthInvalidClient: "invalid_client"
        case .invalidField, .invalidFault: "ProductBadRequestException"
        case .notFound: "ProductNotFoundException"
        case .notAllowedNow: "ProductNotAllowedException"
        case .injected: "ProductInternalException"
        case .tooManyHeldRequests: "ProductTooManyRequestsException"
        }
    }

    /// The numeric `code`: 2003 is documented; the rest are the simulator's.
    var number: Int {
        switch code {
        case .tokenMissing, .tokenRejected: 2003
        case .oauthInvalidRequest, .oauthUnsupportedGrantType, .oauthInvalidClient: 2001
        case .invalidField, .invalidFault: 1001
        case .notFound: 1002
        case .notAllowedNow: 1003
        case .tooManyHeldRequests: 1004
        case .injected: 1000
        }
    }

    /// The `error_user` text: for the buyer, so without details.
    var userMessage: String {
        switch code {
        case .tokenMissing, .tokenRejected, .oauthInvalidRequest, .oauthUnsupportedGrantType, .oauthInvalidClient:
            "Authentication failed"
        case .invalidField, .invalidFault: "The request is invalid"
        case .notFound: "Not found"
        case .notAllowedNow: "This action is not possible now"
        case .injected: "An internal error occurred"
        case .tooManyHeldRequests: "Too many requests, try again later"
        }
    }

    /// The response: the documented error body; OAuth errors add RFC 6749's `error_description`.
    var response: Response {
        var body: JSONObject = [
            "status": "error",
            "error": .string(name),
            "error_details": .string(details),
            "error_user": .string(userMessage),
            "code": .number(JSONNumber(number)),
            "supportId": .string(RandomIdentifier.make(32, from: RandomIdentifier.lowerAlphanumeric)),
        ]
        switch code {
        case .oauthInvalidRequest, .oauthUnsupportedGrantType, .oauthInvalidClient:
            body["error_description"] = .string(details)
        default: break
        }
        return .json(httpStatus, .object(body))
    }
}
