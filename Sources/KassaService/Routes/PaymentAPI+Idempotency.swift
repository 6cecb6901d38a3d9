import HTTP
import JSON
import Payments

extension PaymentAPI {
    /// Runs a POST under its `Idempotency-Key` (when sent): the same key and body answer the
    /// stored response again (`Idempotent-Replayed: true`); the same key with another body is
    /// 422 `idempotency_key_reused`; a request still running with it is 409. The key, scoped by
    /// the API key, is handed to `run` (an operation's id follows from it).
    ///
    /// A response that says the outcome is unknown is not kept when `keepsUnknownOutcome` is
    /// false (operations: a retry must reach the provider again, with the same operation id),
    /// nor is a 5xx of Kassa's own (502/504 are the provider's answer and are kept).
    func idempotent(_ request: Request, path: String, keepsUnknownOutcome: Bool = true,
                    _ run: (IdempotencyKey?) async -> Response) async -> Response {
        guard let value = request.headers["Idempotency-Key"] else { return await run(nil) }
        if let problem = ShopInput.idempotencyKeyProblem(value) {
            return APIProblem(status: 400, code: "invalid_idempotency_key", detail: "Idempotency-Key \(problem)",
                              fieldErrors: [JSONFieldError(path: [.key("Idempotency-Key")], message: problem)]).response
        }
        // The middleware let the request in, so the bearer token is a configured API key; its
        // digest scopes the key.
        let key = IdempotencyKey(value, apiKey: Self.bearerToken(request.headers["Authorization"]))
        let fingerprint = RequestFingerprint(method: "POST", path: path, body: request.body)
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
        case .resume(let id):
            // The request that claimed the key died with an earlier run after storing its
            // attempt (marked needs_sync at start-up): the attempt as it is now, never a 409.
            return await answering {
                guard let checkout = try await store.checkout(id: id) else { throw APIProblem.storageUnavailable }
                return Self.created(checkout)
            }
        case .conflict:
            return APIProblem(status: 422, code: "idempotency_key_reused",
                              detail: "this Idempotency-Key was used for a different request").response
        case .proceed:
            let response = await run(key)
            let isKassaFailure = response.status >= 500 && response.status != 502 && response.status != 504
            let isUnknownOutcome = response.status == 202 || response.status == 504
            do {
                if isKassaFailure || (isUnknownOutcome && !keepsUnknownOutcome) {
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
}
