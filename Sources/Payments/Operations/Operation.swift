import Crypto
import FoundationEssentials

/// The id of a follow-up operation: `re_…` for a refund, `op_…` for a capture or a cancel.
/// Stored before the provider is called, so it can be the provider-side idempotency key
/// (SmartPay's `modificationId`) and a retry after an unknown outcome sends the same one.
public struct OperationID: Hashable, Sendable, CustomStringConvertible {
    /// The text form.
    public let rawValue: String

    /// Wraps an id read from storage or a URL.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A fresh random id for an operation of `kind`.
    public static func generate(_ kind: Operation.Kind) -> OperationID { OperationID(RandomID.make(prefix: kind.idPrefix)) }

    /// The id an `Idempotency-Key` names: the same key (in its API key's scope) on the same
    /// checkout and kind is always the same operation, so a client's retry reuses the id.
    public static func derived(_ kind: Operation.Kind, checkout: CheckoutID, key: IdempotencyKey) -> OperationID {
        let input = Array("\(key.scope)\n\(checkout.rawValue)\n\(kind.rawValue)\n\(key.value)".utf8)
        return OperationID(kind.idPrefix + String(Hex.encode(SHA256.hash(input)).prefix(32)))
    }

    /// The text form.
    public var description: String { rawValue }
}

/// A capture, cancel or refund of a checkout, as stored (table `operations`).
public struct Operation: Hashable, Sendable {
    /// What the operation does.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case capture, cancel, refund

        var idPrefix: String { self == .refund ? "re_" : "op_" }
    }

    /// Where the operation stands.
    public enum Status: String, Hashable, Sendable, CaseIterable {
        /// Stored; the provider has not answered yet.
        case requested
        /// The call ended without an answer: the provider may have acted. A retry reuses the id.
        case unknown
        /// The provider accepted it and will finish it later.
        case pending
        /// Done.
        case succeeded
        /// The provider refused it.
        case failed

        /// True when a retry must send the same id again (the provider may have acted).
        public var isUnresolved: Bool { self == .requested || self == .unknown }
    }

    public var id: OperationID
    public var checkoutID: CheckoutID
    public var kind: Kind
    /// The amount: the one asked for, or for "all"/"the rest" the amount it meant when stored.
    public var amount: Money?
    /// The shop's reason (refunds).
    public var reason: String?
    public var status: Status
    /// The provider's id for the operation, once it gave one.
    public var providerReference: String?
    public var createdAt: Date
    public var updatedAt: Date

    /// An operation with every field given.
    public init(id: OperationID, checkoutID: CheckoutID, kind: Kind, amount: Money?, reason: String?, status: Status,
                providerReference: String?, createdAt: Date, updatedAt: Date) {
        self.id = id; self.checkoutID = checkoutID; self.kind = kind; self.amount = amount; self.reason = reason
        self.status = status; self.providerReference = providerReference; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

/// What a provider adapter receives for a capture, cancel or refund.
public struct OperationRequest: Sendable, Equatable {
    /// Kassa's id, stored before the call: usable as the provider's idempotency key.
    public var id: OperationID
    public var kind: Operation.Kind
    /// The amount asked for; nil: all of it (capture) or the rest (refund).
    public var amount: Money?
    /// The shop's reason (refunds).
    public var reason: String?
    /// True when an earlier call with this id ended without an answer: the provider may
    /// already have acted, so an adapter without provider-side idempotency checks first.
    public var isRetry: Bool

    /// A request; `id` defaults to a fresh one.
    public init(id: OperationID? = nil, kind: Operation.Kind, amount: Money? = nil, reason: String? = nil, isRetry: Bool = false) {
        self.id = id ?? .generate(kind)
        self.kind = kind
        self.amount = amount
        self.reason = reason
        self.isRetry = isRetry
    }
}

/// A provider's answer to an operation.
public struct OperationResult: Sendable, Equatable {
    /// The payment's state afterwards (applied to the checkout).
    public var status: ProviderStatus
    /// The provider's id for the operation, when it has one (a refund id, a modification id).
    public var providerReference: String?
    /// True when the provider accepted the operation but finishes it later.
    public var isPending: Bool

    /// An answer.
    public init(status: ProviderStatus, providerReference: String? = nil, isPending: Bool = false) {
        self.status = status
        self.providerReference = providerReference
        self.isPending = isPending
    }
}
