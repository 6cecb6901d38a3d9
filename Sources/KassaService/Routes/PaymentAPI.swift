import FoundationEssentials
import HTTP
import JSON
import Payments

/// The payment routes: each handler reads the request, calls the `CheckoutService`, and
/// writes the answer. One instance per service; handlers are its methods
/// (`PaymentAPI+Checkouts.swift`, `+Operations`, `+Queries`, `+Return`, `+Webhooks`).
final class PaymentAPI: Sendable {
    /// What Kassa does with checkouts; the handlers only translate HTTP to and from it.
    let service: CheckoutService
    let maxAmount: Int64
    /// The notification intake's bounds and re-read gate.
    let webhooks: WebhookIntake

    var store: any PaymentStore { service.store }
    var providers: [ProviderID: any PaymentProvider] { service.providers }
    var metrics: Metrics { service.metrics }
    var logger: Logger { service.logger }
    var publicBaseURL: String { service.publicBaseURL }

    init(service: CheckoutService, maxAmount: Int64, webhooks: WebhookIntake = WebhookIntake()) {
        self.service = service
        self.maxAmount = maxAmount
        self.webhooks = webhooks
    }

    /// An API over a service built from these parts.
    convenience init(store: any PaymentStore, providers: [ProviderID: any PaymentProvider], publicBaseURL: String,
                     maxAmount: Int64, metrics: Metrics, logger: Logger, webhooks: WebhookIntake = WebhookIntake()) {
        self.init(service: CheckoutService(store: store, providers: providers, publicBaseURL: publicBaseURL,
                                           metrics: metrics, logger: logger),
                  maxAmount: maxAmount, webhooks: webhooks)
    }

    /// Runs a handler body; an `APIProblem` becomes its response, a service or store error its
    /// problem, anything else a 500 without detail.
    func answering(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let problem as APIProblem {
            return problem.response
        } catch let error as CheckoutServiceError {
            return Self.problem(for: error).response
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

    /// The problem for a service error.
    static func problem(for error: CheckoutServiceError) -> APIProblem {
        switch error {
        case .checkoutNotFound(let id): return .notFound("no checkout \(id)")
        case .providerNotConfigured(let provider):
            return APIProblem(status: 422, code: "provider_not_configured", detail: "provider \(provider) is not enabled")
        case .provider(let failure, let checkout): return problem(for: failure, checkout: checkout)
        case .creationFailed(let failure, let checkout):
            var problem = problem(for: failure, checkout: checkout)
            problem.extensions.append(("checkout_status", .string(checkout.status.rawValue)))
            return problem
        case .unsupported(_, let hint): return APIProblem(status: 422, code: "operation_not_supported", detail: hint)
        case .invalidStatus(let operation, let status):
            return APIProblem(status: 409, code: "invalid_status", detail: "cannot \(operation) a checkout in status \(status)",
                              extensions: [("checkout_status", .string(status.rawValue))])
        case .invalidRequest(let errors):
            return .validation(errors.map { JSONFieldError(path: fieldPath($0.field), message: $0.message) })
        }
    }

    /// The checkout named by the path's `{id}`, or 404.
    func checkout(_ request: Request) async throws -> Checkout {
        try await service.checkout(CheckoutID(request.parameters["id"] ?? ""))
    }

    /// See `CheckoutService.synchronize(_:source:)` (the return and webhook routes use it).
    func synchronize(_ checkout: Checkout, source: CheckoutEvent.Source) async throws -> Checkout {
        try await service.synchronize(checkout, source: source)
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
