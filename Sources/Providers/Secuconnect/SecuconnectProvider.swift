import JSON
import Outbound
import Payments

/// secuconnect / secupay Smart Checkout (seeds 002 and 004, PROVIDERS.md A): an OAuth2 token
/// (JSON variant), a Smart Transaction per checkout, the buyer redirected to its payment
/// link, the status read back from the Smart Transaction and its Payment Transaction.
/// See docs/providers/secuconnect.md.
///
/// Creation is never retried; the only repeat is `AuthorizingClient`'s single one after a
/// refused token (403 with code 2003 here), which secuconnect did not act upon.
public final class SecuconnectProvider: PaymentProvider {
    /// `secuconnect`.
    public let id = ProviderID.secuconnect
    /// Capture (`/start`), cancel before capture, full and partial refunds.
    public let capabilities = ProviderCapabilities(canCapture: true, canCancel: true, canRefund: true, canRefundPartially: true,
                                                   methods: SecuconnectProvider.paymentMethods)

    // Secuconnect has no idempotency key for operations and no id per refund: the operation
    // id stays Kassa's, and a retried refund reads the payment first (see `refund`).
    /// The account.
    public let configuration: Configuration
    private let api: AuthorizingClient
    private let log: (@Sendable (String) -> Void)?

    /// An adapter for one account, calling through `client` (the service's `OutboundClient`).
    /// `log` receives one line per failed call; lines never hold a credential or a token.
    public init(configuration: Configuration, client: any OutboundSending, log: (@Sendable (String) -> Void)? = nil) {
        self.configuration = configuration
        self.log = log
        let endpoint = TokenEndpoint.secuconnect(baseURL: configuration.baseURL, clientID: configuration.clientID,
                                                 clientSecret: configuration.clientSecret, timeouts: configuration.timeouts)
        let tokens = TokenCache(endpoint: endpoint, client: client, retryDelays: configuration.tokenRetryDelays)
        api = AuthorizingClient(client: client, authorization: .oauth2(tokens, isTokenRejected: Self.isTokenRejected),
                                defaultTimeouts: configuration.timeouts)
    }

    /// The Smart Transaction body is built without sending it: whatever secuconnect could not
    /// take (an unknown method, a basket that does not add up) is named before anything is stored.
    public func validate(_ request: ProviderCheckoutRequest) -> [ProviderFieldError] {
        do {
            _ = try Self.makeSmartTransactionBody(request, configuration: configuration)
            return []
        } catch where error.isInvalidRequest {
            return [ProviderFieldError(field: error.field ?? "", message: error.detail)]
        } catch {
            return []
        }
    }

    /// `POST /api/v2/Smart/Transactions`, then the redirect to `payment_links.general` or
    /// `payment_links[method]`. The echoed `basket_info` must be the amount sent; a mismatch
    /// is `invalidResponse` (the buyer is never sent to pay another amount).
    public func createCheckout(_ request: ProviderCheckoutRequest) async throws(ProviderError) -> ProviderCheckout {
        let body = try Self.makeSmartTransactionBody(request, configuration: configuration)
        let transaction = try SmartTransactionResponse(body: try await call(.post, "/Smart/Transactions", body: body).body)
        let status = try transaction.unifiedStatus()
        let sent = request.order.amount
        guard transaction.sum == sent.minorUnits, transaction.currency == sent.currency.code else {
            let echoed = "\(transaction.sum.map(String.init) ?? "none") \(transaction.currency.map(SmartTransactionResponse.printable) ?? "none")"
            throw .invalidResponse("secuconnect echoed basket_info \(echoed) for \(transaction.id), not the \(sent.minorUnits) \(sent.currency.code) sent")
        }
        let linkName = request.method ?? "general"
        guard let link = transaction.paymentLinks[linkName], link.hasPrefix("https://") || link.hasPrefix("http://") else {
            throw .invalidResponse("secuconnect answered \(transaction.id) without payment_links.\(linkName)")
        }
        var data = transaction.data
        data["redirect_url"] = link
        return ProviderCheckout(providerReference: transaction.id, providerStatus: transaction.status, status: status,
                                nextAction: .redirect(url: link), data: data)
    }

    /// `GET /api/v2/Smart/Transactions/{STX}`, and, once there is a Payment Transaction, its
    /// `GET /api/v2/Payment/Transactions/{PCI}` to tell a void or a refund apart (the Smart
    /// Transaction stays `ok` after a refund). `amount` is `basket_info`.
    public func fetchStatus(of checkout: Checkout) async throws(ProviderError) -> ProviderStatus {
        let reference = try Self.smartTransactionID(of: checkout)
        let transaction = try SmartTransactionResponse(body: try await call(.get, "/Smart/Transactions/\(reference)").body)
        return try await status(of: transaction)
    }

