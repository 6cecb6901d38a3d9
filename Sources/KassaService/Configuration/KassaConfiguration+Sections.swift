import HTTP

extension KassaConfiguration {
    /// `http`: the inbound server (see `HTTPServer.Configuration`).
    public struct HTTP: Sendable, Equatable {
        /// `http.max_connections`: connections beyond this are answered 503.
        public var maxConnections = 0
        /// `http.head_timeout_seconds`: a request head must arrive within this (slowloris).
        public var headTimeoutSeconds = 0
        /// `http.idle_timeout_seconds`: an idle keep-alive connection is closed after this.
        public var idleTimeoutSeconds = 0
        /// `http.body_timeout_seconds`: a request body must make progress within this.
        public var bodyTimeoutSeconds = 0
        /// `http.max_body_bytes`: larger request bodies are answered 413.
        public var maxBodyBytes = 0
        /// `http.event_loops`: serial queues sharing the connections; 0: one per core.
        public var eventLoops = 0
    }

    /// `store`: the SQLite database.
    public struct Store: Sendable, Equatable {
        /// SQLite's `PRAGMA synchronous`.
        public enum Synchronous: String, Sendable, CaseIterable {
            /// fsync at every commit: an acknowledged write survives power loss.
            case full
            /// fsync at checkpoints only (WAL): faster, the last commits may be lost on power loss.
            case normal
        }

        /// `store.synchronous`.
        public var synchronous: Synchronous = .full
    }

    /// `checkout`: rules for new checkouts.
    public struct Checkout: Sendable, Equatable {
        /// `checkout.max_amount`: the largest amount accepted, in minor units.
        public var maxAmount = 0
        /// `checkout.expire_after_seconds`: a checkout not final after this becomes `expired`.
        public var expireAfterSeconds = 0
    }

    /// `shop`: where events are pushed.
    public struct Shop: Sendable, Equatable {
        /// `shop.webhook_url`: events are POSTed here; nil: not pushed (still in `/v1/events`).
        public var webhookURL: String?
        /// `shop.webhook_secret`: the HMAC key of the `Kassa-Signature` header.
        public var webhookSecret = Secret("")
    }

    /// `reconciler`: the poller.
    public struct Reconciler: Sendable, Equatable {
        /// `reconciler.interval_seconds`: how often it looks for checkouts due for a poll.
        public var intervalSeconds = 0
    }
}
