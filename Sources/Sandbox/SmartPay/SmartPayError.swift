import FoundationEssentials
import HTTP
import JSON

/// An error the simulated SmartPay API answers. PROVIDERS.md B: "No HTTP error-body schema was
/// found", so the body is the simulator's own, kept small and stable:
/// `{"errorCode": "INVALID_REQUEST", "message": "…", "field": "payment.amount", "requestTime": "…"}`
/// (`field` only when one field is at fault). The OAuth endpoint answers RFC 6749 §5.2's
/// `{"error": "invalid_client"}` instead, as Cognito does.
struct SmartPayError: Error, Equatable {
    private enum Code: Equatable {
        case unauthorized, forbidden
        case oauthInvalidRequest, oauthUnsupportedGrantType, oauthInvalidClient
        case invalidRequest, unsupportedMediaType, notFound, duplicate, notAllowedNow, limitReached, invalidFault, tooManyHeldRequests
        case injected(Int)
    }

    private let code: Code
    /// Why, for the developer.
    let message: String
    /// The request field at fault (`payment.amount`), when there is one.
    let field: String?

    private init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    /// No or wrong `Authorization` (Basic or Bearer): 401.
    static let unauthorized = SmartPayError(.unauthorized, "Full authentication is required: Basic merchantKey:authenticationKey or a Bearer token")
    /// The body's `merchantKey` is not the authenticated merchant's: 403.
    static let foreignMerchant = SmartPayError(.forbidden, "merchantKey does not belong to the authenticated merchant", field: "merchantKey")
    /// The token request is not a form with the client credentials.
    static func oauthInvalidRequest(_ message: String) -> SmartPayError { .init(.oauthInvalidRequest, message) }
    /// `grant_type` is not `client_credentials`.
    static let oauthUnsupportedGrantType = SmartPayError(.oauthUnsupportedGrantType, "grant_type must be client_credentials")
    /// Wrong `client_id` or `client_secret`.
    static let oauthInvalidClient = SmartPayError(.oauthInvalidClient, "Client authentication failed")
    /// A request field is missing or invalid: 400 naming it.
    static func invalidField(_ field: String, _ message: String) -> SmartPayError { .init(.invalidRequest, "\(field) \(message)", field: field) }
    /// The body is not a JSON object.
    static let notJSON = SmartPayError(.invalidRequest, "The body must be a JSON object")
    /// A body that is not `Content-Type: application/json` (seed 001's requests all send it).
    static let unsupportedMediaType = SmartPayError(.unsupportedMediaType, "Content-Type must be application/json")
    /// No transaction with this id (for this merchant).
    static func notFound(_ message: String) -> SmartPayError { .init(.notFound, message) }
    /// `partnerReference` was used before (PROVIDERS.md B: "unique").
    static let duplicatePartnerReference = SmartPayError(.duplicate, "partnerReference was already used for another transaction", field: "partnerReference")
    /// The operation is not allowed in the transaction's status.
    static func notAllowedNow(_ message: String) -> SmartPayError { .init(.notAllowedNow, message) }
    /// A transaction holds `maxModificationsPerTransaction` modifications already.
    static let tooManyModifications = SmartPayError(.limitReached, "This transaction accepts no more modifications")
    /// The `X-Sandbox-Fault` header is not understood.
    static let invalidFault = SmartPayError(.invalidFault,
        "X-Sandbox-Fault: use latency=<ms>, status=<500-599>, timeout, duplicate-push, out-of-order-push")
    /// A `latency` or `timeout` fault while `maxHeldRequests` requests are held already.
    static let tooManyHeldRequests = SmartPayError(.tooManyHeldRequests,
        "X-Sandbox-Fault: too many requests are held by latency or timeout faults; try again later")
    /// The `status=<5xx>` fault.
    static func injected(_ status: Int) -> SmartPayError { .init(.injected(status), "Injected fault: status \(status)") }

    /// The HTTP status.
    var httpStatus: Int {
        switch code {
        case .unauthorized, .oauthInvalidClient: 401
        case .forbidden: 403
        case .oauthInvalidRequest, .oauthUnsupportedGrantType, .invalidRequest, .invalidFault: 400
        case .notFound: 404
        case .unsupportedMediaType: 415
        case .duplicate, .notAllowedNow: 409
        case .limitReached: 422
        case .tooManyHeldRequests: 429
        case .injected(let status): status
        }
    }

    /// The `errorCode` (the OAuth endpoint's `error`).
    var errorCode: String {
        switch code {
        case .unauthorized: "UNAUTHORIZED"
        case .forbidden: "FORBIDDEN"
        case .oauthInvalidRequest: "invalid_request"
        case .oauthUnsupportedGrantType: "unsupported_grant_type"
        case .oauthInvalidClient: "invalid_client"
        case .invalidRequest, .invalidFault: "INVALID_REQUEST"
        case .notFound: "NOT_FOUND"
        case .unsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE"
        case .duplicate: "DUPLICATE"
        case .notAllowedNow: "INVALID_STATE"
        case .limitReached: "LIMIT_REACHED"
        case .tooManyHeldRequests: "TOO_MANY_REQUESTS"
        case .injected: "INTERNAL_ERROR"
        }
    }

    /// The response at `now`.
    func response(now: Date) -> Response {
        switch code {
        case .oauthInvalidRequest, .oauthUnsupportedGrantType, .oauthInvalidClient:
            // RFC 6749 §5.2; §5.2 also asks for WWW-Authenticate with a 401 to client auth.
            let headers: HTTPHeaders = httpStatus == 401 ? ["WWW-Authenticate": "Basic realm=\"oauth2\""] : [:]
            return .json(httpStatus, .object(["error": .string(errorCode), "error_description": .string(message)]), headers: headers)
        default:
            var body: JSONObject = ["errorCode": .string(errorCode), "message": .string(message)]
            if let field { body["field"] = .string(field) }
            body["requestTime"] = .string(SmartPayFormat.timestamp(now))
            let headers: HTTPHeaders = code == .unauthorized ? ["WWW-Authenticate": "Basic realm=\"SmartPay\", Bearer"] : [:]
            return .json(httpStatus, .object(body), headers: headers)
        }
    }
}
