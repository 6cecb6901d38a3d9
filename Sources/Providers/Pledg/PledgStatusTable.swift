import Payments

extension PledgProvider {
    /// Every ProcessOut transaction status a standard notification's `status` may carry
    /// (PROVIDERS.md D, from the ProcessOut SDK enums) and its unified status.
    /// docs/providers/pledg.md has the same table. A status not in it is never guessed: the
    /// notification is stored, verified, and nothing is applied.
    public static let statusTable: [(providerStatus: String, status: Checkout.Status)] = [
        // Waiting for the buyer or the PSP (Pledg's Sylius plugin: pending).
        ("waiting", .pending),
        ("pending", .pending),
        // Authorized, the capture is asked for but not done (Sylius: pending).
        ("pending-capture", .pending),
        // The PSP authorized the charge of the virtual card; not captured.
        ("authorized", .authorized),
        // Captured (Sylius: captured).
        ("completed", .paid),
        // The charge failed, or the merchant's anti-fraud blocked it (Sylius: failed).
        ("failed", .failed),
        ("blocked", .failed),
        // The authorization was voided before capture.
        ("voided", .canceled),
        // Refunded in full, or in part (the notification carries no amount).
        ("refunded", .refunded),
        ("partially-refunded", .partiallyRefunded),
        // The payment was reversed (a lost chargeback): the money went back.
        ("reversed", .refunded),
        // A dispute settled for the merchant: the payment stands.
        ("solved", .paid),
        // Dispute steps whose outcome is not decided: the payment still stands until it is
        // reversed; a notice tells the shop (ProcessOut: chargeback-initiated, retrieval-request,
        // fraud-notification).
        ("chargeback-initiated", .paid),
        ("retrieval-request", .paid),
        ("fraud-notification", .paid),
        // Held by anti-fraud review: not paid yet.
        ("in-review", .pending),
    ]

    /// The statuses in the table that are disputes: reported as a `pledg.dispute` notice too.
    static let disputeStatuses: Set<String> = ["chargeback-initiated", "retrieval-request", "fraud-notification"]

    /// The unified status of a ProcessOut status, or nil when it is not documented.
    public static func unifiedStatus(of providerStatus: String) -> Checkout.Status? {
        statusTable.first { $0.providerStatus == providerStatus }?.status
    }
}
