/// An error from a `PaymentStore`. A struct over a private code so cases can be added without
/// breaking callers; compare with the static members (`error == .orderAlreadyPaid`).
public struct PaymentStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: String, Hashable, Sendable {
        case orderAlreadyPaid = "order_already_paid"
        case checkoutNotFound = "checkout_not_found"
        case duplicateReference = "duplicate_reference"
        case schemaTooNew = "schema_too_new"
        case storageFailure = "storage_failure"
        case corruptDatabase = "corrupt_database"
        case storeUnavailable = "store_unavailable"
    }

    private let code: Code
    /// Human-readable detail (never a secret; may name ids and versions).
    public let detail: String

    private init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// A fixed, low-cardinality name, safe as a metric label.
    public var shortDescription: String { code.rawValue }

    /// `code: detail`.
    public var description: String { "\(code.rawValue): \(detail)" }

    /// Errors are equal when their codes are; the detail is informational.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// An attempt of this order reference is already paid: a new attempt is refused (API 409).
    public static let orderAlreadyPaid = PaymentStoreError(.orderAlreadyPaid, "order already paid")
    /// No checkout with that id (API 404).
    public static let checkoutNotFound = PaymentStoreError(.checkoutNotFound, "checkout not found")
    /// The checkout id, or the provider's reference for this provider, is already stored.
    public static let duplicateReference = PaymentStoreError(.duplicateReference, "already stored")
    /// The database was migrated by a newer Kassa; this binary refuses to touch it.
    public static let schemaTooNew = PaymentStoreError(.schemaTooNew, "database schema is newer than this binary")
    /// The storage engine failed (I/O, corruption, busy beyond the timeout). API 500/503.
    public static let storageFailure = PaymentStoreError(.storageFailure, "storage failure")

    /// `orderAlreadyPaid` naming the paid attempt.
    public static func orderAlreadyPaid(reference: String, paidCheckout: CheckoutID) -> PaymentStoreError {
        PaymentStoreError(.orderAlreadyPaid, "order \(reference) is already paid by \(paidCheckout)")
    }

    /// `checkoutNotFound` naming the id.
    public static func checkoutNotFound(_ id: CheckoutID) -> PaymentStoreError {
        PaymentStoreError(.checkoutNotFound, "no checkout \(id)")
    }

    /// `duplicateReference` with what was duplicated.
    public static func duplicateReference(_ what: String) -> PaymentStoreError {
        PaymentStoreError(.duplicateReference, what)
    }

    /// `schemaTooNew` with both versions, for the operator.
    public static func schemaTooNew(found: Int, supported: Int) -> PaymentStoreError {
        PaymentStoreError(.schemaTooNew, "database schema version \(found) is newer than this binary supports (\(supported)); upgrade Kassa or use a matching database")
    }

    /// The database file is corrupt (compare with `==`; see `corruptDatabase(path:finding:)`).
    public static let corruptDatabase = PaymentStoreError(.corruptDatabase, "corrupt database")

    /// The database file failed SQLite's `quick_check` (or is not a database): refused at
    /// start-up, with what SQLite found, so the operator restores it rather than serve from it.
    public static func corruptDatabase(path: String, finding: String) -> PaymentStoreError {
        PaymentStoreError(.corruptDatabase, "the database \(path) is corrupt (\(finding)); "
            + "restore it from a backup or recover it with the sqlite3 shell's .recover before starting Kassa")
    }

    /// The database server cannot be reached (refused, lost, shutting down): API 503, and
    /// `/readyz` says so. Compare with `==`; see `storeUnavailable(_:)`.
    public static let storeUnavailable = PaymentStoreError(.storeUnavailable, "the database is unreachable")

    /// `storeUnavailable` with the client library's message (which names host and port, never a password).
    public static func storeUnavailable(_ message: String) -> PaymentStoreError {
        PaymentStoreError(.storeUnavailable, "the database is unreachable: " + message)
    }

    /// `storageFailure` with the engine's message.
    public static func storageFailure(_ message: String) -> PaymentStoreError {
        PaymentStoreError(.storageFailure, message)
    }
}
