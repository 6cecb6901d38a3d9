import JSON
import Outbound
import Payments

/// Société Générale SmartCredit ePOS (seed 000, PROVIDERS.md C): an SG Connect token, an
/// application initialized per checkout, the buyer sent to the Hanseatic Bank URL or shown the
/// FranFinance page, and the status followed by polling only — SmartCredit has no webhooks and
/// no cancel or refund API. See docs/providers/smartcredit.md.
///
/// The order reference is the application's `orderId`: SmartCredit refuses a second
/// application for it (`invalid_orderId`), which makes it the key to find an application whose
/// initialize answer was lost (`do-search`). Initialize answers no application id, so the
/// adapter searches once right after it to learn the id and the first status.
public final class SmartCreditProvider: PaymentProvider {
    /// `smartcredit`.
    public let id = ProviderID.smartcredit
    /// No capture, cancel or refund through the API: the merchant portal does them (seed 000 step 9).
    public let capabilities = ProviderCapabilities(
        canCapture: false, canCancel: false, canRefund: false, canRefundPartially: false,
        methods: SmartCreditApplication.paymentMeans,
        hints: [.capture: SmartCreditProvider.captureHint, .cancel: SmartCreditProvider.portalHint,
                .refund: SmartCreditProvider.portalHint, .partialRefund: SmartCreditProvider.portalHint])

    /// The advice on cancel and refund (seed 000 step 9).
    public static let portalHint = "SmartCredit has no API for this: cancellation and reimbursement are done in the SmartCredit merchant portal, "
        + "and Kassa picks the new status (CANCELLED, REIMBURSED) up by polling the application (at once with POST /v1/checkouts/{id}/refresh)"
    /// The advice on capture: an ACCEPTED application is paid, nothing is captured.
    public static let captureHint = "SmartCredit has no capture: an application is paid when SmartCredit accepts it (ACCEPTED), "
        + "which Kassa picks up by polling; cancellation and reimbursement are done in the SmartCredit merchant portal"

    /// The account.
    public let configuration: Configuration
    private let client: any OutboundSending
    private let tokens: TokenCache
    private let log: (@Sendable (String) -> Void)?

    /// An adapter for one account, calling through `client` (the service's `OutboundClient`).
    /// `log` receives one line per failed call; lines never hold a credential or a token.
    public init(configuration: Configuration, client: any OutboundSending, log: (@Sendable (String) -> Void)? = nil) {
        self.configuration = configuration
        self.client = client
        self.log = log
        let endpoint = TokenEndpoint.sgConnect(tokenURL: configuration.tokenURL, clientID: configuration.clientID,
                                               clientSecret: configuration.clientSecret, scope: configuration.scope,
                                               clientCertificate: configuration.clientCertificate, timeouts: configuration.timeouts)
        tokens = TokenCache(endpoint: endpoint, client: client, retryDelays: configuration.tokenRetryDelays, now: configuration.tokenClock)
    }

    /// Open applications are read on the configured back-off until the deadline; there is
    /// nothing else to wait for (no webhooks, seed 000).
    /// How long a paid application is polled for the merchant portal's cancellation or
    /// reimbursement: 30 days (the usual window for a return).
    public static let portalChangesWatched: Duration = .seconds(30 * 86_400)

    public var pollSchedule: PollSchedule {
        // Cancellation and reimbursement are done in the merchant portal (PROVIDERS.md C): a paid
        // application is still asked about, on the last interval, for `watchesPaid`.
        PollSchedule(intervals: configuration.pollIntervals, deadline: configuration.pollDeadline,
                     watchesPaid: Self.portalChangesWatched)
    }

    /// The configured amount limits of each payment mean's product.
    private var limits: SmartCreditApplication.Limits {
        SmartCreditApplication.Limits(franFinance: configuration.franFinanceLimits, hanseatic: configuration.hanseaticLimits)
    }

    /// Every rule of the `Application` body, before anything is stored.
    public func validate(_ request: ProviderCheckoutRequest) -> [ProviderFieldError] {
        switch SmartCreditApplication.make(request, limits: limits) {
        case .success: []
        case .failure(let failures): failures.errors
        }
    }

    /// `POST {initialize_path}` with the `Application`; the `text/plain` answer is a URL
    /// (redirect) or a page (`NextAction.hostedPage`, served by Kassa). Then one `do-search`
    /// for the application's id and status; when that fails the checkout is still started
    /// (pending), and the id is found by the next read.
    public func createCheckout(_ request: ProviderCheckoutRequest) async throws(ProviderError) -> ProviderCheckout {
        let body: JSONValue
        switch SmartCreditApplication.make(request, limits: limits) {
        case .success(let made): body = made
        case .failure(let failures):
            let first = failures.errors[0]
            throw .invalidRequest(first.message, field: first.field)
        }
        let response = try await call(.post, configuration.initializePath, body: body, accept: "text/plain", orderID: request.order.reference)
        let answer = try SmartCreditInitializeAnswer(body: response.body)
        var data: [String: String] = ["order_id": request.order.reference]
        let nextAction: NextAction
        switch answer {
        case .redirect(let url):
            data["journey"] = "redirect"
            data["redirect_url"] = url
            nextAction = .redirect(url: url)
        case .page(let html):
            data["journey"] = "page"
            nextAction = .hostedPage(html: html)
        }
        var reference: String?
        var status = ProviderStatus(providerStatus: "INITIALIZED", status: .pending)
        do {
            if let found = try await application(orderID: request.order.reference) {
                reference = found.applicationID
                status = try found.providerStatus()
            }
        } catch {
            log?("smartcredit: the application of a new checkout was not found yet: \(error.shortDescription)")
        }
        return ProviderCheckout(providerReference: reference, providerStatus: status.providerStatus, status: status.status,
                                nextAction: nextAction, data: status.data.merging(data) { a, _ in a })
    }

