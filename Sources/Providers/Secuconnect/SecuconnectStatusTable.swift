import Payments

extension SecuconnectProvider {
    /// Every documented Smart Transaction `status` (PROVIDERS.md A, "Smart Transaction status
    /// values") and its unified status. docs/providers/secuconnect.md has the same table.
    /// A status not in it is an `invalidResponse`: it is never guessed.
    public static let statusTable: [(providerStatus: String, status: Checkout.Status)] = [
        // New; the buyer has not finished Smart Checkout (status-model.md: "the provider knows
        // the payment; the customer has not finished").
        ("created", .pending),
        // A secucard paid part of it; `missing_sum` is still open (only with /preTransaction).
        ("processing", .pending),
        // Pre-authorised, can be captured (skipped when auto_capture is true).
        ("approved", .authorized),
        // Capture requested, not acknowledged yet (always with prepaid: the transfer is awaited).
        ("pending", .pending),
        // Captured; deliver (intent sale).
        ("ok", .paid),
        // Captured; ship (intent order with shipping).
        ("received", .paid),
        // Captured and shipped.
        ("shipped", .paid),
        // Captured; prepare for pickup (intent order with collection).
        ("collection", .paid),
        // Captured and collected.
        ("collected", .paid),
        // Authorisation or capture failed; the payment must be repeated.
        ("failed", .failed),
    ]

    /// The unified status of a Smart Transaction status, or nil when it is not documented.
    public static func unifiedStatus(ofSmartTransactionStatus providerStatus: String) -> Checkout.Status? {
        statusTable.first { $0.providerStatus == providerStatus }?.status
    }

    /// The Payment Transaction's `status_simple` values that refine a Smart Transaction
    /// status (PROVIDERS.md A, `/checkStatus`): the Smart Transaction stays `ok` after a
    /// refund and says `failed` after a void, so the payment transaction tells them apart.
    static func refinedStatus(_ status: Checkout.Status, paymentStatusSimple: Int64?) -> Checkout.Status {
        switch (status, paymentStatusSimple) {
        // 5 void: an authorisation cancelled before capture.
        case (.failed, 5?), (.authorized, 5?): .canceled
        // 7 refund: nothing of a captured payment remains.
        case (.paid, 7?): .refunded
        default: status
        }
    }
}
