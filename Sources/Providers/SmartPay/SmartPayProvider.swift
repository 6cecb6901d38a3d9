import Crypto
import JSON
import Outbound
import Payments
import Synchronization

/// J.P. Morgan Mobility Payments SmartPay (seed 001, PROVIDERS.md B): Create Checkout, the
/// buyer pays in SmartPay's widget (`next_action` `widget`), the status is read back with Get
/// Payment Status, and capture, cancel and refund are modification calls keyed by a
/// `modificationId` derived from Kassa's operation id. See docs/providers/smartpay.md.
///
/// Creation is never retried; the only repeat is `AuthorizingClient`'s single one after a
/// refused Bearer token, which SmartPay did not act upon.
public final class SmartPayProvider: PaymentProvider {
    /// How the adapter reports what an operator must see.
    public enum LogLevel: Sendable { case warning, error }
    /// Receives one line per event worth logging; never a credential or a token.
    public typealias Log = @Sendable (LogLevel, String) -> Void

    /// `smartpay`.
    public let id = ProviderID.smartpay
    /// Capture (full or partial), cancel before capture, full and partial refunds.
    public let capabilities = ProviderCapabilities(canCapture: true, canCancel: true, canRefund: true, canRefundPartially: true)
    /// Seed 001's pending rule: three re-reads within three minutes (45 s, 60 s, 60 s from the
    /// last change), then the reconciler's usual pace; a checkout not final after a day expires.
    public let pollSchedule = PollSchedule(intervals: [.seconds(45), .seconds(60), .seconds(60), .seconds(900), .seconds(1800)],
                                           deadline: .seconds(86_400))
    /// seed 001: `X-Access-Token` is a JWT of at most 512 characters.
    public static let maxAccessTokenLength = 512

    /// The account.
    public let configuration: Configuration
    /// Where the widget's `smp-bundle.js` is loaded from (the `sdk_url` of the next action).
    public let sdkURL: String
    private let api: AuthorizingClient
    private let log: Log?
    private let pending = Mutex(PendingWatch())
    private let unknownStatuses = Mutex(UnknownStatusLog())

    /// An adapter for one account, calling through `client` (the service's `OutboundClient`).
    /// `sdkURL` defaults to `{baseURL}/smp-bundle.js`.
    public init(configuration: Configuration, client: any OutboundSending, sdkURL: String? = nil, log: Log? = nil) {
        self.configuration = configuration
        self.sdkURL = sdkURL ?? configuration.baseURL + "/smp-bundle.js"
        self.log = log
        let authorization: AuthorizingClient.Authorization
        switch configuration.authentication {
        case .basic(let key):
            authorization = .basic(username: configuration.merchantKey, password: key)
        case .oauth(let url, let clientID, let secret):
            let endpoint = TokenEndpoint.smartpay(tokenURL: url, clientID: clientID, clientSecret: secret)
            authorization = .oauth2(TokenCache(endpoint: endpoint, client: client, retryDelays: configuration.tokenRetryDelays))
        }
        api = AuthorizingClient(client: client, authorization: authorization, defaultTimeouts: configuration.timeouts)
    }

    /// Every field SmartPay could not take, before anything is stored or sent.
    public func validate(_ request: ProviderCheckoutRequest) -> [ProviderFieldError] {
        Self.fieldErrors(request)
    }

