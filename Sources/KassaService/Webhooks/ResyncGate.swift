import FoundationEssentials

/// Decides whether a notification's hint may re-read its checkout from the provider: at most
/// one re-read per checkout in flight, and none within `interval` after the last one ended
/// (issue 12: a flood of hints must not become a flood of provider calls). The table is
/// bounded: entries past their window are dropped when it is full, and beyond `capacity`
/// live entries a hint is skipped (the reconciler still polls the checkout).
struct ResyncGate {
    /// What a hint may do.
    enum Decision: Equatable {
        /// Re-read the checkout; call `finish` afterwards.
        case proceed
        /// A re-read of this checkout is running; its answer covers the hint.
        case skipInFlight
        /// The last re-read ended within `interval`.
        case skipRecent
        /// `capacity` checkouts are in flight or recent.
        case skipFull
    }

    private enum State {
        case inFlight
        case finished(at: Date)
    }

    /// The quiet time after a re-read.
    let interval: TimeInterval
    /// The most checkouts tracked at once.
    let capacity: Int
    private var states: [String: State] = [:]

    /// A gate with an empty table.
    init(interval: TimeInterval, capacity: Int = 10_000) {
        self.interval = interval
        self.capacity = capacity
    }

    /// How many checkouts are tracked now.
    var count: Int { states.count }

    /// Whether a hint for `checkout` may re-read it now; `.proceed` marks it in flight.
    mutating func begin(_ checkout: String, now: Date) -> Decision {
        switch states[checkout] {
        case .inFlight?:
            return .skipInFlight
        case .finished(let at)? where now.timeIntervalSince(at) < interval:
            return .skipRecent
        case .finished?:
            break
        case nil:
            if states.count >= capacity { dropExpired(now: now) }
            guard states.count < capacity else { return .skipFull }
        }
        states[checkout] = .inFlight
        return .proceed
    }

    /// The re-read `begin` allowed has ended (successfully or not).
    mutating func finish(_ checkout: String, now: Date) {
        states[checkout] = interval > 0 ? .finished(at: now) : nil
    }

    private mutating func dropExpired(now: Date) {
        states = states.filter { _, state in
            if case .finished(let at) = state { return now.timeIntervalSince(at) < interval }
            return true
        }
    }
}
