import FoundationEssentials
import JSON
import Payments

/// `GET /v1/checkouts?order_reference=&status=&provider=&created_after=&limit=&starting_after=`,
/// validated: each fault names its query parameter.
enum CheckoutListRequest {
    static let defaultLimit = 10
    static let maxLimit = 100

    /// The store query for the parameters `query` gives (`Request.query`).
    static func parse(_ query: (String) -> String?) throws(APIProblem) -> CheckoutListQuery {
        var errors: [JSONFieldError] = []
        func fault(_ name: String, _ message: String) { errors.append(JSONFieldError(path: [.key(name)], message: message)) }

        var result = CheckoutListQuery(limit: defaultLimit)
        if let text = query("limit") {
            if let limit = Int(text), (1...maxLimit).contains(limit) { result.limit = limit }
            else { fault("limit", "must be 1 to \(maxLimit)") }
        }
        if let reference = query("order_reference") {
            if reference.isEmpty || reference.utf8.count > 128 { fault("order_reference", "must be 1 to 128 characters") }
            else if let problem = ShopInput.textProblem(reference) { fault("order_reference", problem) }
            else { result.orderReference = reference }
        }
        if let status = query("status") {
            if let parsed = Checkout.Status(rawValue: status) { result.status = parsed }
            else { fault("status", "must be one of \(Checkout.Status.allCases.map(\.rawValue).joined(separator: ", "))") }
        }
        if let provider = query("provider") {
            // Any provider name, configured now or not: older checkouts may be of a provider
            // since disabled. The shape is bounded so that nothing odd reaches a query or a log.
            if isProviderName(provider) { result.provider = ProviderID(provider) }
            else { fault("provider", "must be a provider name such as secuconnect") }
        }
        if let text = query("created_after") {
            if let date = parseTimestamp(text) { result.createdAfter = date }
            else { fault("created_after", "must be an RFC 3339 timestamp such as 2026-11-23T20:13:28Z") }
        }
        if let cursor = query("starting_after") {
            if isCheckoutID(cursor) { result.startingAfter = CheckoutID(cursor) }
            else { fault("starting_after", "must be a checkout id (chk_…)") }
        }
        guard errors.isEmpty else { throw .validation(errors) }
        return result
    }

    private static func isProviderName(_ text: String) -> Bool {
        (1...32).contains(text.utf8.count)
            && text.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 }
    }

    private static func isCheckoutID(_ text: String) -> Bool {
        text.hasPrefix("chk_") && (5...64).contains(text.utf8.count)
            && text.utf8.dropFirst(4).allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }
    }

    // RFC 3339 with or without fractional seconds, any offset.
    private static func parseTimestamp(_ text: String) -> Date? {
        guard text.utf8.count <= 40 else { return nil }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
