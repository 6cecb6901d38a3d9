import FoundationEssentials
import Payments

extension CheckoutService {
    /// Applies a status read from the provider (a poll, a refresh, a return, a webhook's
    /// re-read) and settles the operations it shows. A cancel whose answer was lost is read
    /// back as the provider's failed or canceled status: with the cancel recorded, that is
    /// `canceled`, not `failed` (issue 14). Returns the checkout afterwards.
    func applyRead(_ status: ProviderStatus, to checkout: Checkout, source: CheckoutEvent.Source,
                   attaching reference: String? = nil) async throws -> Checkout {
        var status = status
        if status.status == .failed,
           try await store.operations(of: checkout.id, kind: .cancel).contains(where: { Self.isOpen($0.status) }) {
            status.status = .canceled
        }
        let updated = try await apply(status, to: checkout, source: source, attaching: reference)
        return try await resolveOpenOperations(of: updated)
    }

    /// After an answer about the checkout: each capture, cancel or refund whose outcome was
    /// open (`requested`, `unknown`, `pending`) is `succeeded` when the payment shows it
    /// (captured; canceled; refunded that far, counting the refunds before it), and
    /// `needs_sync` is cleared once none is left unknown. One that does not show stays open:
    /// the reconciler keeps polling, and a retry sends its id again. A coarse answer (a
    /// `paid` without a refunded total) shows no refund, so it settles none.
    @discardableResult
    func resolveOpenOperations(of checkout: Checkout) async throws -> Checkout {
        let operations = try await store.operations(of: checkout.id, kind: nil)
        guard checkout.needsSync || operations.contains(where: { Self.isOpen($0.status) }) else { return checkout }
        var refundedSoFar = Int64(0)
        var shown: [OperationID] = []
        for operation in operations where operation.kind == .refund && operation.status == .succeeded {
            refundedSoFar = Self.adding(refundedSoFar, operation.amount?.minorUnits ?? 0)
        }
        for operation in operations where Self.isOpen(operation.status) {
            let happened: Bool
            switch operation.kind {
            case .capture: happened = checkout.status.hasBeenPaid
            case .cancel: happened = checkout.status == .canceled
            case .refund:
                refundedSoFar = Self.adding(refundedSoFar, operation.amount?.minorUnits ?? 0)
                happened = checkout.refundedMinorUnits >= refundedSoFar
            }
            if happened {
                shown.append(operation.id)
                logger.log(.info, "operation resolved", [("operation_id", .string(operation.id.rawValue)),
                                                         ("checkout_id", .string(checkout.id.rawValue))])
            }
        }
        // Nothing shown, nothing to write: a flag kept by an integrity violation stays too.
        guard !shown.isEmpty else { return checkout }
        return try await store.settleOperations(of: checkout.id, succeeded: shown)
    }

    /// True while an operation's outcome is not known to be final.
    static func isOpen(_ status: Operation.Status) -> Bool {
        status == .requested || status == .unknown || status == .pending
    }

    // Stored amounts are bounded by the checkout's, but a sum of many is still checked:
    // saturating makes an impossible total "not shown" instead of a trap.
    private static func adding(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }
}
