import FoundationEssentials
import Payments

/// The claim of `ReconcilerStore.claimDueCheckouts`, the same on every store: each candidate's
/// decision becomes its new next look (a lease, its own time, or none), and claiming stops at
/// `limit` polls. The store runs it inside its claiming transaction, with its own statement.
enum ReconcileClaims {
    /// Decides for each candidate in order and writes the outcome with `setNextPoll(id, at)`
    /// (nil: off the schedule); returns the claims, at most `limit`.
    static func claim(_ candidates: [ReconcileCandidate], limit: Int,
                      decide: (ReconcileCandidate) -> ReconcileDecision,
                      setNextPoll: (_ id: String, _ at: Int64?) throws -> Void) rethrows -> [ClaimedCheckout] {
        var claimed: [ClaimedCheckout] = []
        for candidate in candidates {
            let id = candidate.checkout.id.rawValue
            switch decide(candidate) {
            case .poll(let leaseUntil):
                try setNextPoll(id, leaseUntil.unixMilliseconds)
                claimed.append(ClaimedCheckout(candidate: candidate, leaseUntil: leaseUntil))
            case .notBefore(let date):
                try setNextPoll(id, date.unixMilliseconds)
            case .nothingToDo:
                try setNextPoll(id, nil)
            }
            if claimed.count == limit { break }
        }
        return claimed
    }
}