    /// `POST /api/v2/Smart/Transactions/{STX}/start`: captures the whole authorised amount.
    public func capture(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        OperationResult(status: try await startCapture(checkout, amount: operation.amount))
    }

    private func startCapture(_ checkout: Checkout, amount: Money?) async throws(ProviderError) -> ProviderStatus {
        if let amount, amount != checkout.amount {
            throw .unsupported("secuconnect captures the whole authorised amount; lower it first with a partial refund (reduce_amount_by) of the difference, then capture")
        }
        let reference = try Self.smartTransactionID(of: checkout)
        let transaction = try SmartTransactionResponse(body: try await call(.post, "/Smart/Transactions/\(reference)/start").body)
        return try await status(of: transaction)
    }

    /// Before capture only. The Smart Transaction is read first, because secuconnect's
    /// "Cancel payment" after a capture is a full refund: `approved` → `POST …/{STX}/cancel`
    /// (voids the authorisation), `created` → `POST …/{STX}/abort` ("Abort order"), `failed` →
    /// nothing to do; anything captured or being captured → `unsupported` (refund instead).
    /// The answer's `failed` is `canceled` here, as it is the result of this cancel.
    public func cancel(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        OperationResult(status: try await voidOrAbort(checkout))
    }

    private func voidOrAbort(_ checkout: Checkout) async throws(ProviderError) -> ProviderStatus {
        let reference = try Self.smartTransactionID(of: checkout)
        let current = try SmartTransactionResponse(body: try await call(.get, "/Smart/Transactions/\(reference)").body)
        let operation: String
        switch current.status {
        case "approved": operation = "cancel"
        case "created": operation = "abort"
        case "failed": return try await status(of: current)
        default:
            throw .unsupported("secuconnect has \(reference) in status \(SmartTransactionResponse.printable(current.status)): it is captured or being captured; refund it instead")
        }
        let transaction = try SmartTransactionResponse(body: try await call(.post, "/Smart/Transactions/\(reference)/\(operation)").body)
        var status = try await status(of: transaction)
        if status.status == .failed { status.status = .canceled }
        return status
    }

    /// `POST /api/v2/Payment/Transactions/{PCI}/cancel` with `reduce_amount_by` (left out for
    /// the rest) and `reason` (checked against the documented pattern first). Secuconnect takes
    /// no idempotency key, so a retry after an unknown outcome first reads the Payment
    /// Transaction: a refunded total above what Kassa recorded means the first call went
    /// through, and it is not sent again.
    public func refund(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        if operation.isRetry {
            let payment = try await paymentTransactionID(of: checkout)
            let answer = try PaymentTransactionResponse(body: try await call(.get, "/Payment/Transactions/\(payment)").body)
            if let refunded = answer.refundedAmount, refunded > checkout.refundedMinorUnits {
                return OperationResult(status: Self.refundStatus(answer, checkout: checkout, requested: refunded - checkout.refundedMinorUnits,
                                                                 paymentID: payment))
            }
        }
        return OperationResult(status: try await sendRefund(checkout, amount: operation.amount, reason: operation.reason))
    }

    private func sendRefund(_ checkout: Checkout, amount: Money?, reason: String?) async throws(ProviderError) -> ProviderStatus {
        if let reason, !Self.isValidReason(reason) {
            throw .invalidRequest("at most 100 characters of A-Z a-z 0-9 space . , + - : ? ( ) / '", field: "reason")
        }
        let remaining = checkout.amount.minorUnits - checkout.refundedMinorUnits
        if let amount {
            guard amount.currency == checkout.amount.currency else { throw .invalidRequest("must be in \(checkout.amount.currency.code)", field: "currency") }
            guard amount.minorUnits > 0, amount.minorUnits <= remaining else {
                throw .invalidRequest("must be between 1 and the \(remaining) not yet refunded", field: "amount")
            }
        }
        let payment = try await paymentTransactionID(of: checkout)
        var body = JSONObject()
        if let amount { body["reduce_amount_by"] = .number(JSONNumber(amount.minorUnits)) }
        if let reason { body["reason"] = .string(reason) }
        let answer = try PaymentTransactionResponse(body: try await call(.post, "/Payment/Transactions/\(payment)/cancel", body: .object(body)).body)
        return Self.refundStatus(answer, checkout: checkout, requested: amount?.minorUnits ?? remaining, paymentID: payment)
    }

    // MARK: Internals

