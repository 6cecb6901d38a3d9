import Dispatch
import FoundationEssentials
import Synchronization

/// Access tokens of one provider account: fetched on first use, reused until shortly before
/// `expires_in`, one fetch in flight at a time, dropped on request after a 401.
public final class TokenCache: @unchecked Sendable {
    // @unchecked: the state machine lives in a Mutex; continuations are resumed after the
    // lock is released.
    private let machine: Mutex<TokenCacheStateMachine<CheckedContinuation<String, any Error>>>
    private let endpoint: TokenEndpoint
    private let client: any OutboundSending
    private let now: @Sendable () -> Duration
    private let retryDelays: [Duration]
    private let sleep: @Sendable (Duration) async -> Void

    /// A cache fetching from `endpoint` through `client`. `now` is a monotonic clock (injected
    /// so tests can move time); tokens are refreshed `refreshMargin` before they expire. A
    /// fetch that fails transiently (unreachable, 429, 5xx) is repeated after each of
    /// `retryDelays` (back-off; DESIGN.md allows retrying token fetches), waiting with `sleep`.
    public init(endpoint: TokenEndpoint, client: any OutboundSending, refreshMargin: Duration = .seconds(30),
                retryDelays: [Duration] = [.milliseconds(250), .seconds(1)],
                now: @escaping @Sendable () -> Duration = TokenCache.monotonicNow,
                sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }) {
        self.endpoint = endpoint
        self.client = client
        self.now = now
        self.retryDelays = retryDelays
        self.sleep = sleep
        machine = Mutex(TokenCacheStateMachine(refreshMargin: refreshMargin))
    }

    /// Time since boot, from the monotonic clock.
    public static let monotonicNow: @Sendable () -> Duration = {
        .nanoseconds(Int64(DispatchTime.now().uptimeNanoseconds))
    }

    /// The provider this cache fetches for.
    public var provider: String { endpoint.provider }

    /// A valid access token: the cached one, or the result of the fetch in flight, or of a new
    /// fetch. A waiting caller whose task is cancelled still waits for the fetch (bounded by
    /// the token endpoint's timeouts); the fetch itself is not cancelled, as others share it.
    public func token() async throws -> String {
        let time = now()
        if let cached = machine.withLock({ $0.cachedToken(now: time) }) { return cached }
        return try await withCheckedThrowingContinuation { continuation in
            let time = now()
            let action = machine.withLock { $0.requestToken(now: time, waiter: continuation) }
            switch action {
            case .use(let token):
                continuation.resume(returning: token)
            case .wait:
                break
            case .startFetch:
                // Unstructured: the fetch belongs to every waiter, not to the first caller's task.
                Task { await self.fetch() }
            }
        }
    }

    /// Drops `token` after the provider refused it, if it is still the cached one.
    public func invalidate(_ token: String) {
        machine.withLock { $0.invalidate(token: token) }
    }

    private func fetch() async {
        var result = await fetchOnce()
        for delay in retryDelays {
            guard case .failure(let error as OAuthError) = result, error.isRetryable else { break }
            await sleep(delay)
            result = await fetchOnce()
        }
        let time = now()
        switch result {
        case .success(let token):
            let waiters = machine.withLock { $0.fetchSucceeded(token: token.value, lifetime: token.lifetime, now: time) }
            for waiter in waiters { waiter.resume(returning: token.value) }
        case .failure(let error):
            let waiters = machine.withLock { $0.fetchFailed() }
            for waiter in waiters { waiter.resume(throwing: error) }
        }
    }

    private func fetchOnce() async -> Result<(value: String, lifetime: Duration), any Error> {
        do {
            let response = try await client.send(endpoint.makeRequest())
            return .success(try endpoint.parseToken(response))
        } catch let error as OutboundError {
            return .failure(OAuthError.endpointUnreachable(provider: endpoint.provider, underlying: error))
        } catch {
            return .failure(error)
        }
    }
}
