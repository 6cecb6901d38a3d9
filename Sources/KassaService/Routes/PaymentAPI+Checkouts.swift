import FoundationEssentials
import HTTP
import JSON
import Payments

extension PaymentAPI {
    /// `POST /v1/checkouts`: validates, honours `Idempotency-Key`, stores the attempt, starts
    /// it at the provider (never retried), and answers 201 — or 202 with `needs_sync: true`
    /// when the provider call ended without an answer.
    func createCheckout(_ request: Request) async -> Response {
        await idempotent(request, path: "/v1/checkouts") { key in await answering { try await startCheckout(request, key: key) } }
    }

    private func startCheckout(_ request: Request, key: IdempotencyKey?) async throws -> Response {
        let document = try parseJSONBody(request)
        let parsed = try CheckoutRequest.parse(document, providers: Set(providers.keys.map(\.rawValue)), maxAmount: maxAmount)
        switch try await service.create(parsed, idempotencyKey: key) {
        case .started(let checkout): return Self.created(checkout)
        case .needsSync(let checkout): return Self.created(checkout)
        }
    }

    /// 201 with the attempt, or 202 while its outcome at the provider is unknown (`needs_sync`).
    static func created(_ checkout: Checkout) -> Response {
        .json(checkout.needsSync ? 202 : 201, Representation.checkout(checkout),
              headers: ["Location": "/v1/checkouts/\(checkout.id.rawValue)"])
    }
}