    /// `POST {Base URL}/payment/creation`; the answer's `transactionId` (36-character GUID) is
    /// the provider reference and its `checkoutToken` goes to the widget.
    public func createCheckout(_ request: ProviderCheckoutRequest) async throws(ProviderError) -> ProviderCheckout {
        let body = try Self.makeCreateCheckoutBody(request, merchantKey: configuration.merchantKey)
        let response = try await call(.post, "/payment/creation", body: body, locale: request.locale)
        guard let answer = try? JSONValue.parse(response.body), answer.objectValue != nil else {
            throw .invalidResponse("smartpay answered Create Checkout without a JSON object")
        }
        guard let transaction = answer["transactionId"]?.stringValue, Self.isTransactionID(transaction),
              let token = answer["checkoutToken"]?.stringValue, Self.isCheckoutToken(token) else {
            throw .invalidResponse("smartpay answered Create Checkout without a transactionId and checkoutToken")
        }
        let paymentStatus = answer["paymentStatus"]?.stringValue.flatMap(PaymentStatusResponse.plain) ?? "CREATED"
        let status = unifiedStatus(paymentStatus, transaction: transaction)
        var data = ["transaction_id": transaction, "checkout_token": token, "payment_status": paymentStatus]
        data["request_time"] = answer["requestTime"]?.stringValue.flatMap(PaymentStatusResponse.plain)
        let action = NextAction(type: "widget", fields: ["transaction_id": .string(transaction), "checkout_token": .string(token),
                                                         "sdk_url": .string(sdkURL)])
        return ProviderCheckout(providerReference: transaction, providerStatus: paymentStatus, status: status, nextAction: action, data: data)
    }

    /// `GET {Base URL}/payment/status/{transactionId}`, with seed 001's pending rule counted.
    public func fetchStatus(of checkout: Checkout) async throws(ProviderError) -> ProviderStatus {
        let transaction = try Self.transactionID(of: checkout)
        let response = try await call(.get, "/payment/status/\(transaction)", body: nil, locale: nil)
        let answer = try PaymentStatusResponse(body: response.body, currency: checkout.amount.currency)
        let verdict = pending.withLock {
            $0.observe(transaction: transaction, status: answer.paymentStatus, isPending: Self.pendingStatuses.contains(answer.paymentStatus))
        }
        if case .stillPending(let retries) = verdict {
            // Seed 001: "log an error if the status is not changed"; the reconciler keeps polling.
            log?(.error, "smartpay: transaction \(transaction) of checkout \(checkout.id) still \(answer.paymentStatus) after \(retries) re-reads; left to the reconciler")
        }
        return status(of: answer, checkout: checkout)
    }

    /// `POST /payment/capture`; `modifiedAmount` only for a partial capture.
    public func capture(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        let amount = operation.amount.flatMap { $0 == checkout.amount ? nil : $0 }
        let answer = try await modify("/payment/capture", checkout, operation, amount: amount)
        let status = status(of: answer, checkout: checkout)
        return OperationResult(status: status, providerReference: Self.modificationID(operation.id),
                               isPending: answer.paymentStatus == "CAPTURE_PENDING")
    }

    /// `POST /payment/cancel` for an authorisation Kassa knows; `POST /payment/cancelOrRefund`
    /// when the state is not known (the checkout is `needs_sync`, or the buyer may still be in
    /// the widget), which SmartPay turns into a cancel or a full refund as the payment stands.
    public func cancel(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        let path = checkout.status == .authorized && !checkout.needsSync ? "/payment/cancel" : "/payment/cancelOrRefund"
        let answer = try await modify(path, checkout, operation, amount: nil)
        return OperationResult(status: status(of: answer, checkout: checkout), providerReference: Self.modificationID(operation.id))
    }

