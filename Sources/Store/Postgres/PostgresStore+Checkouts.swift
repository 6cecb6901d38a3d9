import FoundationEssentials
import Payments

extension PostgresStore {
    /// See `PaymentStore.createCheckout(_:)`.
    public func createCheckout(_ new: NewCheckout) async throws -> (Checkout, CheckoutEvent) {
        let now = configuration.now()
        let (runID, queues) = (runID, configuration.queuesEventsForDelivery)
        return try await onWriter { db in
            // The upsert locks the order's row until commit and returns its latest state: a
            // concurrent first payment of the order is either seen here or waits for this.
            let paid = try db.queryFirst("""
                INSERT INTO orders (reference, created_at, updated_at) VALUES ($1, $2, $2)
                ON CONFLICT (reference) DO UPDATE SET updated_at = excluded.updated_at
                RETURNING paid_checkout_id
                """, [new.orderReference, now.unixMilliseconds]) { $0.optionalText(0) } ?? nil
            if let paid {
                throw PaymentStoreError.orderAlreadyPaid(reference: new.orderReference, paidCheckout: CheckoutID(paid))
            }
            let checkout = Checkout(id: new.id, orderReference: new.orderReference, provider: new.provider,
                                    method: new.method, amount: new.amount, metadata: new.metadata,
                                    captureMethod: new.captureMethod, createdAt: now, updatedAt: now)
            // ON CONFLICT DO NOTHING: a taken id is an answer, not an error that would abort the transaction.
            let inserted = try db.run("""
                INSERT INTO checkouts (id, order_reference, provider, method, amount_minor, currency,
                    status, provider_data, refunded_minor, needs_sync, created_at, updated_at, metadata, capture_method,
                    creating, creating_run)
                VALUES ($1, $2, $3, $4, $5, $6, $7, '{}', 0, 0, $8, $8, $9, $10, 1, $11)
                ON CONFLICT (id) DO NOTHING
                """, [checkout.id.rawValue, checkout.orderReference, checkout.provider.rawValue, checkout.method,
                      checkout.amount.minorUnits, checkout.amount.currency.code, checkout.status.rawValue,
                      now.unixMilliseconds, Rows.encodeData(new.metadata), new.captureMethod?.rawValue, runID])
            guard inserted == 1 else { throw PaymentStoreError.duplicateReference("checkout \(new.id) exists") }
            if let key = new.idempotencyKey {
                try db.run("UPDATE idempotency_keys SET checkout_id = $1 WHERE scope = $2 AND key = $3",
                           [checkout.id.rawValue, key.scope, key.value])
            }
            let event = try Self.insertEvent(db, checkoutID: checkout.id, kind: .created, source: new.source,
                                             oldStatus: nil, newStatus: .created, providerStatus: nil,
                                             refundedMinorUnits: 0, detail: nil, at: now, metadata: new.metadata,
                                             queuesDelivery: queues)
            return (checkout, event)
        }
    }

    /// See `PaymentStore.attachProviderReference(_:data:to:)`.
    public func attachProviderReference(_ reference: String?, data: [String: String],
                                        to id: CheckoutID) async throws -> Checkout {
        let now = configuration.now()
        return try await onWriter { db in
            var checkout = try Self.lockedCheckout(db, id)
            try Self.attach(reference, data: data, to: &checkout, db, now: now)
            return checkout
        }
    }

    /// Records `reference` (when not nil) and merges `data` into the checkout's row, inside
    /// the caller's transaction (which holds the row's lock).
    static func attach(_ reference: String?, data: [String: String], to checkout: inout Checkout,
                       _ db: PostgresConnection, now: Date) throws {
        checkout.providerReference = reference ?? checkout.providerReference
        checkout.providerData.merge(data) { _, new in new }
        checkout.updatedAt = now
        if let reference {
            // Checked first: a unique violation would abort the whole transaction. Another
            // transaction inserting the same reference at once still fails on the index.
            let taken = try db.queryFirst("""
                SELECT 1 FROM checkouts WHERE provider = $1 AND provider_reference = $2 AND id <> $3
                """, [checkout.provider.rawValue, reference, checkout.id.rawValue]) { _ in true } ?? false
            if taken { throw PaymentStoreError.duplicateReference("\(checkout.provider) reference \(reference) is taken") }
        }
        do {
            try db.run("""
                UPDATE checkouts SET provider_reference = $1, provider_data = $2, updated_at = $3, creating = 0 WHERE id = $4
                """, [checkout.providerReference, Rows.encodeData(checkout.providerData), now.unixMilliseconds, checkout.id.rawValue])
        } catch let error as PostgresError where error.isUniqueViolation {
            throw PaymentStoreError.duplicateReference("\(checkout.provider) reference \(reference ?? "") is taken")
        }
    }

