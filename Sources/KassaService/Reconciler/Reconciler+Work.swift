import FoundationEssentials
import JSON
import Payments
import Store

extension Reconciler {
    /// The provider status an unknown creation expires with: its outcome was never learned
    /// (issue 14), which the event and the checkout's `provider_status` keep for operators.
    static let neverLearned = "outcome_never_learned"
    /// The provider status of a creation a search showed never happened.
    static let notFoundAtProvider = "not_found_at_provider"

    /// How one look ended.
    private enum Answer {
        /// The provider answered; the checkout afterwards.
        case answered(Checkout)
        /// No answer can be had: no provider reference, and the provider cannot be searched.
        case unanswerable
        /// No answer this time (a provider error, a search that cannot be believed yet): the
        /// checkout is never expired on such a look, only on one that knows its state.
        case none

        var allowsExpiry: Bool {
            if case .none = self { return false }
            return true
        }
    }

    /// One claimed checkout: asks its provider (a status read, or a search when no provider
    /// reference is known), applies the answer, expires it past its deadline, and schedules
    /// the next look. Returns whether the checkout changed.
    func work(_ claimed: ClaimedCheckout) async -> Bool {
        let before = claimed.candidate.checkout
        let at = now()
        let provider = service.providers[before.provider]
        let schedule = schedule(for: provider)
        var current = before
        // A provider no longer enabled cannot be asked, nor its checkouts expired on a guess.
        var answer = Answer.none
        if let provider {
            answer = await ask(provider, about: before, hasOpenOperations: claimed.candidate.hasOpenOperations, at: at)
            if case .answered(let checkout) = answer { current = checkout }
        }
        if settings.plan.isOverdue(current, schedule: schedule, now: at), answer.allowsExpiry {
            current = await expire(current) ?? current
        }
        let openOperations = (try? await service.store.operations(of: current.id, kind: nil))?
            .contains { CheckoutService.isOpen($0.status) } ?? claimed.candidate.hasOpenOperations
        let next = settings.plan.nextLook(after: claimed.candidate.pollAttempts + 1, checkout: current,
                                          hasOpenOperations: openOperations, schedule: schedule, now: at)
        do {
            // Not written when the checkout changed meanwhile: a change restarts its schedule.
            try await store.reschedulePoll(before.id, claimedUntil: claimed.leaseUntil,
                                           attempts: claimed.candidate.pollAttempts + 1, next: next)
        } catch {
            service.logger.log(.error, "reconciler: rescheduling failed", [("checkout_id", .string(before.id.rawValue)),
                                                                          ("error", .string(String(describing: error)))])
        }
        return current.status != before.status || current.needsSync != before.needsSync
            || current.refundedMinorUnits != before.refundedMinorUnits
    }

    private func ask(_ provider: any PaymentProvider, about checkout: Checkout, hasOpenOperations: Bool, at: Date) async -> Answer {
        do {
            guard checkout.providerReference != nil else { return try await search(provider, for: checkout, at: at) }
            let status = try await provider.fetchStatus(of: checkout)
            let isNews = checkout.needsSync || hasOpenOperations || status.status != checkout.status
                || (status.refundedAmount.map { $0.minorUnits != checkout.refundedMinorUnits } ?? false)
            // An unchanged answer is not recorded: waiting checkouts do not fill their history.
            guard isNews else { return .answered(checkout) }
            return .answered(try await service.applyRead(status, to: checkout, source: .poll))
        } catch let error as ProviderError {
            service.logger.log(.warning, "reconciler: provider gave no answer", [
                ("checkout_id", .string(checkout.id.rawValue)), ("error", .string(error.description))])
        } catch {
            service.logger.log(.error, "reconciler: checkout not synchronized", [
                ("checkout_id", .string(checkout.id.rawValue)), ("error", .string(String(describing: error)))])
        }
        return .none
    }

    /// A checkout without the provider's reference (its creation got no answer): found by
    /// Kassa's own reference where the provider can be searched, failed where the provider
    /// shows it never had it, left for the next look where it cannot be searched.
    private func search(_ provider: any PaymentProvider, for checkout: Checkout, at: Date) async throws -> Answer {
        switch try await provider.search(for: checkout) {
        case .found(let reference, let status):
            service.logger.log(.info, "reconciler: creation found at the provider", [("checkout_id", .string(checkout.id.rawValue))])
            return .answered(try await service.applyRead(status, to: checkout, source: .poll, attaching: reference))
        case .notFound:
            // A creation whose call timed out may still be in flight at the provider: only an
            // old enough "not found" means it never happened.
            guard settings.plan.believesNotFound(checkout, now: at) else { return .none }
            service.logger.log(.warning, "reconciler: creation never reached the provider", [("checkout_id", .string(checkout.id.rawValue))])
            return .answered(try await service.apply(ProviderStatus(providerStatus: Self.notFoundAtProvider, status: .failed),
                                                     to: checkout, source: .poll))
        case .unsupported:
            // Stays `needs_sync`, visible to operators, until its deadline.
            service.logger.log(.debug, "reconciler: creation cannot be searched", [("checkout_id", .string(checkout.id.rawValue))])
            return .unanswerable
        }
    }

    /// Expires a checkout past its deadline; one whose creation never answered records
    /// that its outcome was never learned.
    private func expire(_ checkout: Checkout) async -> Checkout? {
        let neverLearned = checkout.providerReference == nil
        do {
            let expired = try await service.apply(
                ProviderStatus(providerStatus: neverLearned ? Self.neverLearned : checkout.providerStatus ?? "expired", status: .expired),
                to: checkout, source: .poll)
            if neverLearned {
                service.logger.log(.warning, "reconciler: expired without ever learning the creation's outcome",
                                   [("checkout_id", .string(checkout.id.rawValue))])
            }
            return expired
        } catch {
            service.logger.log(.error, "reconciler: expiry failed", [("checkout_id", .string(checkout.id.rawValue)),
                                                                    ("error", .string(String(describing: error)))])
            return nil
        }
    }
}
