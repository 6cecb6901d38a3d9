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
        /// `http.shutdown_grace_seconds`: how long a shutdown lets requests in progress finish.
        public var shutdownGraceSeconds = 0
    }

    /// `store`: the database: the embedded SQLite file, or PostgreSQL when `store.url` is set.
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
        /// `store.url`: `postgres://…` selects PostgreSQL; empty: SQLite in `data_dir`. A secret,
        /// since it may hold the password.
        public var url = Secret("")
        /// `store.password_file`: a file holding the PostgreSQL password (a container secret).
        public var passwordFile: String?
        /// `store.pool_size`: PostgreSQL connections (each on a thread of its own) per instance.
        public var poolSize = 0
        /// `store.url` parsed, with the password from the URL or `store.password_file`; nil: SQLite.
        /// Set by the loader.
        public var database: DatabaseURL?
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
        /// `shop.webhook_secrets`: during a rotation, every signing key, newest first.
        public var webhookSecrets: [Secret] = []
        /// `shop.delivery_initial_delay_seconds`: the first retry's delay.
        public var deliveryInitialDelaySeconds = 10
        /// `shop.delivery_max_delay_seconds`: the back-off's cap.
        public var deliveryMaxDelaySeconds = 3600
        /// `shop.delivery_max_age_seconds`: retried this long, then dead.
        public var deliveryMaxAgeSeconds = 3 * 86_400
        /// `shop.delivery_concurrency`: deliveries in flight at once.
        public var deliveryConcurrency = 16
        /// `shop.delivery_timeout_seconds`: one attempt's whole time.
        public var deliveryTimeoutSeconds = 10

        /// The keys that sign each delivery, newest first.
        public var signingSecrets: [String] {
            webhookSecrets.isEmpty ? [webhookSecret.value] : webhookSecrets.map(\.value)
        }
    }

    /// `orders`: what Kassa does when an order is paid.
    public struct Orders: Sendable, Equatable {
        /// `orders.refund_duplicate_payments`: an attempt that is paid after another attempt of
        /// its order was paid is refunded automatically (it is a `duplicate_payment` event either way).
        public var refundDuplicatePayments = false
    }

    /// `reconciler`: the poller (docs/reconciler.md).
    public struct Reconciler: Sendable, Equatable {
        /// `reconciler.interval_seconds`: the longest the scheduler sleeps before it looks at
        /// the database again (it wakes sooner when a checkout comes due).
        public var intervalSeconds = 0
        /// `reconciler.concurrency`: provider calls in flight at once.
        public var concurrency = 0
    }
}

extension KassaConfiguration {
    /// `sandbox`: limits of the built-in simulators (sandbox mode, `kassa sandbox`).
    public struct Sandbox: Sendable, Equatable {
        /// `sandbox.allow_fault_header`: honour `X-Sandbox-Fault` (off unless set: anyone who
        /// reaches the simulators could otherwise hold requests).
        public var allowFaultHeader = false
        /// `sandbox.max_held_requests`: requests latency and timeout faults may hold at once.
        public var maxHeldRequests = 0
        /// `sandbox.allowed_redirect_origins`: origins besides `public_base_url`'s that the
        /// simulators may send buyers and pushes to.
        public var allowedRedirectOrigins: [String] = []
    }

    /// `webhooks`: the intake of provider notifications.
    public struct Webhooks: Sendable, Equatable {
        /// `webhooks.max_unverified_rows`: unverifiable notifications kept at most.
        public var maxUnverifiedRows = 0
        /// `webhooks.unverified_retention_hours`: unverifiable notifications older than this go.
        public var unverifiedRetentionHours = 0
        /// `webhooks.max_stored_body_bytes`: the first bytes of an unverifiable body that are kept.
        public var maxStoredBodyBytes = 0
        /// `webhooks.resync_interval_seconds`: after a notification re-reads a checkout, later
        /// ones for it within this are stored without re-reading it.
        public var resyncIntervalSeconds = 0
    }
}