    /// See `PaymentStore.checkout(id:)`.
    public func checkout(id: CheckoutID) async throws -> Checkout? {
        try await onConnection { db in
            try db.queryFirst("SELECT \(Rows.checkoutColumns) FROM checkouts WHERE id = $1", [id.rawValue], Rows.checkout)
        }
    }

    /// See `PaymentStore.checkout(provider:reference:)`.
    public func checkout(provider: ProviderID, reference: String) async throws -> Checkout? {
        try await onConnection { db in
            try db.queryFirst("SELECT \(Rows.checkoutColumns) FROM checkouts WHERE provider = $1 AND provider_reference = $2",
                              [provider.rawValue, reference], Rows.checkout)
        }
    }

    /// See `PaymentStore.order(reference:)`.
    public func order(reference: String) async throws -> Order? {
        try await onConnection(snapshot: true) { db in
            guard let (createdAt, paid) = try db.queryFirst("SELECT created_at, paid_checkout_id FROM orders WHERE reference = $1",
                                                            [reference], { ($0.int64(0), $0.optionalText(1)) }) else { return nil }
            let attempts = try db.query("""
                SELECT \(Rows.checkoutColumns) FROM checkouts WHERE order_reference = $1
                ORDER BY created_at, row_order
                """, [reference], Rows.checkout)
            return Order(reference: reference, createdAt: Date(unixMilliseconds: createdAt), attempts: attempts,
                         paidCheckoutID: paid.map(CheckoutID.init))
        }
    }

    /// The checkout as committed now, its row locked until the caller's transaction ends: the
    /// re-read that serializes every update of one checkout across instances.
    static func lockedCheckout(_ db: PostgresConnection, _ id: CheckoutID) throws -> Checkout {
        guard let checkout = try db.queryFirst("SELECT \(Rows.checkoutColumns) FROM checkouts WHERE id = $1 FOR UPDATE",
                                               [id.rawValue], Rows.checkout) else {
            throw PaymentStoreError.checkoutNotFound(id)
        }
        return checkout
    }

    /// See `PaymentStore.checkouts(matching:)`.
    public func checkouts(matching query: CheckoutListQuery) async throws -> [Checkout] {
        try await onConnection(snapshot: true) { db in
            // Only constant fragments enter the SQL; every value is bound.
            var conditions: [String] = []
            var values: [any PostgresBindable] = []
            func parameter(_ value: any PostgresBindable) -> String {
                values.append(value)
                return "$\(values.count)"
            }
            if let reference = query.orderReference { conditions.append("order_reference = \(parameter(reference))") }
            if let status = query.status { conditions.append("status = \(parameter(status.rawValue))") }
            if let provider = query.provider { conditions.append("provider = \(parameter(provider.rawValue))") }
            if let after = query.createdAfter { conditions.append("created_at > \(parameter(after.unixMilliseconds))") }
            if let cursor = query.startingAfter {
                // created_at ties are broken by row_order (insertion order), so a page boundary
                // inside one millisecond neither repeats nor skips a checkout.
                guard let position = try db.queryFirst("SELECT created_at, row_order FROM checkouts WHERE id = $1",
                                                       [cursor.rawValue], { ($0.int64(0), $0.int64(1)) }) else {
                    throw PaymentStoreError.checkoutNotFound(cursor)
                }
                conditions.append("(created_at, row_order) < (\(parameter(position.0)), \(parameter(position.1)))")
            }
            let limit = parameter(query.limit)
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try db.query("""
                SELECT \(Rows.checkoutColumns) FROM checkouts \(filter)
                ORDER BY created_at DESC, row_order DESC LIMIT \(limit)
                """, values, Rows.checkout)
        }
    }
}
