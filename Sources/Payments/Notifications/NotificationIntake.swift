/// A provider's reading of its own notifications (`POST /v1/webhooks/{provider}`): it checks
/// the signature, says what the notification is about and, only when it is trusted, what it
/// says. The route stores what `receive` returns — never the request itself — before it
/// answers, and answers what the verification says (200, or 401 for a rejected signature).
///
/// `receive` runs on the request path: no I/O, no provider calls (a hint is followed up by
/// re-reading the checkout after the answer).
public protocol NotificationIntake: Sendable {
    /// Reads one notification.
    func receive(_ notification: ReceivedNotification) -> NotificationIntakeResult
}

/// A notification as received, before anything is stored.
public struct ReceivedNotification: Sendable {
    /// The request's header fields, as sent (credentials included: the intake must not keep them).
    public var headers: [(name: String, value: String)]
    /// The query parameters of the URL the notification was posted to (first value of each).
    public var query: [String: String]
    /// The body as received (bounded by the server's body limit).
    public var body: [UInt8]

    /// A notification.
    public init(headers: [(name: String, value: String)], query: [String: String], body: [UInt8]) {
        self.headers = headers
        self.query = query
        self.body = body
    }

    /// The first header field named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
}

/// What a notification claims, as far as Kassa can trust it.
public enum NotificationVerification: Sendable, Equatable {
    /// The signature checked out: the status it carries may be applied.
    case verified
    /// The provider does not sign these: only a hint to re-read the checkout from its API.
    case unsignedHint
    /// A signature is missing or wrong: kept for the operator (capped), never acted upon,
    /// answered 401. The reason is Kassa's own words, never the signature.
    case rejected(reason: String)
}

/// How the checkout a notification is about is found.
public enum NotificationLookup: Sendable, Equatable {
    /// Kassa's id, e.g. from the `?checkout=` of the notification URL Kassa gave the provider.
    case checkoutID(CheckoutID)
    /// The provider's reference of the checkout (`PaymentStore.checkout(provider:reference:)`).
    case providerReference(String)
    /// The provider's reference of a capture, cancel or refund (resolved through the
    /// operations table once it exists; until then the notification stays unmatched).
    case operationReference(String)
}

/// What the route stores and acts on. The body and headers are masked when the result is
/// made (`CardDataMasking`), so no intake can hand the store a card number, a CVC or a credential.
public struct NotificationIntakeResult: Sendable {
    /// The verification.
    public let verification: NotificationVerification
    /// The body to store, masked.
    public let body: [UInt8]
    /// The header fields to store, credentials removed, masked.
    public let headers: [String: String]
    /// What the notification is about; nil when it names nothing Kassa knows.
    public let lookup: NotificationLookup?
    /// The status the notification reports; only ever set when `verification` is `.verified`.
    public let trustedStatus: ProviderStatus?
    /// An unsigned notification "for information" (Pledg's split purchase end): recorded as an
    /// event of its own type on the checkout, never a state change and never a re-read.
    public private(set) var notice: ProviderNotice?

    private init(verification: NotificationVerification, body: [UInt8], contentType: String?,
                 headers: [(name: String, value: String)], lookup: NotificationLookup?, trustedStatus: ProviderStatus?) {
        self.verification = verification
        self.body = CardDataMasking.body(body, contentType: contentType)
        var kept = CardDataMasking.headers(headers)
        if let contentType { kept["content-type"] = String(contentType.prefix(128)) }
        self.headers = kept
        self.lookup = lookup
        self.trustedStatus = trustedStatus
    }

    /// A verified notification: `status` (if it carries one) is applied to the checkout.
    /// `headers` are the fields worth keeping as evidence (e.g. the signature header).
    public static func verified(body: [UInt8], contentType: String?, headers: [(name: String, value: String)] = [],
                                lookup: NotificationLookup?, status: ProviderStatus?) -> Self {
        Self(verification: .verified, body: body, contentType: contentType, headers: headers, lookup: lookup, trustedStatus: status)
    }

    /// An unsigned hint: the checkout is re-read from the provider.
    public static func unsignedHint(body: [UInt8], contentType: String?, headers: [(name: String, value: String)] = [],
                                    lookup: NotificationLookup?) -> Self {
        Self(verification: .unsignedHint, body: body, contentType: contentType, headers: headers, lookup: lookup, trustedStatus: nil)
    }

    /// An unsigned notification for information only: stored, answered 200, and `notice`
    /// recorded as an event on the checkout `lookup` names; nothing is applied or re-read.
    public static func informational(_ notice: ProviderNotice, body: [UInt8], contentType: String?,
                                     headers: [(name: String, value: String)] = [], lookup: NotificationLookup?) -> Self {
        var result = Self(verification: .unsignedHint, body: body, contentType: contentType, headers: headers, lookup: lookup, trustedStatus: nil)
        result.notice = notice
        return result
    }
    /// A rejected notification: stored for the operator, answered 401, not acted upon.
    public static func rejected(_ reason: String, body: [UInt8], contentType: String?,
                                headers: [(name: String, value: String)] = []) -> Self {
        Self(verification: .rejected(reason: reason), body: body, contentType: contentType, headers: headers, lookup: nil, trustedStatus: nil)
    }
}
