import HTTP
import JSON
import Payments

extension PaymentAPI {
    /// The inbox header that carries the checkout id from the push URL's query.
    static let checkoutHeader = "x-kassa-checkout"

    /// `POST /v1/webhooks/{provider}?checkout=chk_…` for providers whose notifications are
    /// unsigned (secuconnect): the body is only a hint. It is stored in the inbox first (so a
    /// 200 is never lost, even on `kill -9`), answered 200, and then the checkout named in the
    /// URL Kassa gave the provider is re-read from the provider's API and updated.
    func receiveUnsignedWebhook(_ request: Request) async -> Response {
        let providerName = request.parameters["provider"] ?? ""
        let provider = ProviderID(providerName)
        guard providers[provider] != nil else { return APIProblem.notFound("no webhook for provider \(providerName)").response }
        var headers: [String: String] = [:]
        if let type = request.headers["Content-Type"] { headers["content-type"] = type }
        if let checkout = request.query("checkout") { headers[Self.checkoutHeader] = checkout }
        let inboxID: Int64
        do {
            inboxID = try await store.insertWebhook(provider: provider, body: request.body, headers: headers, verification: .unsigned)
        } catch {
            return APIProblem.storageUnavailable.response
        }
        Task.detached { [self] in await processWebhook(inboxID, checkoutID: headers[Self.checkoutHeader]) }
        return .json(200, ["received": true])
    }

    /// Re-reads the checkout a stored notification points at and applies the provider's answer.
    func processWebhook(_ inboxID: Int64, checkoutID: String?) async {
        var result: String
        do {
            if let checkoutID, let checkout = try await store.checkout(id: CheckoutID(checkoutID)) {
                let updated = try await synchronize(checkout, source: .webhook)
                result = "synchronized: \(updated.status)"
            } else {
                result = "ignored: no checkout named in the notification URL"
            }
        } catch let problem as APIProblem {
            result = "error: \(problem.code)"
        } catch {
            result = "error: \(error)"
        }
        do { try await store.markWebhookProcessed(inboxID, result: result) } catch {
            logger.log(.error, "webhook not marked processed", [("inbox_id", .number(JSONNumber(inboxID)))])
        }
        logger.log(.info, "webhook processed", [("inbox_id", .number(JSONNumber(inboxID))), ("result", .string(result))])
    }

    /// Processes notifications stored but not processed before a restart.
    func processPendingWebhooks() async {
        guard let items = try? await store.unprocessedWebhooks(limit: 1000) else { return }
        for item in items { await processWebhook(item.id, checkoutID: item.headers[Self.checkoutHeader]) }
    }
}
