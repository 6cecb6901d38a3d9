extension KassaConfiguration {
    /// `rate_limit`: token buckets on `/v1/*` (see `RateLimiter`).
    public struct RateLimit: Sendable, Equatable {
        /// `rate_limit.enabled`: false turns every limit off (benchmarks).
        public var isEnabled = true
        /// `rate_limit.per_key_per_second` and `rate_limit.per_key_burst`: per API key.
        public var perKeyPerSecond = 0
        public var perKeyBurst = 0
        /// `rate_limit.per_ip_per_second` and `rate_limit.per_ip_burst`: per client address.
        public var perIPPerSecond = 0
        public var perIPBurst = 0
        /// `rate_limit.failed_auth_per_minute` and `rate_limit.failed_auth_burst`: failed
        /// authentications per client address.
        public var failedAuthPerMinute = 0
        public var failedAuthBurst = 0
        /// `rate_limit.webhook_per_ip_per_second` and `rate_limit.webhook_per_ip_burst`:
        /// `/v1/webhooks/*` per client address.
        public var webhookPerIPPerSecond = 0
        public var webhookPerIPBurst = 0
        /// `rate_limit.max_tracked_clients`: the most client addresses each table remembers.
        public var maxTrackedClients = 0
    }
}

extension RateLimiter.Rules {
    /// The rules of `rate_limit.*`.
    init(_ c: KassaConfiguration.RateLimit) {
        self.init(perKey: TokenBucket.Rule(perSecond: Double(c.perKeyPerSecond), burst: c.perKeyBurst),
                  perAddress: TokenBucket.Rule(perSecond: Double(c.perIPPerSecond), burst: c.perIPBurst),
                  failedAuthentication: TokenBucket.Rule(perSecond: Double(c.failedAuthPerMinute) / 60, burst: c.failedAuthBurst),
                  webhooksPerAddress: TokenBucket.Rule(perSecond: Double(c.webhookPerIPPerSecond), burst: c.webhookPerIPBurst),
                  maxTrackedAddresses: c.maxTrackedClients)
    }
}
