import FoundationEssentials
import JSON
import Payments

extension CheckoutService {
    /// An order is paid once (issue 13). Run after a transition to `paid` (or `authorized`):
    ///
    /// - the first attempt of its order to be paid: the order's other open attempts (a buyer's
    ///   second tab) are canceled or aborted at their providers, where the provider allows it;
    /// - an attempt paid after another one was: a `duplicate_payment` event for the shop and
    ///   the operators, and with `orders.refund_duplicate_payments` a refund of all of it;
    /// - an attempt authorized after another one was paid: its authorization is voided.
    ///
    /// Failures are logged, never thrown: the transition that triggered this is already stored,
    /// and the event (or the reconciler's next poll) leaves the trace an operator needs.
    func settleOrder(after checkout: Checkout, source: CheckoutEvent.Source) async {
        do {
            guard let first = try await store.paidCheckoutID(orderReference: checkout.orderReference) else { return }
            if first == checkout.id {
                try await closeOtherAttempts(of: checkout)
            } else if checkout.status == .authorized {
                logger.log(.warning, "authorized after its order was paid: voiding", [("checkout_id", .string(checkout.id.rawValue)),
                                                                                       ("paid_checkout_id", .string(first.rawValue))])
                _ = try await cancel(checkout)
            } else {
                try await handleDuplicate(checkout, first: first, source: source)
            }
        } catch {
            logger.log(.error, "order not settled", [("checkout_id", .string(checkout.id.rawValue)),
                                                     ("error", .string(String(describing: error)))])
        }
    }

    /// Cancels the order's attempts still open besides `paid`. One that cannot be canceled any
    /// more (captured meanwhile) is read again: if it is paid, that read records the duplicate.
    private func closeOtherAttempts(of paid: Checkout) async throws {
        guard let order = try await store.order(reference: paid.orderReference) else { return }
        let open: Set<Checkout.Status> = [.created, .pending, .authorized]
        for attempt in order.attempts where attempt.id != paid.id && open.contains(attempt.status) {
            guard let provider = providers[attempt.provider], provider.capabilities.canCancel, attempt.providerReference != nil else {
                logger.log(.warning, "open attempt of a paid order not canceled: its provider cannot",
                           [("checkout_id", .string(attempt.id.rawValue)), ("paid_checkout_id", .string(paid.id.rawValue))])
                continue
            }
            do {
                _ = try await cancel(attempt)
            } catch CheckoutServiceError.provider(let error, _) where error.isUnsupported || error.isRejected {
                _ = try? await synchronize(attempt, source: .api)
            } catch {
                logger.log(.warning, "open attempt of a paid order not canceled", [("checkout_id", .string(attempt.id.rawValue)),
                                                                                   ("error", .string(String(describing: error)))])
            }
        }
    }

    private func handleDuplicate(_ checkout: Checkout, first: CheckoutID, source: CheckoutEvent.Source) async throws {
        _ = try await store.recordDuplicatePayment(checkout.id, source: source,
                                                   detail: "order \(checkout.orderReference) was paid by \(first) first")
        logger.log(.warning, "duplicate payment", [("checkout_id", .string(checkout.id.rawValue)), ("paid_checkout_id", .string(first.rawValue)),
                                                   ("refunding", .bool(refundsDuplicatePayments))])
        guard refundsDuplicatePayments else { return }
        // The reason follows secuconnect's documented pattern (PROVIDERS.md A).
        _ = try await refund(checkout, amount: nil, reason: "Duplicate payment of order")
    }
}
