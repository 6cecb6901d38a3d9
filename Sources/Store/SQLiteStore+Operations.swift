import FoundationEssentials
import Payments

extension SQLiteStore {
    private static let operationColumns = """
        id, checkout_id, kind, amount_minor, currency, reason, status, provider_reference, created_at, updated_at
        """

    /// See `OperationStore.beginOperation(_:)`.
    public func beginOperation(_ operation: Operation) async throws -> Operation {
        let now = configuration.now()
        return try await onWriter { db in
            if let existing = try SQLiteStore.operation(db, operation.id) { return existing }
            let checkout = try SQLiteStore.currentCheckout(db, operation.checkoutID)
            let currency = operation.amount?.currency.code ?? checkout.amount.currency.code
            try db.run("""
                INSERT INTO operations (id, checkout_id, provider, kind, amount_minor, currency, reason, status,
                    provider_reference, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'requested', NULL, ?, ?)
                """, [operation.id.rawValue, checkout.id.rawValue, checkout.provider.rawValue, operation.kind.rawValue,
                      operation.amount?.minorUnits, currency, operation.reason, now.unixMilliseconds, now.unixMilliseconds])
            return try SQLiteStore.operation(db, operation.id)!
        }
    }

    /// See `OperationStore.finishOperation(_:status:providerReference:)`.
    public func finishOperation(_ id: OperationID, status: Operation.Status, providerReference: String?) async throws -> Operation {
        let now = configuration.now()
        return try await onWriter { db in
            try db.run("""
                UPDATE operations SET status = ?, provider_reference = COALESCE(?, provider_reference), updated_at = ? WHERE id = ?
                """, [status.rawValue, providerReference, now.unixMilliseconds, id.rawValue])
            guard let operation = try SQLiteStore.operation(db, id) else { throw PaymentStoreError.storageFailure("no operation \(id)") }
            return operation
        }
    }

    /// See `OperationStore.operation(id:)`.
    public func operation(id: OperationID) async throws -> Operation? {
        try await onReader { db in try SQLiteStore.operation(db, id) }
    }

    /// See `OperationStore.operations(of:kind:)`.
    public func operations(of checkout: CheckoutID, kind: Operation.Kind?) async throws -> [Operation] {
        try await onReader { db in
            if let kind {
                return try db.query("SELECT \(Self.operationColumns) FROM operations WHERE checkout_id = ? AND kind = ? ORDER BY created_at, rowid",
                                    [checkout.rawValue, kind.rawValue]) { try Self.operation($0) }
            }
            return try db.query("SELECT \(Self.operationColumns) FROM operations WHERE checkout_id = ? ORDER BY created_at, rowid",
                                [checkout.rawValue]) { try Self.operation($0) }
        }
    }

    /// See `OperationStore.operation(provider:reference:)`.
    public func operation(provider: ProviderID, reference: String) async throws -> Operation? {
        try await onReader { db in
            try db.queryFirst("SELECT \(Self.operationColumns) FROM operations WHERE provider = ? AND provider_reference = ?",
                              [provider.rawValue, reference]) { try Self.operation($0) }
        }
    }

    private static func operation(_ db: Connection, _ id: OperationID) throws -> Operation? {
        try db.queryFirst("SELECT \(operationColumns) FROM operations WHERE id = ?", [id.rawValue]) { try operation($0) }
    }

    private static func operation(_ row: Row) throws -> Operation {
        guard let kind = Operation.Kind(rawValue: row.text(2)), let status = Operation.Status(rawValue: row.text(6)) else {
            throw PaymentStoreError.storageFailure("operation \(row.text(0)) has an unknown kind or status")
        }
        guard let currency = Currency(code: row.text(4)) else { throw PaymentStoreError.storageFailure("operation currency \(row.text(4))") }
        return Operation(id: OperationID(row.text(0)), checkoutID: CheckoutID(row.text(1)), kind: kind,
                         amount: row.optionalInt64(3).map { Money(minorUnits: $0, currency: currency) },
                         reason: row.optionalText(5), status: status, providerReference: row.optionalText(7),
                         createdAt: Date(unixMilliseconds: row.int64(8)), updatedAt: Date(unixMilliseconds: row.int64(9)))
    }
}