    /// The Smart Transaction's status, refined by its Payment Transaction when there is one.
    private func status(of transaction: SmartTransactionResponse) async throws(ProviderError) -> ProviderStatus {
        var status = try transaction.unifiedStatus()
        var data = transaction.data
        var refunded: Money?
        if let payment = transaction.paymentTransactionID, Self.isPlainID(payment, prefix: "PCI_"),
           [.authorized, .paid, .failed].contains(status) {
            // Best effort: the Smart Transaction alone is already a true (if coarser) answer.
            do {
                let answer = try PaymentTransactionResponse(body: try await call(.get, "/Payment/Transactions/\(payment)").body)
                status = Self.refinedStatus(status, paymentStatusSimple: answer.statusSimple)
                data["payment_status_simple"] = answer.statusSimple.map(String.init)
                if let total = transaction.amount, let value = answer.refundedAmount, value > 0,
                   answer.currency == nil || answer.currency == total.currency.code, status == .paid || status == .refunded {
                    refunded = Money(minorUnits: value, currency: total.currency)
                    status = value >= total.minorUnits ? .refunded : .partiallyRefunded
                }
            } catch {
                log?("secuconnect: reading payment transaction \(payment) failed: \(error.shortDescription)")
            }
        }
        return ProviderStatus(providerStatus: transaction.status, status: status, amount: transaction.amount,
                              refundedAmount: refunded, data: data)
    }

    /// The status after a refund, from the cancel answer (`[payment transaction]`).
    private static func refundStatus(_ answer: PaymentTransactionResponse, checkout: Checkout, requested: Int64,
                                     paymentID: String) -> ProviderStatus {
        let currency = checkout.amount.currency
        let total = answer.refundedAmount ?? (checkout.refundedMinorUnits + requested)
        let status: Checkout.Status
        switch answer.statusSimple {
        case 2?: status = .authorized   // an authorisation lowered before capture
        case 5?: status = .canceled     // an authorisation voided before capture
        case 7?: status = .refunded
        default: status = total >= checkout.amount.minorUnits ? .refunded : .partiallyRefunded
        }
        let refunded = status == .refunded || status == .partiallyRefunded
            ? Money(minorUnits: status == .refunded ? checkout.amount.minorUnits : total, currency: currency) : nil
        var data = ["payment_transaction_id": paymentID]
        data["payment_status_simple"] = answer.statusSimple.map(String.init)
        return ProviderStatus(providerStatus: answer.statusSimple.map { "status_simple=\($0)" } ?? "refund_requested",
                              status: status, refundedAmount: refunded, data: data)
    }

    /// The `PCI_…` id kept from an earlier read, or read now from the Smart Transaction.
    private func paymentTransactionID(of checkout: Checkout) async throws(ProviderError) -> String {
        if let id = checkout.providerData["payment_transaction_id"], Self.isPlainID(id, prefix: "PCI_") { return id }
        let reference = try Self.smartTransactionID(of: checkout)
        let transaction = try SmartTransactionResponse(body: try await call(.get, "/Smart/Transactions/\(reference)").body)
        guard let id = transaction.paymentTransactionID, Self.isPlainID(id, prefix: "PCI_") else {
            throw .invalidRequest("the buyer has not paid yet: there is no payment transaction to refund", field: "checkout")
        }
        return id
    }

    private static func smartTransactionID(of checkout: Checkout) throws(ProviderError) -> String {
        guard let reference = checkout.providerReference, isPlainID(reference, prefix: "STX_") else {
            throw .invalidRequest("the checkout has no secuconnect Smart Transaction id", field: "provider_reference")
        }
        return reference
    }

    /// PROVIDERS.md A: `reason` matches `^[A-Za-z0-9 .,+\-:?()/']{0,100}$`.
    public static func isValidReason(_ reason: String) -> Bool {
        let punctuation = Set(" .,+-:?()/'".utf8)
        return reason.utf8.count <= 100 && reason.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || punctuation.contains(byte)
        }
    }

    /// One `/api/v2` call; a non-2xx answer is thrown as `rejected` or `invalidResponse`.
    private func call(_ method: OutboundRequest.Method, _ path: String, body: JSONValue? = nil) async throws(ProviderError) -> OutboundResponse {
        var headers: OutboundHeaders = ["Accept": "application/json"]
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        for field in configuration.extraHeaders { headers.replaceOrAdd(name: field.name, value: field.value) }
        let request = OutboundRequest(method: method, url: configuration.baseURL + "/api/v2" + path, headers: headers,
                                      body: body?.serialized() ?? [])
        let response: OutboundResponse
        do {
            response = try await api.send(request)
        } catch {
            let failure = Self.transportError(error)
            log?("secuconnect: \(method) /api/v2\(path) failed: \(failure.description)")
            throw failure
        }
        guard (200..<300).contains(response.status) else {
            let failure = Self.rejection(response, secrets: [configuration.clientSecret])
            log?("secuconnect: \(method) /api/v2\(path) answered \(response.status): \(failure.shortDescription) code \(failure.providerCode ?? "-") support id \(failure.supportID ?? "-")")
            throw failure
        }
        return response
    }
}