    /// `POST /payment/refund`; `modifiedAmount` only for a partial refund. SmartPay's answer
    /// keeps `paymentStatus` `CAPTURED` (PROVIDERS.md B); the refund shows in `modifications[]`,
    /// and at least the amount just accepted counts as refunded.
    public func refund(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        let remaining = checkout.amount.minorUnits - checkout.refundedMinorUnits
        let requested = operation.amount?.minorUnits ?? remaining
        // Anything less than the whole payment names its amount, "the rest" after a partial
        // refund included: SmartPay's refund without `modifiedAmount` is of the whole payment.
        let partial = requested < checkout.amount.minorUnits ? Money(minorUnits: requested, currency: checkout.amount.currency) : nil
        let answer = try await modify("/payment/refund", checkout, operation, amount: partial)
        var status = status(of: answer, checkout: checkout)
        let reported = status.refundedAmount?.minorUnits ?? 0
        // Amounts are bounded by the checkout's, so the sum cannot overflow.
        let total = min(max(reported, checkout.refundedMinorUnits + requested), checkout.amount.minorUnits)
        if status.status == .paid || status.status == .partiallyRefunded || status.status == .refunded {
            status.status = total >= checkout.amount.minorUnits ? .refunded : .partiallyRefunded
            status.refundedAmount = Money(minorUnits: total, currency: checkout.amount.currency)
        }
        return OperationResult(status: status, providerReference: Self.modificationID(operation.id))
    }

    // MARK: Internals

    /// The modification call's body (PROVIDERS.md B, "Modification APIs"): `{transactionId,
    /// merchantKey, modificationId, modifiedAmount?{amount, currencyCode}}`.
    private func modify(_ path: String, _ checkout: Checkout, _ operation: OperationRequest,
                        amount: Money?) async throws(ProviderError) -> PaymentStatusResponse {
        let transaction = try Self.transactionID(of: checkout)
        var body: JSONObject = [
            "transactionId": .string(transaction), "merchantKey": .string(configuration.merchantKey),
            "modificationId": .string(Self.modificationID(operation.id)),
        ]
        if let amount {
            guard amount.currency == checkout.amount.currency else { throw .invalidRequest("must be in \(checkout.amount.currency.code)", field: "currency") }
            guard let number = JSONNumber(literal: amount.decimalString) else { throw .invalidRequest("not a decimal amount", field: "amount") }
            body["modifiedAmount"] = ["amount": .number(number), "currencyCode": .string(amount.currency.code)]
        }
        if let reason = operation.reason { body["description"] = .string(reason) }
        let response = try await call(.post, path, body: .object(body), locale: nil)
        return try PaymentStatusResponse(body: response.body, currency: checkout.amount.currency)
    }

    /// The unified status of an answer: the payment status, then refunds from `modifications[]`
    /// (`REFUND` amounts; one without an amount refunds the rest) and chargebacks as notices.
    func status(of answer: PaymentStatusResponse, checkout: Checkout) -> ProviderStatus {
        var status = unifiedStatus(answer.paymentStatus, transaction: answer.transactionID ?? checkout.providerReference ?? "")
        let currency = checkout.amount.currency
        var refunded: Int64 = 0
        var notices: [ProviderNotice] = []
        for (index, modification) in answer.modifications.enumerated() where !modification.hasFailed {
            switch modification.type {
            case "REFUND":
                let amount = modification.amount.flatMap { $0.currency == currency ? $0.minorUnits : nil } ?? checkout.amount.minorUnits
                // Each term is at most the checkout's amount; saturate instead of trapping.
                refunded = min(refunded.addingReportingOverflow(max(amount, 0)).partialValue, checkout.amount.minorUnits)
            case "CHARGEBACK":
                var detail = ["transaction_id": answer.transactionID ?? checkout.providerReference ?? ""]
                detail["amount"] = modification.amount.map(\.decimalString)
                detail["currency"] = modification.amount?.currency.code
                detail["reason"] = modification.reason.map { ProviderMessages.sanitized($0, secrets: configuration.secrets) }
                detail["modification_id"] = modification.id
                notices.append(ProviderNotice(type: "smartpay.chargeback", detail: detail,
                                              key: modification.id ?? "chargeback-\(index)-\(modification.amount?.minorUnits ?? 0)"))
            default:
                break
            }
        }
        var refundedAmount: Money?
        if refunded > 0, status == .paid {
            status = refunded >= checkout.amount.minorUnits ? .refunded : .partiallyRefunded
            refundedAmount = Money(minorUnits: refunded, currency: currency)
        }
        var data = ["payment_status": answer.paymentStatus, "last_status_answer": answer.rawAnswer]
        data["reconciliation_reference_id"] = answer.reconciliationReferenceID
        data["creation_date"] = answer.creationDate
        data["last_status_date"] = answer.lastStatusDate
        return ProviderStatus(providerStatus: answer.paymentStatus, status: status, amount: answer.amount,
                              refundedAmount: refundedAmount, data: data, notices: notices)
    }

