import Payments

extension SmartPayProvider {
    /// Every `paymentStatus` SmartPay documents (seed 001, PROVIDERS.md B "paymentStatus values
    /// found") and its unified status. docs/providers/smartpay.md has the same table. A status
    /// not in it is kept raw, read as `pending` (not final) and logged once (PROVIDERS.md B:
    /// "Treat any unknown paymentStatus as pending with the raw value kept, and log it once").
    public static let statusTable: [(providerStatus: String, status: Checkout.Status)] = [
        // Create Checkout's answer: the checkout exists, the buyer has not started (no webhook).
        ("CREATED", .created),
        // The docs' own spelling (payment-status-model): the buyer submitted, temporary.
        ("AUTORIZATION_INITIALIZED", .pending),
        // Seed 001: not synchronously completed; re-read up to three times within 3 minutes.
        ("AUTHORIZATION_PENDING", .pending),
        // Seed 001: "successfully authorized (auto-capture = off or delayed)": funds blocked.
        ("AUTHORIZATION_COMPLETED", .authorized),
        // A capture is on its way; the authorisation still stands and nothing is captured yet,
        // so it stays capturable-looking `authorized` (a later CAPTURED moves it on).
        ("CAPTURE_PENDING", .authorized),
        // Seed 001: "successfully captured (auto-capture = on or capture API called)".
        ("CAPTURED", .paid),
        // Paid out to the merchant: still captured money (refunds show as modifications).
        ("SETTLED", .paid),
        // The Cancel response example (modification-apis/cancel): an authorisation released.
        ("CANCELLED", .canceled),
        // INFERENCE: not on the status-model page found (its failure statuses are unknown,
        // PROVIDERS.md B); named like the documented AUTHORIZATION_* ones, and the simulator's
        // answer to a declined card. Read as final `failed` so that a decline ends the attempt.
        ("AUTHORIZATION_FAILED", .failed),
    ]

    /// The `*_PENDING` statuses of seed 001's retry rule.
    public static let pendingStatuses: Set<String> = ["AUTHORIZATION_PENDING", "CAPTURE_PENDING"]

    /// The unified status of a `paymentStatus`, or nil when it is not documented.
    public static func unifiedStatus(ofPaymentStatus providerStatus: String) -> Checkout.Status? {
        statusTable.first { $0.providerStatus == providerStatus }?.status
    }
}
