/// What a provider adapter does, in domain terms. An adapter (module `Providers`) owns its
/// wire models, its client and the mapping of its statuses; it never touches HTTP server
/// types or SQL. The service (module `KassaService`) orchestrates: it stores, serializes
/// updates per checkout, and turns `ProviderError`s into responses and `needs_sync`.
public protocol PaymentProvider: Sendable {
    /// Which provider this is.
    var id: ProviderID { get }

    /// Which follow-up operations the provider supports; the API answers 422
    /// `operation_not_supported` with `ProviderCapabilities.hint(for:)` otherwise.
    var capabilities: ProviderCapabilities { get }

    /// The fields of `request` this provider cannot take, found without calling it. The
    /// service runs this before the attempt is stored: a shop that forgot a field the provider
    /// needs gets a 422 naming it, and no attempt, no event. Default: none.
    func validate(_ request: ProviderCheckoutRequest) -> [ProviderFieldError]

    /// The ways this provider could take `request` (its `method` ignored): one option per
    /// method the shop may ask for, each with the reasons `validate` gives for it, so that an
    /// eligible option is a request `POST /v1/checkouts` accepts. Default: one option per
    /// `capabilities.methods`, or one without a method (`PaymentProvider+Options.swift`).
    func paymentOptions(for request: ProviderCheckoutRequest) -> [PaymentOption]

    /// Starts a payment. Never retried blindly by anyone: creation is not idempotent at the
    /// provider. `outcomeUnknown` here means the checkout is `needs_sync`.
    func createCheckout(_ request: ProviderCheckoutRequest) async throws(ProviderError) -> ProviderCheckout

    /// Reads the provider's current status of a checkout it knows (`providerReference`).
    func fetchStatus(of checkout: Checkout) async throws(ProviderError) -> ProviderStatus

