import Crypto
import FoundationEssentials
import JSON
import Outbound
import Payments

/// Pledg eCard (seed 003, PROVIDERS.md D): split, installment, deferred, down payment and
/// redirection payments, one merchant account per type. The payment happens in Pledg's plugin
/// or front page; Kassa signs the plugin settings (HS256 JWT with the account's secret), learns
/// the outcome from Pledg's notifications (`PledgNotificationIntake`), and refunds through the
/// back office. See docs/providers/pledg.md.
///
/// Pledg has no status API: `fetchStatus` is `unsupported`, and the checkout's state is what
/// the verified notifications said. Creation makes no call at all (the signature is local),
/// so it never ends without an answer.
public final class PledgProvider: PaymentProvider {
    /// `pledg`.
    public let id = ProviderID.pledg
    /// No capture (the shop charges a front-mode virtual card through its own PSP; Pledg
    /// charges in the other modes); cancel = release; refunds by transfer, partial allowed.
    public let capabilities: ProviderCapabilities
    /// The accounts and back office credentials.
    public let configuration: Configuration
    private let api: AuthorizingClient
    private let log: (@Sendable (String) -> Void)?

    /// An adapter calling the back office through `client`. `log` receives one line per failed
    /// call; lines never hold a credential, a token or card data.
    public init(configuration: Configuration, client: any OutboundSending, log: (@Sendable (String) -> Void)? = nil) {
        self.configuration = configuration
        self.log = log
        capabilities = ProviderCapabilities(
            canCapture: false, canCancel: true, canRefund: true, canRefundPartially: true,
            methods: PledgPaymentType.allCases.filter { configuration.accounts[$0] != nil }.map(\.rawValue),
            hints: [.capture: Self.captureHint])
        let endpoint = TokenEndpoint.pledg(backURL: configuration.backURL, apiKey: configuration.apiKey,
                                           apiSecret: configuration.apiSecret, timeouts: configuration.timeouts)
        let tokens = TokenCache(endpoint: endpoint, client: client)
        api = AuthorizingClient(client: client, authorization: .oauth2(tokens, isTokenRejected: { $0.status == 401 }),
                                defaultTimeouts: configuration.timeouts)
    }

    static let captureHint = "Pledg has no capture: in front mode the shop charges the virtual card through its own PSP; "
        + "in back and transfer modes Pledg charges by itself"
    /// Seed 003, "Refunds / Front and back modes".
    static let debitedCardHint = "the virtual card was already debited: recredit it through your PSP; "
        + "Pledg is notified and refunds the buyer about two days later"

    /// Pledg is known only from its notifications; a long interval keeps the reconciler from
    /// asking in vain, and the deadline leaves the signed settings' validity and the 48 hours
    /// a split purchase may take (seed 003, "Split purchase end notification").
    public var pollSchedule: PollSchedule {
        PollSchedule(intervals: [.seconds(43_200)], deadline: configuration.signatureValidity + .seconds(2 * 86_400))
    }

    public func validate(_ request: ProviderCheckoutRequest) -> [ProviderFieldError] {
        switch settings(for: request) {
        case .success: []
        case .failure(let failure): failure.errors
        }
    }

    /// Signs the plugin settings: `{data: {…settings}, exp, iat}`, HS256 with the account's
    /// secret, as `jwt.sign({data}, SECRET, {expiresIn: '1d'})` in seed 003 does. No call.
    public func createCheckout(_ request: ProviderCheckoutRequest) async throws(ProviderError) -> ProviderCheckout {
        let (account, data): (PledgAccount, JSONObject)
        switch settings(for: request) {
        case .success(let value): (account, data) = value
        case .failure(let failure):
            let first = failure.errors[0]
            throw .invalidRequest(first.message, field: first.field)
        }
        let issued = Int64(configuration.now().timeIntervalSince1970.rounded(.down))
        let validity = configuration.signatureValidity.components.seconds
        let payload: JSONValue = ["data": .object(data), "iat": .number(JSONNumber(issued)),
                                  "exp": .number(JSONNumber(issued + validity))]
        let token = JWT.signHS256(payload: payload.serialized(), secret: Array(account.secret.utf8))
        let frontURL = configuration.frontURL + "/purchases?signature=" + token
        let action = NextAction(type: "pledg_plugin", fields: [
            "merchant_uid": .string(account.merchantUID), "signature": .string(token),
            "plugin_url": .string(configuration.pluginURL), "front_url": .string(frontURL),
        ])
        return ProviderCheckout(providerReference: nil, providerStatus: "signed", status: .created, nextAction: action,
                                data: ["pledg_payment_type": account.paymentType.rawValue, "pledg_mode": account.mode.rawValue,
                                       "pledg_merchant_uid": account.merchantUID])
    }

    /// Pledg has no API to read a purchase: its state is what its notifications said.
    public func fetchStatus(of checkout: Checkout) async throws(ProviderError) -> ProviderStatus {
        throw .unsupported("Pledg has no status API: the checkout's state comes from Pledg's notifications")
    }

    public func capture(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        throw .unsupported(Self.captureHint)
    }

