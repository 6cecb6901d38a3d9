import FoundationEssentials
import HTTP
import JSON
import Payments

extension PaymentAPI {
    /// `POST /v1/checkouts`: validates, honours `Idempotency-Key`, stores the attempt, starts
    /// it at the provider (never retried), and answers 201 — or 202 with `needs_sync: true`
    /// when the provider call ended without an answer.
    func createCheckout(_ request: Request) async -> Response {
        guard let value = request.headers["Idempotency-Key"] else {
            return await answering { try await startCheckout(request) }
        }
        if let problem = ShopInput.idempotencyKeyProblem(value) {
            return APIProblem(status: 400, code: "invalid_idempotency_key", detail: "Idempotency-Key \(problem)",
                              fieldErrors: [JSONFieldError(path: [.key("Idempotency-Key")], message: problem)]).response
        }
        // The middleware let the request in, so the bearer token is a configured API key; its
        // digest scopes the key.
        let key = IdempotencyKey(value, apiKey: Self.bearerToken(request.headers["Authorization"]))
        let fingerprint = RequestFingerprint(method: "POST", path: "/v1/checkouts", body: request.body)
        let decision: IdempotencyDecision
        do {
            decision = try await store.beginIdempotentRequest(key: key, fingerprint: fingerprint)
        } catch {
            return APIProblem.storageUnavailable.response
        }
        switch decision {
        case .replay(let stored):
            return Response(status: stored.status, headers: ["Content-Type": stored.contentType, "Idempotent-Replayed": "true"], body: stored.body)
        case .inProgress:
            return APIProblem(status: 409, code: "idempotency_request_in_progress",
                              detail: "a request with this Idempotency-Key is still running; retry later").response
        case .conflict:
            return APIProblem(status: 422, code: "idempotency_key_reused",
                              detail: "this Idempotency-Key was used for a different request").response
        case .proceed:
            let response = await answering { try await startCheckout(request) }
            do {
                if response.status >= 500 && response.status != 502 && response.status != 504 {
                    try await store.releaseIdempotentRequest(key: key)
                } else {
                    let type = response.headers["Content-Type"] ?? "application/json"
                    try await store.completeIdempotentRequest(key: key, response: StoredResponse(status: response.status, contentType: type, body: response.body))
                }
            } catch {
                logger.log(.error, "idempotency key not stored", [("error", .string(String(describing: error)))])
            }
            return response
        }
    }

    // The token of `Authorization: Bearer <token>` (the scheme is case-insensitive, RFC 9110
    // §11.1), or nothing.
    private static func bearerToken(_ header: String?) -> ArraySlice<UInt8> {
        guard let header, header.utf8.count > 7, header.prefix(7).lowercased() == "bearer " else { return [] }
        return Array(header.utf8).dropFirst(7)
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
