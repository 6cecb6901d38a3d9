import FoundationEssentials
import Payments

extension SQLiteStore {
    /// See `PaymentStore.createCheckout(_:)`.
    public func createCheckout(_ new: NewCheckout) async throws -> (Checkout, CheckoutEvent) {
        let now = configuration.now()
        return try await onWriter { db in
            // Inside the write transaction, so two attempts for one order cannot race past it.
            let paid = try db.queryFirst("SELECT paid_checkout_id FROM orders WHERE reference = ?",
                                         [new.orderReference]) { $0.optionalText(0) } ?? nil
            if let paid {
                throw PaymentStoreError.orderAlreadyPaid(reference: new.orderReference, paidCheckout: CheckoutID(paid))
            }
            try db.run("""
                INSERT INTO orders (reference, created_at, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (reference) DO UPDATE SET updated_at = excluded.updated_at
                """, [new.orderReference, now.unixMilliseconds, now.unixMilliseconds])
            let checkout = Checkout(id: new.id, orderReference: new.orderReference, provider: new.provider,
                                    method: new.method, amount: new.amount, metadata: new.metadata,
                                    captureMethod: new.captureMethod, createdAt: now, updatedAt: now)
            do {
                try db.run("""
                    INSERT INTO checkouts (id, order_reference, provider, method, amount_minor, currency,
                        status, provider_data, refunded_minor, needs_sync, created_at, updated_at, metadata, capture_method)
                    VALUES (?, ?, ?, ?, ?, ?, ?, '{}', 0, 0, ?, ?, ?, ?)
                    """, [checkout.id.rawValue, checkout.orderReference, checkout.provider.rawValue, checkout.method,
                          checkout.amount.minorUnits, checkout.amount.currency.code, checkout.status.rawValue,
                          now.unixMilliseconds, now.unixMilliseconds, Rows.encodeData(new.metadata), new.captureMethod?.rawValue])
            } catch let error as SQLiteError where error.isUniqueViolation {
                throw PaymentStoreError.duplicateReference("checkout \(new.id) exists")
            }
            let event = try Rows.insertEvent(db, checkoutID: checkout.id, kind: .created, source: new.source,
                                             oldStatus: nil, newStatus: .created, providerStatus: nil,
                                             refundedMinorUnits: 0, detail: nil, at: now, metadata: new.metadata,
                                             queuesDelivery: self.configuration.queuesEventsForDelivery)
            return (checkout, event)
        }
    }

    /// See `PaymentStore.attachProviderReference(_:data:to:)`.
    public func attachProviderReference(_ reference: String?, data: [String: String],
                                        to id: CheckoutID) async throws -> Checkout {
        let now = configuration.now()
        return try await onWriter { db in
            var checkout = try SQLiteStore.currentCheckout(db, id)
            try SQLiteStore.attach(reference, data: data, to: &checkout, db, now: now)
            return checkout
        }
    }

    /// Records `reference` (when not nil) and merges `data` into the checkout's row, inside
    /// the caller's write transaction.
    static func attach(_ reference: String?, data: [String: String], to checkout: inout Checkout,
                       _ db: Connection, now: Date) throws {
        checkout.providerReference = reference ?? checkout.providerReference
        checkout.providerData.merge(data) { _, new in new }
        checkout.updatedAt = now
        do {
            try db.run("UPDATE checkouts SET provider_reference = ?, provider_data = ?, updated_at = ? WHERE id = ?",
                       [checkout.providerReference, Rows.encodeData(checkout.providerData),
                        now.unixMilliseconds, checkout.id.rawValue])
        } catch let error as SQLiteError where error.isUniqueViolation {
            throw PaymentStoreError.duplicateReference("\(checkout.provider) reference \(reference ?? "") is taken")
        }
    }

    /// See `PaymentStore.checkout(id:)`.
    public func checkout(id: CheckoutID) async throws -> Checkout? {
        try await onReader { db in
            try db.queryFirst("SELECT \(Rows.checkoutColumns) FROM checkouts WHERE id = ?", [id.rawValue], Rows.checkout)
        }
    }

    /// See `PaymentStore.checkout(provider:reference:)`.
    public func checkout(provider: ProviderID, reference: String) async throws -> Checkout? {
        try await onReader { db in
            try db.queryFirst("SELECT \(Rows.checkoutColumns) FROM checkouts WHERE provider = ? AND provider_reference = ?",
                              [provider.rawValue, reference], Rows.checkout)
        }
    }

    /// See `PaymentStore.order(reference:)`.
    public func order(reference: String) async throws -> Order? {
        try await onReader { db in
            guard let (createdAt, paid) = try db.queryFirst("SELECT created_at, paid_checkout_id FROM orders WHERE reference = ?",
                                                            [reference], { ($0.int64(0), $0.optionalText(1)) }) else { return nil }
            let attempts = try db.query("""
                SELECT \(Rows.checkoutColumns) FROM checkouts WHERE order_reference = ?
                ORDER BY created_at, rowid
                """, [reference], Rows.checkout)
            return Order(reference: reference, createdAt: Date(unixMilliseconds: createdAt), attempts: attempts,
                         paidCheckoutID: paid.map(CheckoutID.init))
        }
    }

    /// The checkout as the writer sees it now, inside the caller's transaction.
    static func currentCheckout(_ db: Connection, _ id: CheckoutID) throws -> Checkout {
        guard let checkout = try db.queryFirst("SELECT \(Rows.checkoutColumns) FROM checkouts WHERE id = ?",
                                               [id.rawValue], Rows.checkout) else {
            throw PaymentStoreError.checkoutNotFound(id)
        }
        return checkout
    }
}
