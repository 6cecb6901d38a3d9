import FoundationEssentials
import HTTP
import JSON
import Payments

/// The payment routes' shared state and the steps they share: finding a checkout, asking its
/// provider, applying what the provider said. One instance per service; handlers are its
/// methods (`PaymentAPI+Checkouts.swift`, `+Operations`, `+Queries`, `+Return`, `+Webhooks`).
final class PaymentAPI: Sendable {
    let store: any PaymentStore
    let providers: [ProviderID: any PaymentProvider]
    /// Where providers and buyers reach Kassa, without a trailing slash.
    let publicBaseURL: String
    let maxAmount: Int64
    let metrics: Metrics
    let logger: Logger
    /// The notification intake's bounds and re-read gate.
    let webhooks: WebhookIntake

    init(store: any PaymentStore, providers: [ProviderID: any PaymentProvider], publicBaseURL: String,
         maxAmount: Int64, metrics: Metrics, logger: Logger, webhooks: WebhookIntake = WebhookIntake()) {
        self.store = store
        self.providers = providers
        self.publicBaseURL = publicBaseURL
        self.maxAmount = maxAmount
        self.metrics = metrics
        self.logger = logger
        self.webhooks = webhooks
    }

    /// Runs a handler body; an `APIProblem` becomes its response, a store error 404/409/503,
    /// anything else a 500 without detail.
    func answering(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let problem as APIProblem {
            return problem.response
        } catch let error as PaymentStoreError {
            return Self.problem(for: error).response
        } catch {
            logger.log(.error, "unexpected error", [("error", .string(String(describing: error)))])
            return APIProblem.internalError.response
        }
    }

    static func problem(for error: PaymentStoreError) -> APIProblem {
        switch error {
        case .checkoutNotFound: .notFound(error.detail)
        case .orderAlreadyPaid: APIProblem(status: 409, code: "order_already_paid", detail: error.detail)
        case .duplicateReference: APIProblem(status: 409, code: "conflict", detail: error.detail)
        default: .storageUnavailable
        }
    }

    /// The checkout named by the path's `{id}`, or 404.
    func checkout(_ request: Request) async throws -> Checkout {
        let id = CheckoutID(request.parameters["id"] ?? "")
        guard let checkout = try await store.checkout(id: id) else { throw APIProblem.notFound("no checkout \(id)") }
        return checkout
    }

    /// The checkout's provider, or 422 when it is no longer configured.
    func provider(of checkout: Checkout) throws(APIProblem) -> any PaymentProvider {
        guard let provider = providers[checkout.provider] else {
            throw APIProblem(status: 422, code: "provider_not_configured", detail: "provider \(checkout.provider) is not enabled")
        }
        return provider
    }

    /// Applies a provider's answer: keeps its ids, then runs the status through the state
    /// machine. Returns the checkout afterwards.
    @discardableResult
    /// Applies a provider's answer in one store write, recording `reference` and the answer's
    /// data (plus `extraData`) with it.
    func apply(_ status: ProviderStatus, to checkout: Checkout, source: CheckoutEvent.Source,
               attaching reference: String? = nil, extraData: [String: String] = [:]) async throws -> Checkout {
        let update = StatusUpdate(source: source, status: status.status, providerStatus: status.providerStatus,
                                  amount: status.amount, refundedAmount: status.refundedAmount)
        let data = status.data.merging(extraData) { a, _ in a }
        let outcome = try await store.apply(update, to: checkout.id, attaching: reference, data: data)
        if outcome.isApplied { metrics.recordCheckoutStatus(outcome.checkout.status.rawValue) }
        if case .integrityViolation(let problem) = outcome.disposition {
            logger.log(.error, "integrity violation", [("checkout_id", .string(checkout.id.rawValue)), ("detail", .string(problem.detail))])
        }
        return outcome.checkout
    }

    /// Asks the provider for the checkout's state and applies it (refresh, return, webhook).
    func synchronize(_ checkout: Checkout, source: CheckoutEvent.Source) async throws -> Checkout {
        let provider = try provider(of: checkout)
        let status: ProviderStatus
        do {
            status = try await provider.fetchStatus(of: checkout)
        } catch {
            throw Self.problem(for: error, checkout: checkout)
        }
        return try await apply(status, to: checkout, source: source)
    }

    /// Runs a follow-up operation (capture, cancel, refund): its answer is applied; a call
    /// that ended without an answer flags the checkout `needs_sync` and answers 202.
    func operate(_ checkout: Checkout, operation: String,
                 _ call: (any PaymentProvider) async throws(ProviderError) -> ProviderStatus) async throws -> Response {
        let provider = try provider(of: checkout)
        do {
            let status = try await call(provider)
            let updated = try await apply(status, to: checkout, source: .api)
            return .json(200, Representation.checkout(updated))
        } catch let error as ProviderError where error.isOutcomeUnknown {
            _ = try await store.markNeedsSync(checkout.id, source: .api, detail: "\(operation): \(error.description)")
            let updated = try await store.checkout(id: checkout.id) ?? checkout
            return .json(202, Representation.checkout(updated))
        } catch let error as ProviderError {
            throw Self.problem(for: error, checkout: checkout)
        }
    }

    /// The problem for a provider error: 422 for a request the provider cannot take, 502 when
    /// it refused or could not be reached, 504 when no answer came.
    static func problem(for error: ProviderError, checkout: Checkout?) -> APIProblem {
        var extensions: [(String, JSONValue)] = []
        if let checkout { extensions.append(("checkout_id", .string(checkout.id.rawValue))) }
        if let code = error.providerCode { extensions.append(("provider_code", .string(code))) }
        if let support = error.supportID { extensions.append(("support_id", .string(support))) }
        if let status = error.httpStatus { extensions.append(("provider_http_status", .number(JSONNumber(status)))) }
        if error.isInvalidRequest {
            return APIProblem(status: 422, code: "validation_error", detail: error.detail,
                              fieldErrors: [JSONFieldError(path: fieldPath(error.field ?? ""), message: error.detail)], extensions: extensions)
        }
        if error.isUnsupported {
            return APIProblem(status: 422, code: "operation_not_supported", detail: error.detail, extensions: extensions)
        }
        let status = error.isOutcomeUnknown ? 504 : 502
        return APIProblem(status: status, code: error.shortDescription, detail: error.detail, extensions: extensions)
    }

    /// A dotted field name (`customer.email`) as a path; indices stay inside their key.
    static func fieldPath(_ field: String) -> JSONPath {
        var components: [JSONPath.Component] = []
        for part in field.split(separator: ".") {
            let pieces = part.split(separator: "[")
            if let name = pieces.first, !part.hasPrefix("[") { components.append(.key(String(name))) }
            for index in pieces.dropFirst(part.hasPrefix("[") ? 0 : 1) {
                if let value = Int(index.dropLast()) { components.append(.index(value)) }
            }
        }
        return JSONPath(components)
    }
}
