import FoundationEssentials
import Payments

extension PostgresStore {
    private static let operationColumns = """
        id, checkout_id, kind, amount_minor, currency, reason, status, provider_reference, created_at, updated_at
        """

    /// See `OperationStore.beginOperation(_:)`.
    public func beginOperation(_ operation: Operation) async throws -> Operation {
        let now = configuration.now()
        let runID = runID
        return try await onWriter { db in
            let checkout = try Self.lockedCheckout(db, operation.checkoutID)
            if let existing = try Self.operation(db, operation.id) { return existing }
            let currency = operation.amount?.currency.code ?? checkout.amount.currency.code
            // An id another checkout's transaction is inserting right now is caught by the key.
            try db.run("""
                INSERT INTO operations (id, checkout_id, provider, kind, amount_minor, currency, reason, status,
                    provider_reference, created_at, updated_at, requested_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 'requested', NULL, $8, $8, $9)
                ON CONFLICT (id) DO NOTHING
                """, [operation.id.rawValue, checkout.id.rawValue, checkout.provider.rawValue, operation.kind.rawValue,
                      operation.amount?.minorUnits, currency, operation.reason, now.unixMilliseconds, runID])
            guard let stored = try Self.operation(db, operation.id) else {
                throw PaymentStoreError.storageFailure("operation \(operation.id) vanished")
            }
            return stored
        }
    }

    /// See `OperationStore.finishOperation(_:status:providerReference:)`.
    public func finishOperation(_ id: OperationID, status: Operation.Status, providerReference: String?) async throws -> Operation {
        let now = configuration.now()
        return try await onWriter { db in
            try db.run("""
                UPDATE operations SET status = $1, provider_reference = COALESCE($2, provider_reference), updated_at = $3
                WHERE id = $4
                """, [status.rawValue, providerReference, now.unixMilliseconds, id.rawValue])
            guard let operation = try Self.operation(db, id) else { throw PaymentStoreError.storageFailure("no operation \(id)") }
            return operation
        }
    }

    /// See `OperationStore.operation(id:)`.
    public func operation(id: OperationID) async throws -> Operation? {
        try await onConnection { db in try Self.operation(db, id) }
    }

    /// See `OperationStore.operations(of:kind:)`.
    public func operations(of checkout: CheckoutID, kind: Operation.Kind?) async throws -> [Operation] {
        try await onConnection { db in
            try db.query("""
                SELECT \(Self.operationColumns) FROM operations WHERE checkout_id = $1 AND ($2::text IS NULL OR kind = $2::text)
                ORDER BY created_at, row_order
                """, [checkout.rawValue, kind?.rawValue]) { try Self.operation($0) }
        }
    }

    /// See `OperationStore.operation(provider:reference:)`.
    public func operation(provider: ProviderID, reference: String) async throws -> Operation? {
        try await onConnection { db in
            try db.queryFirst("SELECT \(Self.operationColumns) FROM operations WHERE provider = $1 AND provider_reference = $2",
                              [provider.rawValue, reference]) { try Self.operation($0) }
        }
    }

    /// See `OperationStore.settleOperations(of:succeeded:)`: marks `succeeded` the operations
    /// an answer showed and, when none is left `requested` or `unknown`, clears `needs_sync`.
    public func settleOperations(of id: CheckoutID, succeeded: [OperationID]) async throws -> Checkout {
        let now = configuration.now()
        return try await onWriter { db in
            var checkout = try Self.lockedCheckout(db, id)
            for operation in succeeded {
                try db.run("""
                    UPDATE operations SET status = 'succeeded', updated_at = $1
                    WHERE id = $2 AND checkout_id = $3 AND status IN ('requested', 'unknown', 'pending')
                    """, [now.unixMilliseconds, operation.rawValue, id.rawValue])
            }
            if checkout.needsSync, try !Self.hasUnresolvedOperations(db, id) {
                try db.run("UPDATE checkouts SET needs_sync = 0 WHERE id = $1", [id.rawValue])
                checkout.needsSync = false
            }
            return checkout
        }
    }

    private static func operation(_ db: PostgresConnection, _ id: OperationID) throws -> Operation? {
        try db.queryFirst("SELECT \(operationColumns) FROM operations WHERE id = $1", [id.rawValue]) { try operation($0) }
    }

    private static func operation(_ row: PostgresRow) throws -> Operation {
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