    /// The table's status; an unknown one is `pending` (not final), kept raw, logged once.
    private func unifiedStatus(_ paymentStatus: String, transaction: String) -> Checkout.Status {
        if let status = Self.unifiedStatus(ofPaymentStatus: paymentStatus) { return status }
        if unknownStatuses.withLock({ $0.isFirstSighting(of: paymentStatus) }) {
            log?(.warning, "smartpay: unknown paymentStatus \(paymentStatus) (transaction \(transaction)); kept raw, read as pending")
        }
        return .pending
    }

    /// Kassa's operation id as SmartPay's `modificationId` (at most 64 characters): the id
    /// itself, so a retried operation is the same modification and SmartPay answers it with
    /// the original result; an id too long for it is replaced by its SHA-256 in hex.
    public static func modificationID(_ id: OperationID) -> String {
        let raw = id.rawValue
        return raw.count <= maxReferenceLength && PaymentStatusResponse.isPlain(raw) ? raw : SHA256.hexDigest(raw)
    }

    private static func transactionID(of checkout: Checkout) throws(ProviderError) -> String {
        guard let reference = checkout.providerReference, isTransactionID(reference) else {
            throw .invalidRequest("the checkout has no SmartPay transactionId", field: "provider_reference")
        }
        return reference
    }

    /// Seed 001: a 36-character GUID. Only hex digits and hyphens reach a URL path.
    static func isTransactionID(_ id: String) -> Bool {
        id.utf8.count == 36 && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) || $0 == 0x2D }
    }

    /// Seed 001: "512 bits checkout token" (its example has 64 letters and digits).
    static func isCheckoutToken(_ token: String) -> Bool {
        (16...512).contains(token.utf8.count) && token.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }
    }

    /// One API call with seed 001's headers; a non-2xx answer is thrown as what it means.
    private func call(_ method: OutboundRequest.Method, _ path: String, body: JSONValue?, locale: String?) async throws(ProviderError) -> OutboundResponse {
        var headers: OutboundHeaders = ["Accept": "application/json", "Content-Type": "application/json",
                                        "Accept-Language": Self.acceptLanguage(locale)]
        if let token = configuration.accessToken, !token.isEmpty {
            guard token.utf8.count <= Self.maxAccessTokenLength else {
                throw .configuration("providers.smartpay.access_token is longer than \(Self.maxAccessTokenLength) characters")
            }
            headers.add(name: "X-Access-Token", value: token)
        }
        for field in configuration.extraHeaders { headers.replaceOrAdd(name: field.name, value: field.value) }
        let request = OutboundRequest(method: method, url: configuration.baseURL + path, headers: headers, body: body?.serialized() ?? [])
        let response: OutboundResponse
        do {
            response = try await api.send(request)
        } catch {
            let failure = TransportErrors.providerError(error, provider: "smartpay", credentialFields: Self.credentialFields(configuration))
            log?(.warning, "smartpay: \(method) \(Self.loggedPath(path)) failed: \(failure.description)")
            throw failure
        }
        guard (200..<300).contains(response.status) else {
            let failure = Self.rejection(response, configuration: configuration)
            log?(.warning, "smartpay: \(method) \(Self.loggedPath(path)) answered \(response.status): \(failure.shortDescription)")
            throw failure
        }
        return response
    }

    // The transaction id is a GUID checked above: safe to log.
    private static func loggedPath(_ path: String) -> String { path }
}
