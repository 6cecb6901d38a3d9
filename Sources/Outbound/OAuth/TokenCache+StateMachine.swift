/// The token cache of one provider account, as a pure state machine: no clock (times are
/// passed in), no network, no continuations (callers waiting for a fetch are opaque `Waiter`s).
///
///     empty ──request──▶ fetching(waiters) ──succeeded──▶ valid(token, refreshAt)
///       ▲                     │ └─request─▶ (one more waiter)      │
///       └──────failed─────────┘                                    │
///       ▲                  fetching ◀──request after refreshAt─────┤
///       └──────────── invalidate(that token) ──────────────────────┘
///
/// One fetch at a time: whoever asks while a fetch runs waits for it (single flight).
struct TokenCacheStateMachine<Waiter> {
    private enum State {
        case empty
        case fetching(waiters: [Waiter])
        case valid(token: String, refreshAt: Duration)
    }

    /// What a caller asking for a token must do.
    enum RequestAction {
        /// Use this cached token now (the waiter was not kept).
        case use(String)
        /// Start the one fetch; the waiter was kept and gets its result.
        case startFetch
        /// A fetch is running; the waiter was kept and gets its result.
        case wait
    }

    private var state = State.empty
    private let refreshMargin: Duration

    /// A cache that refreshes `refreshMargin` before expiry (at most half the token's lifetime early).
    init(refreshMargin: Duration) {
        self.refreshMargin = refreshMargin
    }

    /// The cached token if it is still good at `now`, without queueing anything.
    func cachedToken(now: Duration) -> String? {
        if case let .valid(token, refreshAt) = state, now < refreshAt { return token }
        return nil
    }

    /// A caller asks for a token at `now`.
    mutating func requestToken(now: Duration, waiter: Waiter) -> RequestAction {
        switch state {
        case .valid(let token, let refreshAt) where now < refreshAt:
            return .use(token)
        case .empty, .valid:
            state = .fetching(waiters: [waiter])
            return .startFetch
        case .fetching(var waiters):
            waiters.append(waiter)
            state = .fetching(waiters: waiters)
            return .wait
        }
    }

    /// The fetch returned `token`, valid for `lifetime` from `now`. Returns the waiters to resume with it.
    mutating func fetchSucceeded(token: String, lifetime: Duration, now: Duration) -> [Waiter] {
        guard case let .fetching(waiters) = state else { preconditionFailure("invalid state \(state) for fetchSucceeded") }
        // Refresh shortly before expiry so a token never expires in flight; for short-lived
        // tokens, no earlier than half their lifetime, so it is still worth caching.
        let early = min(refreshMargin, lifetime / 2)
        state = .valid(token: token, refreshAt: now + lifetime - early)
        return waiters
    }

    /// The fetch failed. Returns the waiters to fail; the next request starts a new fetch
    /// (there is no retry loop inside the cache).
    mutating func fetchFailed() -> [Waiter] {
        guard case let .fetching(waiters) = state else { preconditionFailure("invalid state \(state) for fetchFailed") }
        state = .empty
        return waiters
    }

    /// The provider refused `token` (a 401). Drops it if it is still the cached one; if a
    /// newer token is cached or being fetched, nothing changes, so concurrent 401s on the same
    /// old token cause one refresh, not one each.
    mutating func invalidate(token: String) {
        if case let .valid(cached, _) = state, cached == token { state = .empty }
    }
}
