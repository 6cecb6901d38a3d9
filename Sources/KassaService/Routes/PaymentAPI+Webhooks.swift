import FoundationEssentials
import HTTP
import JSON
import Payments

extension PaymentAPI {
    /// The inbox header that carries the checkout id from the push URL's query (rows stored
    /// before lookups were kept as `x-kassa-lookup`).
    static let checkoutHeader = "x-kassa-checkout"
    /// The inbox header that keeps the intake's lookup key (`NotificationLookup.storedForm`).
    static let lookupHeader = "x-kassa-lookup"
    /// The most query parameters handed to an intake, and their longest value.
    static let maxQueryParameters = 8
    static let maxQueryValueLength = 256

    /// `POST /v1/webhooks/{provider}`: the provider's `NotificationIntake` reads the request
    /// and says whether it is verified, an unsigned hint or rejected, what to store (masked:
    /// no card number, CVC or credential reaches the database or the logs), which checkout it
    /// is about and — only when verified — its status. What the intake returns is stored in
    /// the inbox first (so a 200 is never lost, even on `kill -9`), then answered: 401 for a
    /// rejected notification, 200 otherwise. A trusted status is applied; a hint re-reads the
    /// checkout from the provider's API.
    ///
    /// Anyone can post here, so the intake is bounded (issue 12): of a notification that is not
    /// verified only the first `webhooks.max_stored_body_bytes` are stored, with its size and
    /// SHA-256; every `pruneEvery` such posts a bounded prune keeps those rows within
    /// `webhooks.max_unverified_rows` and `webhooks.unverified_retention_hours`; and the
    /// re-read goes through the `ResyncGate`.
    func receiveWebhook(_ request: Request, intakes: [ProviderID: any NotificationIntake]) async -> Response {
        let providerName = request.parameters["provider"] ?? ""
        let provider = ProviderID(providerName)
        guard providers[provider] != nil, let intake = intakes[provider] else {
            return APIProblem.notFound("no webhook for provider \(providerName)").response
        }
        var query: [String: String] = [:]
        for item in request.queryItems.prefix(Self.maxQueryParameters) where query[item.name] == nil {
            query[item.name] = String(item.value.prefix(Self.maxQueryValueLength))
        }
        let result = intake.receive(ReceivedNotification(headers: request.headers.map { ($0.name, $0.value) },
                                                         query: query, body: request.body))
        var headers = result.headers
        headers[Self.lookupHeader] = result.lookup?.storedForm
        let inboxID: Int64
        do {
            inboxID = try await store.insertWebhook(provider: provider, body: result.body, headers: headers,
                                                    verification: result.verification.inboxVerification,
                                                    bodyLimit: webhooks.limits.maxStoredBodyBytes,
                                                    trustedStatus: result.trustedStatus, notice: result.notice)
        } catch {
            return APIProblem.storageUnavailable.response
        }
        if result.verification != .verified, webhooks.noteStored() {
            Task.detached { [self] in await pruneUnverifiedWebhooks() }
        }
        if case .rejected(let reason) = result.verification {
            // Kept for the operator, never acted upon; marked processed so no restart acts on it.
            try? await store.markWebhookProcessed(inboxID, result: "rejected: " + reason)
            logger.log(.warning, "webhook rejected", [("provider", .string(provider.rawValue)), ("reason", .string(reason))])
            // RFC 9110 §15.5.2: a 401 names how to authenticate; here the provider's own signature.
            var response = APIProblem(status: 401, code: "invalid_signature", detail: reason).response
            response.headers.replaceOrAdd(name: "WWW-Authenticate", value: #"Signature realm="\#(provider.rawValue)""#)
            return response
        }
        let lookup = result.lookup
        let status = result.trustedStatus
        let notice = result.notice
        Task.detached { [self] in
            await processWebhook(inboxID, provider: provider, lookup: lookup, trustedStatus: status, notice: notice)
        }
        return .json(200, ["received": true])
    }

    /// Finds the checkout a stored notification is about and applies its trusted status, records
    /// its notice (an informational notification: no re-read, no state change), or re-reads the
    /// checkout from the provider (unless the gate says another re-read covers it).
    func processWebhook(_ inboxID: Int64, provider: ProviderID, lookup: NotificationLookup?, trustedStatus: ProviderStatus?,
                        notice: ProviderNotice? = nil) async {
        var result: String
        do {
            if let lookup, let checkout = try await checkout(for: lookup, provider: provider) {
                if let notice {
                    let recorded = try await store.recordNotice(notice, for: checkout.id, source: .webhook)
                    result = recorded == nil ? "notice already recorded: \(notice.type)" : "notice recorded: \(notice.type)"
                } else if let trustedStatus,
                          let mismatch = trustedStatus.requiredData.first(where: { checkout.providerData[$0.key] != $0.value }) {
                    result = "ignored: the checkout's \(mismatch.key) does not match the notification's"
                } else if let trustedStatus {
                    let updated = try await service.applyRead(trustedStatus, to: checkout, source: .webhook)
                    result = "applied: \(updated.status)"
                } else {
                    result = try await resynchronize(checkout)
                }
            } else {
                result = lookup == nil ? "ignored: the notification names no checkout" : "ignored: no such checkout"
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

    /// The checkout a lookup key names, if Kassa has it.
    private func checkout(for lookup: NotificationLookup, provider: ProviderID) async throws -> Checkout? {
        switch lookup {
        case .checkoutID(let id):
            // Only a checkout of the provider that sent it: another provider's hint is not news.
            guard let found = try await store.checkout(id: id), found.provider == provider else { return nil }
            return found
        case .providerReference(let reference):
            return try await store.checkout(provider: provider, reference: reference)
        case .operationReference(let reference):
            // A notification about a refund (or capture) names the provider's id for it.
            guard let operation = try await store.operation(provider: provider, reference: reference) else { return nil }
            return try await store.checkout(id: operation.checkoutID)
        }
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
    /// processed twice. What was verified on receipt (the trusted status, a notice) is kept
    /// with the row and applied as it was; only an unsigned hint re-reads its checkout.
    func processPendingWebhooks(receivedBefore startedAt: Date) async {
        await pruneUnverifiedWebhooks()
        guard let items = try? await store.unprocessedWebhooks(limit: 1000) else { return }
        for item in items where item.receivedAt < startedAt {
            let lookup = item.headers[Self.lookupHeader].flatMap(NotificationLookup.init(storedForm:))
                ?? item.headers[Self.checkoutHeader].map { .checkoutID(CheckoutID($0)) }
            await processWebhook(item.id, provider: item.provider, lookup: lookup, trustedStatus: item.trustedStatus,
                                 notice: item.notice)
        }
    }
}

extension NotificationVerification {
    /// The inbox's column value.
    var inboxVerification: WebhookInboxItem.Verification {
        switch self {
        case .verified: .verified
        case .unsignedHint: .unsigned
        case .rejected: .rejected
        }
    }
}

extension NotificationLookup {
    /// `checkout:chk_…`, `reference:…`, `operation:…`: how the inbox keeps it.
    var storedForm: String {
        switch self {
        case .checkoutID(let id): "checkout:" + id.rawValue
        case .providerReference(let reference): "reference:" + reference
        case .operationReference(let reference): "operation:" + reference
        }
    }

    /// The lookup `storedForm` describes.
    init?(storedForm: String) {
        let parts = storedForm.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "checkout": self = .checkoutID(CheckoutID(parts[1]))
        case "reference": self = .providerReference(parts[1])
        case "operation": self = .operationReference(parts[1])
        default: return nil
        }
    }
}
