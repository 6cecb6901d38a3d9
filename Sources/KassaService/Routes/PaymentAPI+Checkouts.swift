import FoundationEssentials
import HTTP
import JSON
import Payments

extension PaymentAPI {
    /// `POST /v1/checkouts`: validates, honours `Idempotency-Key`, stores the attempt, starts
    /// it at the provider (never retried), and answers 201 — or 202 with `needs_sync: true`
    /// when the provider call ended without an answer.
    func createCheckout(_ request: Request) async -> Response {
        await idempotent(request, path: "/v1/checkouts") { _ in await answering { try await startCheckout(request) } }
    }

    private func startCheckout(_ request: Request) async throws -> Response {
        let document = try parseJSONBody(request)
        let parsed = try CheckoutRequest.parse(document, providers: Set(providers.keys.map(\.rawValue)), maxAmount: maxAmount)
        switch try await service.create(parsed) {
        case .started(let checkout):
            return .json(201, Representation.checkout(checkout), headers: ["Location": "/v1/checkouts/\(checkout.id.rawValue)"])
        case .needsSync(let checkout):
            return .json(202, Representation.checkout(checkout), headers: ["Location": "/v1/checkouts/\(checkout.id.rawValue)"])
        }
    }
}
