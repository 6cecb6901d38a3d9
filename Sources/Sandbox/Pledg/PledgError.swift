import HTTP
import JSON

/// An error the simulated Pledg answers. Seed 003 ("Errors handling") documents one shape,
/// `{type, message}`, and the `type` values of the plugin; the back office's error bodies are
/// not documented, so the simulator answers the same shape there, with the HTTP status and
/// the `authentication_error` / `not_found` / `conflict` types as its own choice.
struct PledgError: Error, Equatable {
    private enum Kind: Equatable {
        /// Seed 003: "Your settings are malformed".
        case invalidRequest
        /// Seed 003: "The customer is not eligible to this type of payment".
        case notEligible
        /// Seed 003: "The PSP of Pledg failed".
        case paymentRefused
        /// Seed 003: "The PSP of the merchant failed (back mode only)".
        case badGateway
        /// Back office: missing or wrong credentials.
        case unauthorized
        case notFound
        /// The operation is not possible in the purchase's state.
        case conflict
        case tooManyHeldRequests
        /// The `status=<5xx>` fault, as seed 003's `internal_error`.
        case injected(Int)
    }

    private let kind: Kind
    /// Why, for the developer and the error page.
    let message: String

    private init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    static func invalidRequest(_ message: String) -> PledgError { .init(kind: .invalidRequest, message: message) }
    static func notEligible(_ message: String) -> PledgError { .init(kind: .notEligible, message: message) }
    static func unauthorized(_ message: String) -> PledgError { .init(kind: .unauthorized, message: message) }
    static func notFound(_ message: String) -> PledgError { .init(kind: .notFound, message: message) }
    static func conflict(_ message: String) -> PledgError { .init(kind: .conflict, message: message) }
    static let paymentRefused = PledgError(kind: .paymentRefused, message: "The payment was refused by Pledg's PSP")
    static let badGateway = PledgError(kind: .badGateway, message: "The PSP of the merchant refused the payment")
    static let invalidFault = PledgError.invalidRequest(
        "X-Sandbox-Fault: use latency=<ms>, status=<500-599>, timeout, duplicate-push, out-of-order-push")
    static let tooManyHeldRequests = PledgError(kind: .tooManyHeldRequests,
        message: "X-Sandbox-Fault: too many requests are held by latency or timeout faults; try again later")
    static func injected(_ status: Int) -> PledgError { .init(kind: .injected(status), message: "Injected fault: status \(status)") }

    /// The `type` field: seed 003's names where it has one.
    var type: String {
        switch kind {
        case .invalidRequest: "invalid_request_error"
        case .notEligible: "not_eligible"
        case .paymentRefused: "payment_refused"
        case .badGateway: "bad_gateway"
        case .unauthorized: "authentication_error"
        case .notFound: "not_found"
        case .conflict: "conflict"
        case .tooManyHeldRequests: "too_many_requests"
        case .injected: "internal_error"
        }
    }

    /// The HTTP status of an API answer.
    var httpStatus: Int {
        switch kind {
        case .invalidRequest, .notEligible, .paymentRefused: 400
        case .badGateway: 502
        case .unauthorized: 401
        case .notFound: 404
        case .conflict: 409
        case .tooManyHeldRequests: 429
        case .injected(let status): status
        }
    }

    /// The seed's error object.
    var object: JSONValue { .object(["type": .string(type), "message": .string(message)]) }

    /// The JSON answer.
    var response: Response { .json(httpStatus, object) }
}
