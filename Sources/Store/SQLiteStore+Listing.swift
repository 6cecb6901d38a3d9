import FoundationEssentials
import Payments

extension SQLiteStore {
    /// See `PaymentStore.checkouts(matching:)`.
    public func checkouts(matching query: CheckoutListQuery) async throws -> [Checkout] {
        try await onReader { db in
            // Only constant fragments enter the SQL; every value is bound. Each filter has an
            // index leading with it and ending in created_at (rowid implied), so the newest-first
            // order is read off the index (MigrationTests checks the plans).
            var conditions: [String] = []
            var values: [any SQLiteBindable] = []
            if let reference = query.orderReference { conditions.append("order_reference = ?"); values.append(reference) }
            if let status = query.status { conditions.append("status = ?"); values.append(status.rawValue) }
            if let provider = query.provider { conditions.append("provider = ?"); values.append(provider.rawValue) }
            if let after = query.createdAfter { conditions.append("created_at > ?"); values.append(after.unixMilliseconds) }
            if let cursor = query.startingAfter {
                // created_at ties are broken by rowid (insertion order), so a page boundary
                // inside one millisecond neither repeats nor skips a checkout.
                guard let position = try db.queryFirst("SELECT created_at, rowid FROM checkouts WHERE id = ?",
                                                       [cursor.rawValue], { ($0.int64(0), $0.int64(1)) }) else {
                    throw PaymentStoreError.checkoutNotFound(cursor)
                }
                conditions.append("(created_at, rowid) < (?, ?)")
                values.append(position.0)
                values.append(position.1)
            }
            values.append(query.limit)
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try db.query("""
                SELECT \(Rows.checkoutColumns) FROM checkouts \(filter)
                ORDER BY created_at DESC, rowid DESC LIMIT ?
                """, values, Rows.checkout)
        }
    }
}
