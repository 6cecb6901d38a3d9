import FoundationEssentials
import JSON
import Payments

/// The poller (DESIGN.md lessons): every `interval` it asks the providers about checkouts that
/// are `needs_sync`, or not final and not updated for an interval, and applies the answers
/// with source `poll`. A checkout still not final after `expireAfter` becomes `expired`.
struct Reconciler: Sendable {
    let service: CheckoutService
    let interval: Duration
    let expireAfter: Duration

    /// Runs until the task is cancelled.
    func run() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            await runOnce(now: Date())
        }
    }

    /// One pass; returns how many checkouts changed.
    @discardableResult
    func runOnce(now: Date) async -> Int {
        let due: [Checkout]
        do {
            due = try await service.store.checkoutsToReconcile(updatedBefore: now - interval.seconds, limit: 100)
        } catch {
            service.logger.log(.error, "reconciler: store not readable", [("error", .string(String(describing: error)))])
            return 0
        }
        var changed = 0
        for checkout in due where await reconcile(checkout, now: now) { changed += 1 }
        return changed
    }

    private func reconcile(_ checkout: Checkout, now: Date) async -> Bool {
        let isOverdue = now.timeIntervalSince(checkout.createdAt) > expireAfter.seconds
        do {
            // Without the provider's reference (creation without an answer) there is nothing to ask.
            if checkout.providerReference != nil, let provider = service.providers[checkout.provider] {
                let status = try await provider.fetchStatus(of: checkout)
                let isNews = checkout.needsSync || status.status != checkout.status
                    || (status.refundedAmount.map { $0.minorUnits != checkout.refundedMinorUnits } ?? false)
                if isNews {
                    let updated = try await service.apply(status, to: checkout, source: .poll)
                    if checkout.needsSync && !updated.needsSync { try await service.resolveUnknownOperations(of: updated) }
                    return updated.status != checkout.status || updated.needsSync != checkout.needsSync
                }
            }
            guard isOverdue, !checkout.status.isTerminal, !checkout.status.hasBeenPaid, checkout.status != .authorized else { return false }
            let expired = try await service.expire(checkout)
            return expired.status == .expired
        } catch {
            service.logger.log(.warning, "reconciler: checkout not synchronized",
                           [("checkout_id", .string(checkout.id.rawValue)), ("error", .string(String(describing: error)))])
            return false
        }
    }
}
