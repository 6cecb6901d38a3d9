/// Kassa's schema as numbered migrations (DESIGN.md, Storage). Append only: a released
/// migration is never edited, a change is a new migration.
///
/// Timestamps are integer unix milliseconds (UTC); amounts are integer minor units beside an
/// ISO 4217 code.
public enum Schema {
    /// Every migration, in order.
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "orders, checkouts and events", statements: [
            """
            CREATE TABLE orders (
                reference TEXT PRIMARY KEY,
                paid_checkout_id TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE checkouts (
                id TEXT PRIMARY KEY,
                order_reference TEXT NOT NULL REFERENCES orders(reference),
                provider TEXT NOT NULL,
                method TEXT,
                amount_minor INTEGER NOT NULL,
                currency TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('created', 'pending', 'authorized', 'paid',
                    'partially_refunded', 'refunded', 'failed', 'canceled', 'expired')),
                provider_status TEXT,
                provider_reference TEXT,
                provider_data TEXT NOT NULL DEFAULT '{}',
                refunded_minor INTEGER NOT NULL DEFAULT 0,
                needs_sync INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            )
            """,
            // A provider's reference identifies one attempt: webhooks and polls find it by this.
            """
            CREATE UNIQUE INDEX checkouts_by_provider_reference ON checkouts (provider, provider_reference)
                WHERE provider_reference IS NOT NULL
            """,
            "CREATE INDEX checkouts_by_order ON checkouts (order_reference, created_at)",
            // AUTOINCREMENT: a sequence number is never reused, so the shop's cursor only moves forward.
            """
            CREATE TABLE checkout_events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                checkout_id TEXT NOT NULL REFERENCES checkouts(id),
                kind TEXT NOT NULL,
                source TEXT NOT NULL,
                old_status TEXT,
                new_status TEXT NOT NULL,
                provider_status TEXT,
                refunded_minor INTEGER NOT NULL,
                detail TEXT,
                occurred_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX checkout_events_by_checkout ON checkout_events (checkout_id, seq)",
        ]),
        Migration(version: 2, name: "idempotency keys and webhook inbox", statements: [
            """
            CREATE TABLE idempotency_keys (
                key TEXT PRIMARY KEY,
                fingerprint TEXT NOT NULL,
                response_status INTEGER,
                response_content_type TEXT,
                response_body BLOB,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at)",
            """
            CREATE TABLE webhook_inbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                provider TEXT NOT NULL,
                headers TEXT NOT NULL,
                body BLOB NOT NULL,
                verification TEXT NOT NULL,
                received_at INTEGER NOT NULL,
                processed_at INTEGER,
                result TEXT
            )
            """,
            "CREATE INDEX webhook_inbox_unprocessed ON webhook_inbox (id) WHERE processed_at IS NULL",
        ]),
        Migration(version: 3, name: "outbox and reconciler index", statements: [
            """
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                event_seq INTEGER NOT NULL UNIQUE REFERENCES checkout_events(seq),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                delivered_at INTEGER,
                abandoned_at INTEGER,
                last_error TEXT,
                created_at INTEGER NOT NULL
            )
            """,
            """
            CREATE INDEX outbox_due ON outbox (next_attempt_at)
                WHERE delivered_at IS NULL AND abandoned_at IS NULL
            """,
            // Exactly the reconciler's predicate, so the partial index serves its query.
            """
            CREATE INDEX checkouts_to_reconcile ON checkouts (updated_at)
                WHERE needs_sync = 1 OR status IN ('created', 'pending', 'authorized')
            """,
        ]),
        // Issue 12: an Idempotency-Key is scoped by the API key (a SHA-256 of it, never the key).
        // SQLite cannot change a primary key, so the table is rebuilt. Keys stored before cannot be
        // attributed to an API key: they keep the empty scope, are never matched again, and are
        // purged when they expire (24 h at most).
        Migration(version: 4, name: "idempotency keys scoped by API key", statements: [
            """
            CREATE TABLE idempotency_keys_scoped (
                scope TEXT NOT NULL,
                key TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                response_status INTEGER,
                response_content_type TEXT,
                response_body BLOB,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                PRIMARY KEY (scope, key)
            )
            """,
            """
            INSERT INTO idempotency_keys_scoped (scope, key, fingerprint, response_status, response_content_type,
                response_body, created_at, expires_at)
            SELECT '', key, fingerprint, response_status, response_content_type, response_body, created_at, expires_at
            FROM idempotency_keys
            """,
            "DROP TABLE idempotency_keys",
            "ALTER TABLE idempotency_keys_scoped RENAME TO idempotency_keys",
            "CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at)",
        ]),
        // Unverifiable notifications are kept in bounded form (issue 12): the first bytes of
        // the body, its size as received and its SHA-256; the partial index serves pruning.
        Migration(version: 5, name: "bounded webhook inbox", statements: [
            "ALTER TABLE webhook_inbox ADD COLUMN body_size INTEGER",
            "ALTER TABLE webhook_inbox ADD COLUMN body_sha256 TEXT",
            "UPDATE webhook_inbox SET body_size = length(body)",
            "CREATE INDEX webhook_inbox_unverified ON webhook_inbox (id) WHERE verification != 'verified'",
        ]),
        // Issue 13: a capture, cancel or refund is a row of its own, stored before the provider
        // is called, so its id can be the provider's idempotency key and a retry reuses it.
        Migration(version: 6, name: "operations", statements: [
            """
            CREATE TABLE operations (
                id TEXT PRIMARY KEY,
                checkout_id TEXT NOT NULL REFERENCES checkouts(id),
                provider TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('capture', 'cancel', 'refund')),
                amount_minor INTEGER,
                currency TEXT NOT NULL,
                reason TEXT,
                status TEXT NOT NULL CHECK (status IN ('requested', 'unknown', 'pending', 'succeeded', 'failed')),
                provider_reference TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX operations_by_checkout ON operations (checkout_id, created_at)",
            // A notification about a refund names the provider's id for it.
            """
            CREATE UNIQUE INDEX operations_by_provider_reference ON operations (provider, provider_reference)
                WHERE provider_reference IS NOT NULL
            """,
        ]),
        // Issue 13: the shop's metadata and capture choice;
        // the next action as one JSON value under one provider_data key (it was one key per
        // field of three fixed kinds); an index for each filter of GET /v1/checkouts, newest first.
        Migration(version: 7, name: "checkout metadata, capture method, listing indexes", statements: [
            "ALTER TABLE checkouts ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}'",
            "ALTER TABLE checkouts ADD COLUMN capture_method TEXT CHECK (capture_method IN ('automatic', 'manual'))",
            // `'' ||` makes the object a string value: provider_data holds strings only.
            """
            UPDATE checkouts SET provider_data = json_set(provider_data, '$."kassa.next_action"', '' || CASE
                json_extract(provider_data, '$."kassa.next_action.type"')
                WHEN 'redirect' THEN json_object('type', 'redirect',
                    'url', json_extract(provider_data, '$."kassa.next_action.url"'))
                WHEN 'widget' THEN json_object('type', 'widget',
                    'checkout_token', json_extract(provider_data, '$."kassa.next_action.checkout_token"'),
                    'transaction_id', json_extract(provider_data, '$."kassa.next_action.transaction_id"'))
                ELSE json_object('type', 'pledg_plugin',
                    'merchant_uid', json_extract(provider_data, '$."kassa.next_action.merchant_uid"'),
                    'signature', json_extract(provider_data, '$."kassa.next_action.signature"'),
                    'front_url', json_extract(provider_data, '$."kassa.next_action.front_url"'))
                END)
            WHERE json_extract(provider_data, '$."kassa.next_action.type"') IS NOT NULL
            """,
            """
            UPDATE checkouts SET provider_data = json_remove(provider_data, '$."kassa.next_action.type"',
                '$."kassa.next_action.url"', '$."kassa.next_action.checkout_token"', '$."kassa.next_action.transaction_id"',
                '$."kassa.next_action.merchant_uid"', '$."kassa.next_action.signature"', '$."kassa.next_action.front_url"')
            WHERE json_extract(provider_data, '$."kassa.next_action.type"') IS NOT NULL
            """,
            "CREATE INDEX checkouts_by_created ON checkouts (created_at)",
            "CREATE INDEX checkouts_by_status ON checkouts (status, created_at)",
            "CREATE INDEX checkouts_by_provider ON checkouts (provider, created_at)",
        ]),
        Migration(version: 8, name: "event delivery attempts", statements: [
            // One row per POST to the shop: kept apart from the event and its outbox row so that
            // a shop developer sees every attempt (GET /v1/events/{id}/deliveries).
            """
            CREATE TABLE event_deliveries (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                outbox_id INTEGER NOT NULL REFERENCES outbox(id),
                attempted_at INTEGER NOT NULL,
                http_status INTEGER,
                duration_ms INTEGER NOT NULL,
                error TEXT
            )
            """,
            "CREATE INDEX event_deliveries_by_outbox ON event_deliveries (outbox_id, id)",
        ]),
        reconciliationMigration,
        // Issue 14 (durability).
        Migration(version: 10, name: "write probe, inbox trusted status, idempotency attempts, provider notices", statements: [
            // /readyz rewrites its one row: a write that reaches the disk, not just a read.
            "CREATE TABLE store_probe (id INTEGER PRIMARY KEY CHECK (id = 1), written_at INTEGER NOT NULL)",
            // What a verified notification said, kept with it: a notification resumed at
            // start-up applies what was verified instead of re-reading the provider.
            "ALTER TABLE webhook_inbox ADD COLUMN trusted_status TEXT",
            "ALTER TABLE webhook_inbox ADD COLUMN notice TEXT",
            // The attempt a key's request created, and which run of Kassa claimed the key: a
            // claim of an earlier run whose request never answered leads to its attempt.
            "ALTER TABLE idempotency_keys ADD COLUMN checkout_id TEXT",
            // 1 from the attempt's insert until the provider's answer to the creation is
            // recorded: a row still 1 when Kassa (re)starts or ends its shutdown grace was cut
            // off mid-call, and its outcome at the provider is unknown.
            "ALTER TABLE checkouts ADD COLUMN creating INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX checkouts_creating ON checkouts (id) WHERE creating = 1",
            "CREATE INDEX operations_requested ON operations (id) WHERE status = 'requested'",
            "ALTER TABLE idempotency_keys ADD COLUMN claimed_by TEXT",
            // A provider notice is recorded once per checkout (its key), whoever reads it first.
            "ALTER TABLE checkout_events ADD COLUMN notice_type TEXT",
            "ALTER TABLE checkout_events ADD COLUMN notice_key TEXT",
            """
            CREATE UNIQUE INDEX checkout_events_notice ON checkout_events (checkout_id, notice_key)
                WHERE notice_key IS NOT NULL
            """,
        ]),
        // Issue 18 (operations): the gauges an alert reads on every scrape, and the operator
        // page's dead events, from small partial indexes instead of scans of the whole tables.
        Migration(version: 11, name: "indexes for the needs_sync and dead-event gauges", statements: [
            "CREATE INDEX checkouts_needing_sync ON checkouts (updated_at) WHERE needs_sync = 1",
            "CREATE INDEX outbox_dead ON outbox (abandoned_at) WHERE abandoned_at IS NOT NULL AND delivered_at IS NULL",
        ]),
        paidCheckoutsMigration,
    ]
}