    /// Before the virtual card is debited, `POST {back}/api/purchases/{uid}/release`: Pledg
    /// refunds the buyer at once (seed 003, "Refunds"). A purchase not started yet has nothing
    /// at Pledg to cancel, and its signed settings cannot be revoked.
    public func cancel(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        guard checkout.status == .authorized else {
            throw .unsupported("Pledg has no purchase to cancel yet, and the signed settings stay valid until they expire; "
                               + "a notification that arrives later is still recorded")
        }
        let uid = try purchaseUID(of: checkout)
        _ = try await call("/api/purchases/\(uid)/release", body: nil)
        return OperationResult(status: ProviderStatus(providerStatus: "released", status: .canceled, data: ["pledg_released": "true"]))
    }

    /// Transfer mode: `POST {back}/api/purchases/{uid}/credit_by_transfer {amount_cents}`, partial
    /// allowed. Front and back mode after the card was debited: Pledg offers nothing to call
    /// (seed 003): `unsupported` with what to do instead.
    public func refund(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        guard mode(of: checkout) == .transfer else { throw .unsupported(Self.debitedCardHint) }
        if operation.isRetry {
            // No idempotency key and no API to read the purchase: a second credit could pay twice.
            throw .unsupported("the earlier credit_by_transfer ended without an answer and Pledg cannot be asked; "
                               + "check the Pledg back office before refunding again")
        }
        let remaining = checkout.amount.minorUnits - checkout.refundedMinorUnits
        let amount = operation.amount?.minorUnits ?? remaining
        guard amount > 0, amount <= remaining else {
            throw .invalidRequest("must be between 1 and the \(remaining) not yet refunded", field: "amount")
        }
        let uid = try purchaseUID(of: checkout)
        _ = try await call("/api/purchases/\(uid)/credit_by_transfer", body: ["amount_cents": .number(JSONNumber(amount))])
        let total = checkout.refundedMinorUnits + amount
        let status: Checkout.Status = total >= checkout.amount.minorUnits ? .refunded : .partiallyRefunded
        return OperationResult(status: ProviderStatus(providerStatus: "credit_by_transfer", status: status,
                                                      refundedAmount: Money(minorUnits: total, currency: checkout.amount.currency)))
    }

    // MARK: Internals

    /// The account and the settings for a request, or the fields at fault.
    private func settings(for request: ProviderCheckoutRequest) -> Result<(PledgAccount, JSONObject), PledgPluginSettings.FieldErrors> {
        let name = request.method ?? PledgPaymentType.split.rawValue
        guard let type = PledgPaymentType(rawValue: name), let account = configuration.accounts[type] else {
            let offered = PledgPaymentType.allCases.filter { configuration.accounts[$0] != nil }.map(\.rawValue)
            return .failure(.init(errors: [ProviderFieldError(field: "method", message: "must be one of the enabled Pledg payment types: "
                                                              + offered.joined(separator: ", "))]))
        }
        return PledgPluginSettings.make(request, account: account).map { (account, $0) }
    }

    /// The mode the checkout was signed for.
    private func mode(of checkout: Checkout) -> PledgMode? {
        if let mode = checkout.providerData["pledg_mode"].flatMap(PledgMode.init(rawValue:)) { return mode }
        return PledgPaymentType(rawValue: checkout.method ?? "split").flatMap { configuration.accounts[$0]?.mode }
    }

    private func purchaseUID(of checkout: Checkout) throws(ProviderError) -> String {
        guard let uid = checkout.providerData["purchase_uid"], uid.hasPrefix("pur_"), uid.utf8.count <= 64,
              uid.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0)
                                    || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
            throw .unsupported("Pledg has not named the purchase (pur_…) of this checkout in a notification; use the Pledg back office")
        }
        return uid
    }

    /// One back office call; a 4xx answer is Pledg refusing (422 with its message), a 5xx or
    /// no answer a provider failure.
    private func call(_ path: String, body: JSONValue?) async throws(ProviderError) -> OutboundResponse {
        var headers: OutboundHeaders = ["Accept": "application/json"]
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let request = OutboundRequest(method: .post, url: configuration.backURL + path, headers: headers, body: body?.serialized() ?? [])
        let response: OutboundResponse
        do {
            response = try await api.send(request)
        } catch {
            let failure = TransportErrors.providerError(error, provider: "pledg", credentialFields: "providers.pledg.api_key and api_secret")
            log?("pledg: POST \(path) failed: \(failure.description)")
            throw failure
        }
        guard (200..<300).contains(response.status) else {
            let message = Self.message(in: response.body, secrets: configuration.secrets)
            log?("pledg: POST \(path) answered \(response.status)")
            if (400..<500).contains(response.status) {
                throw .unsupported("Pledg refused: \(message)")
            }
            throw .rejected("Pledg answered \(response.status): \(message)", httpStatus: response.status)
        }
        return response
    }

    /// Pledg's error text (`message`, `error`, `detail` or the body), bounded and masked.
    static func message(in body: [UInt8], secrets: [String]) -> String {
        let object = (try? JSONValue.parse(body))?.objectValue
        let text = object?["message"]?.stringValue ?? object?["error"]?.stringValue ?? object?["detail"]?.stringValue
            ?? String(decoding: body.prefix(300), as: UTF8.self)
        return ProviderMessages.sanitized(text.isEmpty ? "no message" : text, secrets: secrets)
    }
}