    /// Captures an authorized payment (all of it when `operation.amount` is nil). The
    /// operation's id is stored before the call; a retry after an unknown outcome sends it again.
    func capture(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult

    /// Cancels a payment that is not captured yet.
    func cancel(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult

    /// Refunds a captured payment (the rest of it when `operation.amount` is nil).
    func refund(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult

    /// True when the provider takes `ProviderCheckoutRequest.captureMethod` per payment
    /// (secuconnect's `payment_context.auto_capture`); the API answers 422 naming
    /// `capture_method` for the others.
    var canChooseCaptureMethod: Bool { get }

    /// When the reconciler polls this provider's non-final checkouts, and when they expire.
    var pollSchedule: PollSchedule { get }

    /// Looks the payment up by Kassa's own reference (the checkout id or order reference the
    /// adapter sent) when its creation ended without an answer and no provider reference is
    /// known. Default: `.unsupported`.
    func search(for checkout: Checkout) async throws(ProviderError) -> ProviderSearchResult
}

extension PaymentProvider {
    /// See the protocol: notified providers are polled after a silence.
    public var pollSchedule: PollSchedule { .afterSilence }

    /// See the protocol: most providers cannot be searched by Kassa's reference.
    public func search(for checkout: Checkout) async throws(ProviderError) -> ProviderSearchResult { .unsupported }
}

extension PaymentProvider {
    /// Most providers capture as their account is configured. A wrapper (`InstrumentedProvider`)
    /// must forward this, or the default hides its base's answer.
    public var canChooseCaptureMethod: Bool { false }
}

extension PaymentProvider {
    /// See the protocol: a provider without rules of its own accepts every request.
    public func validate(_ request: ProviderCheckoutRequest) -> [ProviderFieldError] { [] }
}

extension PaymentProvider {
    /// A capture with a fresh operation id; the payment's state afterwards.
    public func capture(_ checkout: Checkout, amount: Money?) async throws(ProviderError) -> ProviderStatus {
        try await capture(checkout, OperationRequest(kind: .capture, amount: amount)).status
    }

    /// A cancel with a fresh operation id; the payment's state afterwards.
    public func cancel(_ checkout: Checkout) async throws(ProviderError) -> ProviderStatus {
        try await cancel(checkout, OperationRequest(kind: .cancel)).status
    }

    /// A refund with a fresh operation id; the payment's state afterwards.
    public func refund(_ checkout: Checkout, amount: Money?, reason: String?) async throws(ProviderError) -> ProviderStatus {
        try await refund(checkout, OperationRequest(kind: .refund, amount: amount, reason: reason)).status
    }
}

/// The follow-up operations a provider supports, and for each one it does not, the
/// provider's own advice on what to do instead (SmartCredit: the merchant portal).
public struct ProviderCapabilities: Sendable, Equatable {
    /// An operation a provider may not support.
    public enum Capability: String, Sendable, Hashable, CaseIterable {
        case capture, cancel, refund
        case partialRefund = "partial refund"
    }

    public var canCapture: Bool
    public var canCancel: Bool
    public var canRefund: Bool
    public var canRefundPartially: Bool
    /// The values `ProviderCheckoutRequest.method` may take (the API's `method` enum); nil when
    /// the provider reads no method.
    public var methods: [String]?
    /// The provider's advice per unsupported operation; see `hint(for:provider:)`.
    public var hints: [Capability: String]

    public init(canCapture: Bool, canCancel: Bool, canRefund: Bool, canRefundPartially: Bool, methods: [String]? = nil,
                hints: [Capability: String] = [:]) {
        (self.canCapture, self.canCancel, self.canRefund, self.canRefundPartially) = (canCapture, canCancel, canRefund, canRefundPartially)
        self.methods = methods
        self.hints = hints
    }

    /// Whether `operation` is supported.
    public func supports(_ operation: Capability) -> Bool {
        switch operation {
        case .capture: canCapture
        case .cancel: canCancel
        case .refund: canRefund
        case .partialRefund: canRefund && canRefundPartially
        }
    }

    /// What to do instead of `operation`: the provider's own advice, or the back office.
    public func hint(for operation: Capability, provider: ProviderID) -> String {
        hints[operation] ?? "\(provider) does not support \(operation.rawValue) through Kassa; use the provider's back office"
    }
}

/// Everything a provider may need to start a payment. Fields a provider does not use are
/// ignored; fields it needs are validated by the service before the adapter is called, and
/// again by the adapter (`ProviderError.invalidRequest` with the field path).
public struct ProviderCheckoutRequest: Sendable {
    /// Kassa's id of the attempt (`chk_…`); adapters use it in return and push URLs.
    public var checkoutID: CheckoutID
    /// Provider-specific method (secuconnect payment method, Pledg payment type, …).
    public var method: String?
    public var order: OrderDetails
    public var customer: Customer?
    /// Kassa's own URLs the buyer returns to after the hosted page, per outcome; the service
    /// later redirects the buyer on to the shop's own URLs.
    public var returnURLs: ReturnURLs
    /// Kassa's URL for the provider's notifications (`…/v1/webhooks/{provider}`).
    public var notificationURL: String
    /// BCP 47 locale, e.g. `de-DE`.
    public var locale: String?
    /// The shop's choice of capture for this payment; nil leaves it to the provider's account
    /// configuration. Only sent to providers with `canChooseCaptureMethod`.
    public var captureMethod: CaptureMethod?

    public init(checkoutID: CheckoutID, method: String?, order: OrderDetails, customer: Customer?,
                returnURLs: ReturnURLs, notificationURL: String, locale: String?, captureMethod: CaptureMethod? = nil) {
        self.checkoutID = checkoutID
        self.method = method
        self.order = order
        self.customer = customer
        self.returnURLs = returnURLs
        self.notificationURL = notificationURL
        self.locale = locale
        self.captureMethod = captureMethod
    }

    /// The shop's order as the provider sees it.
    public struct OrderDetails: Sendable {
        public var reference: String
        public var amount: Money
        public var description: String?
        public var items: [LineItem]
        public init(reference: String, amount: Money, description: String?, items: [LineItem]) {
            (self.reference, self.amount, self.description, self.items) = (reference, amount, description, items)
        }
    }

    /// One basket line; amounts in minor units of the order's currency.
    public struct LineItem: Sendable {
        public enum Kind: String, Sendable { case article, shipping, coupon }
        public var reference: String
        public var name: String
        public var quantity: Int
        public var unitAmount: Int64
        /// Tax rate in percent, up to two decimal places (19, 5.5).
        public var taxRate: TaxRate
        public var kind: Kind
        public init(reference: String, name: String, quantity: Int, unitAmount: Int64, taxRate: TaxRate, kind: Kind) {
            (self.reference, self.name, self.quantity, self.unitAmount, self.taxRate, self.kind) = (reference, name, quantity, unitAmount, taxRate, kind)
        }
        /// The line's signed total (coupons reduce the basket), or nil when quantity × unit
        /// amount does not fit in Int64: the numbers come from outside, and Swift traps on
        /// overflow, so the caller answers a validation error instead.
        public var total: Int64? {
            let (product, overflow) = Int64(quantity).multipliedReportingOverflow(by: unitAmount)
            guard !overflow, product != .min else { return nil }
            return kind == .coupon ? -product : product
        }
    }

    /// The buyer.
    public struct Customer: Sendable {
        public var email: String?
        public var firstName: String?
        public var lastName: String?
        public var phone: String?
        /// ISO date `YYYY-MM-DD`.
        public var birthDate: String?
        /// `Mr` or `Ms`.
        public var civility: String?
        public var accountID: String?
        public var address: Address?
        public var shippingAddress: Address?
        public init(email: String? = nil, firstName: String? = nil, lastName: String? = nil, phone: String? = nil,
                    birthDate: String? = nil, civility: String? = nil, accountID: String? = nil,
                    address: Address? = nil, shippingAddress: Address? = nil) {
            self.email = email; self.firstName = firstName; self.lastName = lastName; self.phone = phone
            self.birthDate = birthDate; self.civility = civility; self.accountID = accountID
            self.address = address; self.shippingAddress = shippingAddress
        }
    }

    /// A postal address; `country` is ISO 3166-1 alpha-2.
    public struct Address: Sendable {
        public var street: String?
        public var streetNumber: String?
        public var postalCode: String?
        public var city: String?
        public var state: String?
        public var country: String?
        public init(street: String? = nil, streetNumber: String? = nil, postalCode: String? = nil,
                    city: String? = nil, state: String? = nil, country: String? = nil) {
            self.street = street; self.streetNumber = streetNumber; self.postalCode = postalCode
            self.city = city; self.state = state; self.country = country
        }
    }

    /// Kassa's return URLs, one per outcome of the hosted page.
    public struct ReturnURLs: Sendable {
        public var success: String
        public var failure: String
        public var cancel: String
        public init(success: String, failure: String, cancel: String) {
            (self.success, self.failure, self.cancel) = (success, failure, cancel)
        }
    }
}

/// A started payment.
public struct ProviderCheckout: Sendable {
    /// The provider's id for it (secuconnect `STX_…`), unique per provider; nil while the
    /// provider has not given one yet (it comes later with a status or a notification).
    public var providerReference: String?
    /// The provider's status, raw.
    public var providerStatus: String
    /// The provider's status mapped to the unified model.
    public var status: Checkout.Status
    public var nextAction: NextAction
    /// Further ids and tokens to keep (merged into `Checkout.providerData`).
    public var data: [String: String]
    public init(providerReference: String?, providerStatus: String, status: Checkout.Status, nextAction: NextAction, data: [String: String] = [:]) {
        (self.providerReference, self.providerStatus, self.status, self.nextAction, self.data) = (providerReference, providerStatus, status, nextAction, data)
    }
}

/// A provider's answer about a payment's state.
public struct ProviderStatus: Sendable, Hashable {
    /// The provider's status, raw (kept beside the unified one in every event).
    public var providerStatus: String
    /// Mapped to the unified model.
    public var status: Checkout.Status
    /// The amount the provider reports, when it reports one (checked against the checkout).
    public var amount: Money?
    /// The refunded total the provider reports, when it reports one.
    public var refundedAmount: Money?
    /// Further ids to keep (secuconnect `PCI_…`), merged into `Checkout.providerData`.
    public var data: [String: String]
    /// What the answer reports besides the status (a chargeback): recorded as events, once each.
    public var notices: [ProviderNotice]
    /// Values the checkout's `providerData` must already hold for this status to apply: an
    /// unsigned notification checked only by what it names (Pledg's virtual card, seed 003)
    /// applies only to a checkout started with that account. Empty for most answers.
    public var requiredData: [String: String] = [:]
    public init(providerStatus: String, status: Checkout.Status, amount: Money? = nil, refundedAmount: Money? = nil,
                data: [String: String] = [:], notices: [ProviderNotice] = []) {
        (self.providerStatus, self.status, self.amount, self.refundedAmount, self.data) = (providerStatus, status, amount, refundedAmount, data)
        self.notices = notices
    }
}

/// Why a provider call did not give an answer to act on. The difference between `notSent`
/// and `outcomeUnknown` decides between `failed` and `needs_sync`.
public struct ProviderError: Error, Sendable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case notSent = "provider_unreachable"
        case outcomeUnknown = "provider_outcome_unknown"
        case rejected = "provider_rejected"
        case invalidRequest = "invalid_request"
        case unsupported = "operation_not_supported"
        case configuration = "provider_configuration"
        case invalidResponse = "provider_invalid_response"
    }

    private let code: Code
    /// A message safe to show to the shop: never a credential or a card number.
    public let detail: String
    /// The provider's HTTP status, for `rejected`.
    public let httpStatus: Int?
    /// The provider's own error code (secuconnect `code`), for `rejected`.
    public let providerCode: String?
    /// The provider's support id (secuconnect `supportId`), for `rejected`.
    public let supportID: String?
    /// The request field at fault (`customer.email`), for `invalidRequest`.
    public let field: String?

    private init(_ code: Code, _ detail: String, httpStatus: Int? = nil, providerCode: String? = nil, supportID: String? = nil, field: String? = nil) {
        self.code = code; self.detail = detail; self.httpStatus = httpStatus
        self.providerCode = providerCode; self.supportID = supportID; self.field = field
    }

    /// The request never reached the provider (DNS, connect, TLS, timed out before sending).
    public static func notSent(_ detail: String) -> Self { Self(.notSent, detail) }
    /// Sent, but no answer came (timed out after sending, connection lost): `needs_sync`.
    public static func outcomeUnknown(_ detail: String) -> Self { Self(.outcomeUnknown, detail) }
    /// The provider answered with an error.
    public static func rejected(_ detail: String, httpStatus: Int, providerCode: String? = nil, supportID: String? = nil) -> Self {
        Self(.rejected, detail, httpStatus: httpStatus, providerCode: providerCode, supportID: supportID)
    }
    /// The request lacks something the provider needs.
    public static func invalidRequest(_ detail: String, field: String) -> Self { Self(.invalidRequest, detail, field: field) }
    /// The provider cannot do this; `detail` says what to do instead.
    public static func unsupported(_ detail: String) -> Self { Self(.unsupported, detail) }
    /// Kassa's account with the provider is misconfigured (token endpoint said 400/401).
    public static func configuration(_ detail: String) -> Self { Self(.configuration, detail) }
    /// The provider answered something that does not follow its documented format.
    public static func invalidResponse(_ detail: String) -> Self { Self(.invalidResponse, detail) }

    /// A fixed identifier, safe as a metric label and as the problem `type` suffix.
    public var shortDescription: String { code.rawValue }
    /// True when the provider may have acted: the checkout must become `needs_sync`.
    public var isOutcomeUnknown: Bool { code == .outcomeUnknown || code == .invalidResponse }
    /// True when the request certainly did not reach the provider.
    public var isNotSent: Bool { code == .notSent }
    public var isRejected: Bool { code == .rejected }
    public var isInvalidRequest: Bool { code == .invalidRequest }
    public var isUnsupported: Bool { code == .unsupported }
    public var isConfiguration: Bool { code == .configuration }
    public var description: String { "\(code.rawValue): \(detail)" }
}
