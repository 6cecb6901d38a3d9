import FoundationEssentials
import HTTP
import JSON
import Payments

extension PaymentAPI {
    /// The inbox header that carries the checkout id from the push URL's query.
    static let checkoutHeader = "x-kassa-checkout"
    /// Longer `checkout` values cannot be Kassa's ids and are not kept.
    static let maxCheckoutParameterLength = 64

    /// `POST /v1/webhooks/{provider}?checkout=chk_…` for providers whose notifications are
    /// unsigned (secuconnect): the body is only a hint. It is stored in the inbox first (so a
    /// 200 is never lost, even on `kill -9`), answered 200, and then the checkout named in the
    /// URL Kassa gave the provider is re-read from the provider's API and updated.
    ///
    /// Anyone can post here, so the intake is bounded (issue 12): only the first
    /// `webhooks.max_stored_body_bytes` of the body are stored, with its size and SHA-256;
    /// every `pruneEvery` posts a bounded prune keeps the unverifiable rows within
    /// `webhooks.max_unverified_rows` and `webhooks.unverified_retention_hours`; and the
    /// re-read goes through the `ResyncGate`.
    func receiveUnsignedWebhook(_ request: Request) async -> Response {
        let providerName = request.parameters["provider"] ?? ""
        let provider = ProviderID(providerName)
        guard providers[provider] != nil else { return APIProblem.notFound("no webhook for provider \(providerName)").response }
        var headers: [String: String] = [:]
        if let type = request.headers["Content-Type"] { headers["content-type"] = String(type.prefix(128)) }
        if let checkout = request.query("checkout"), checkout.utf8.count <= Self.maxCheckoutParameterLength {
            headers[Self.checkoutHeader] = checkout
        }
        let inboxID: Int64
        do {
            inboxID = try await store.insertWebhook(provider: provider, body: request.body, headers: headers, verification: .unsigned,
                                                    bodyLimit: webhooks.limits.maxStoredBodyBytes)
        } catch {
            return APIProblem.storageUnavailable.response
        }
        if webhooks.noteStored() { Task.detached { [self] in await pruneUnverifiedWebhooks() } }
        Task.detached { [self] in await processWebhook(inboxID, checkoutID: headers[Self.checkoutHeader]) }
        return .json(200, ["received": true])
    }

    /// Re-reads the checkout a stored notification points at and applies the provider's
    /// answer, unless the gate says another re-read covers it.
    func processWebhook(_ inboxID: Int64, checkoutID: String?) async {
        var result: String
        do {
            if let checkoutID, let checkout = try await store.checkout(id: CheckoutID(checkoutID)) {
                result = try await resynchronize(checkout)
            } else {
                result = "ignored: no checkout named in the notification URL"
            }
        } catch let problem as APIProblem {
            result = "error: \(problem.code)"
        } catch let error as CheckoutServiceError {
            result = "error: \(Self.problem(for: error).code)"
        } catch {
            result = "error: \(error)"
        }
        do { try await store.markWebhookProcessed(inboxID, result: result) } catch {
            logger.log(.error, "webhook not marked processed", [("inbox_id", .number(JSONNumber(inboxID)))])
        }
        logger.log(.info, "webhook processed", [("inbox_id", .number(JSONNumber(inboxID))), ("result", .string(result))])
    }

    /// The re-read a hint asks for, through the gate; answers the inbox row's result.
    private func resynchronize(_ checkout: Checkout) async throws -> String {
        let key = checkout.id.rawValue
        switch webhooks.beginResync(key) {
        case .proceed:
            defer { webhooks.finishResync(key) }
            let updated = try await synchronize(checkout, source: .webhook)
            return "synchronized: \(updated.status)"
        case .skipInFlight:
            return "skipped: a re-read of the checkout is in flight"
        case .skipRecent:
            return "skipped: the checkout was re-read less than \(Int(webhooks.limits.resyncInterval)) s ago"
        case .skipFull:
            return "skipped: too many checkouts being re-read"
        }
    }

    /// One bounded prune of unverifiable notifications (count and age).
    func pruneUnverifiedWebhooks() async {
        let limits = webhooks.limits
        do {
            let pruned = try await store.pruneUnverifiedWebhooks(receivedBefore: webhooks.retentionCutoff,
                                                                 keepingAtMost: limits.maxUnverifiedRows, batch: limits.pruneBatch)
            if pruned > 0 { logger.log(.debug, "webhooks pruned", [("rows", .number(JSONNumber(pruned)))]) }
        } catch {
            logger.log(.warning, "webhook prune failed", [("error", .string(String(describing: error)))])
        }
    }

    /// Processes notifications stored but not processed before a restart, after a prune.
    /// Only those received before `startedAt` (taken before the server accepted anything):
    /// a notification received since has its own processing task, and would otherwise be
    /// processed twice.
    func processPendingWebhooks(receivedBefore startedAt: Date) async {
        await pruneUnverifiedWebhooks()
        guard let items = try? await store.unprocessedWebhooks(limit: 1000) else { return }
        for item in items where item.receivedAt < startedAt {
            await processWebhook(item.id, checkoutID: item.headers[Self.checkoutHeader])
        }
    }
}