    /// `GET {status_path}` with the application id; without one (its search failed at
    /// creation), `do-search` on the order reference.
    public func fetchStatus(of checkout: Checkout) async throws(ProviderError) -> ProviderStatus {
        guard let applicationID = checkout.providerReference else {
            guard let found = try await application(orderID: checkout.orderReference) else {
                throw .rejected("SmartCredit has no application for the order reference \(checkout.orderReference) yet", httpStatus: 404)
            }
            return try found.providerStatus()
        }
        let path = configuration.statusPath.replacing("{applicationId}", with: SmartCreditQuery.encode(applicationID))
        let answer = try SmartCreditApplicationDetails.list(body: try await call(.get, path, orderID: nil).body)
        guard let details = answer.first(where: { $0.applicationID == applicationID }) else {
            throw .invalidResponse("SmartCredit answered another application than \(SmartCreditProvider.printable(applicationID))")
        }
        if let orderID = details.orderID, orderID != checkout.orderReference {
            throw .invalidResponse("SmartCredit answered application \(SmartCreditProvider.printable(applicationID)) for another order")
        }
        return try details.providerStatus()
    }

    /// `do-search {orderId}`: how a creation whose answer was lost is resolved.
    public func search(for checkout: Checkout) async throws(ProviderError) -> ProviderSearchResult {
        guard let found = try await application(orderID: checkout.orderReference) else { return .notFound }
        return .found(providerReference: found.applicationID, status: try found.providerStatus())
    }

    /// Unsupported: see `captureHint`.
    public func capture(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        throw .unsupported(Self.captureHint)
    }

    /// Unsupported: see `portalHint`.
    public func cancel(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        throw .unsupported(Self.portalHint)
    }

    /// Unsupported: see `portalHint`.
    public func refund(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult {
        throw .unsupported(Self.portalHint)
    }

    /// The application with `orderID` from `do-search`, nil when there is none. The answer's
    /// `orderId` is checked: only an exact match counts (an empty search lists everything).
    private func application(orderID: String) async throws(ProviderError) -> SmartCreditApplicationDetails? {
        let response = try await call(.post, configuration.searchPath, body: ["orderId": .string(orderID)], orderID: nil)
        let matches = try SmartCreditApplicationDetails.list(body: response.body).filter { $0.orderID == orderID }
        // One orderId, one application (SmartCredit refuses duplicates); the latest if ever more.
        return matches.max { ($0.modifiedOn ?? "") < ($1.modifiedOn ?? "") }
    }

    /// One API call with the token (Bearer header or `?access_token=`); a refused token is
    /// dropped and the call repeated once (SmartCredit did not act on it). A non-2xx answer is
    /// thrown as `rejection(_:orderID:secrets:)` says.
    private func call(_ method: OutboundRequest.Method, _ path: String, body: JSONValue? = nil, accept: String = "application/json",
                      orderID: String?) async throws(ProviderError) -> OutboundResponse {
        var response: OutboundResponse
        do {
            let token = try await tokens.token()
            response = try await client.send(request(method, path, body: body, accept: accept, token: token))
            if Self.isTokenRejected(response) {
                tokens.invalidate(token)
                let fresh = try await tokens.token()
                response = try await client.send(request(method, path, body: body, accept: accept, token: fresh))
            }
        } catch {
            let failure = Self.transportError(error)
            log?("smartcredit: \(method) \(path) failed: \(failure.description)")
            throw failure
        }
        guard (200..<300).contains(response.status) else {
            let failure = Self.rejection(response, orderID: orderID, secrets: [configuration.clientSecret])
            log?("smartcredit: \(method) \(path) answered \(response.status): \(failure.shortDescription) code \(failure.providerCode ?? "-")")
            throw failure
        }
        return response
    }

    private func request(_ method: OutboundRequest.Method, _ path: String, body: JSONValue?, accept: String, token: String) -> OutboundRequest {
        var headers: OutboundHeaders = ["Accept": accept]
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        var url = configuration.baseURL + path
        switch configuration.tokenPlacement {
        case .bearerHeader:
            headers.add(name: "Authorization", value: "Bearer " + token)
        case .query:
            url += (url.contains("?") ? "&" : "?") + "access_token=" + SmartCreditQuery.encode(token)
        }
        for field in configuration.extraHeaders { headers.replaceOrAdd(name: field.name, value: field.value) }
        return OutboundRequest(method: method, url: url, headers: headers, body: body?.serialized() ?? [],
                               timeouts: configuration.timeouts)
    }
}
