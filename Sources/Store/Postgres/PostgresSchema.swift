/// Kassa's schema in PostgreSQL's dialect: the migrations of `Schema` (SQLite), with the same
/// numbers and names, so `schema_migrations` reads the same on both stores. Append only, as there.
///
/// The translation: integers are BIGINT (unix milliseconds pass 2³¹), blobs BYTEA,
/// AUTOINCREMENT an identity column, SQLite's triggers PL/pgSQL functions. `checkouts` and
/// `operations` get a `row_order` identity where SQLite orders by `rowid` (insertion order
/// breaks created_at ties).
public enum PostgresSchema {
    /// Every migration, in order (versions equal `Schema.migrations`').
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "orders, checkouts and events", statements: [
            """
            CREATE TABLE orders (
                reference TEXT PRIMARY KEY,
                paid_checkout_id TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE checkouts (
                id TEXT PRIMARY KEY,
                row_order BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
                order_reference TEXT NOT NULL REFERENCES orders(reference),
                provider TEXT NOT NULL,
                method TEXT,
                amount_minor BIGINT NOT NULL,
                currency TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('created', 'pending', 'authorized', 'paid',
                    'partially_refunded', 'refunded', 'failed', 'canceled', 'expired')),
                provider_status TEXT,
                provider_reference TEXT,
                provider_data TEXT NOT NULL DEFAULT '{}',
                refunded_minor BIGINT NOT NULL DEFAULT 0,
                needs_sync INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE UNIQUE INDEX checkouts_by_provider_reference ON checkouts (provider, provider_reference)
                WHERE provider_reference IS NOT NULL
            """,
            "CREATE INDEX checkouts_by_order ON checkouts (order_reference, created_at)",
            // An identity is never reused, so the shop's cursor only moves forward. Its values are
            // handed out before commit: event inserts take a transaction lock (`PostgresStore`'s
            // event lock) so that they also become visible in that order.
            """
            CREATE TABLE checkout_events (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                checkout_id TEXT NOT NULL REFERENCES checkouts(id),
                kind TEXT NOT NULL,
                source TEXT NOT NULL,
                old_status TEXT,
                new_status TEXT NOT NULL,
                provider_status TEXT,
                refunded_minor BIGINT NOT NULL,
                detail TEXT,
                occurred_at BIGINT NOT NULL
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
                response_body BYTEA,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at)",
            """
            CREATE TABLE webhook_inbox (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                provider TEXT NOT NULL,
                headers TEXT NOT NULL,
                body BYTEA NOT NULL,
                verification TEXT NOT NULL,
                received_at BIGINT NOT NULL,
                processed_at BIGINT,
                result TEXT
            )
            """,
            "CREATE INDEX webhook_inbox_unprocessed ON webhook_inbox (id) WHERE processed_at IS NULL",
        ]),
        Migration(version: 3, name: "outbox and reconciler index", statements: [
            """
            CREATE TABLE outbox (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                event_seq BIGINT NOT NULL UNIQUE REFERENCES checkout_events(seq),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                delivered_at BIGINT,
                abandoned_at BIGINT,
                last_error TEXT,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE INDEX outbox_due ON outbox (next_attempt_at)
                WHERE delivered_at IS NULL AND abandoned_at IS NULL
            """,
            """
            CREATE INDEX checkouts_to_reconcile ON checkouts (updated_at)
                WHERE needs_sync = 1 OR status IN ('created', 'pending', 'authorized')
            """,
        ]),
        // Issue 12: keys scoped by the API key. PostgreSQL changes a primary key in place;
        // keys stored before keep the empty scope, as on SQLite.
        Migration(version: 4, name: "idempotency keys scoped by API key", statements: [
            "ALTER TABLE idempotency_keys ADD COLUMN scope TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE idempotency_keys ALTER COLUMN scope DROP DEFAULT",
            "ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey",
            "ALTER TABLE idempotency_keys ADD PRIMARY KEY (scope, key)",
        ]),
        Migration(version: 5, name: "bounded webhook inbox", statements: [
            "ALTER TABLE webhook_inbox ADD COLUMN body_size BIGINT",
            "ALTER TABLE webhook_inbox ADD COLUMN body_sha256 TEXT",
            "UPDATE webhook_inbox SET body_size = octet_length(body)",
            "CREATE INDEX webhook_inbox_unverified ON webhook_inbox (id) WHERE verification != 'verified'",
        ]),
        Migration(version: 6, name: "operations", statements: [
            """
            CREATE TABLE operations (
                id TEXT PRIMARY KEY,
                row_order BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
                checkout_id TEXT NOT NULL REFERENCES checkouts(id),
                provider TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('capture', 'cancel', 'refund')),
                amount_minor BIGINT,
                currency TEXT NOT NULL,
                reason TEXT,
                status TEXT NOT NULL CHECK (status IN ('requested', 'unknown', 'pending', 'succeeded', 'failed')),
                provider_reference TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX operations_by_checkout ON operations (checkout_id, created_at)",
            """
            CREATE UNIQUE INDEX operations_by_provider_reference ON operations (provider, provider_reference)
                WHERE provider_reference IS NOT NULL
            """,
        ]),
        Migration(version: 7, name: "checkout metadata, capture method, listing indexes", statements: [
            "ALTER TABLE checkouts ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}'",
            "ALTER TABLE checkouts ADD COLUMN capture_method TEXT CHECK (capture_method IN ('automatic', 'manual'))",
            // The next action as one JSON string under one key (SQLite's two statements in one),
            // spelled as SQLite's json_object spells it: compact, keys in the order given.
            """
            UPDATE checkouts SET provider_data = ((provider_data::jsonb
                    - 'kassa.next_action.type' - 'kassa.next_action.url' - 'kassa.next_action.checkout_token'
                    - 'kassa.next_action.transaction_id' - 'kassa.next_action.merchant_uid'
                    - 'kassa.next_action.signature' - 'kassa.next_action.front_url')
                || jsonb_build_object('kassa.next_action', CASE provider_data::jsonb ->> 'kassa.next_action.type'
                    WHEN 'redirect' THEN '{"type":"redirect","url":' || \(field("url")) || '}'
                    WHEN 'widget' THEN '{"type":"widget","checkout_token":' || \(field("checkout_token"))
                        || ',"transaction_id":' || \(field("transaction_id")) || '}'
                    ELSE '{"type":"pledg_plugin","merchant_uid":' || \(field("merchant_uid"))
                        || ',"signature":' || \(field("signature")) || ',"front_url":' || \(field("front_url")) || '}'
                    END))::text
            WHERE provider_data::jsonb ? 'kassa.next_action.type'
            """,
            "CREATE INDEX checkouts_by_created ON checkouts (created_at, row_order)",
            "CREATE INDEX checkouts_by_status ON checkouts (status, created_at, row_order)",
            "CREATE INDEX checkouts_by_provider ON checkouts (provider, created_at, row_order)",
        ]),
        Migration(version: 8, name: "event delivery attempts", statements: [
            """
            CREATE TABLE event_deliveries (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                outbox_id BIGINT NOT NULL REFERENCES outbox(id),
                attempted_at BIGINT NOT NULL,
                http_status INTEGER,
                duration_ms BIGINT NOT NULL,
                error TEXT
            )
            """,
            "CREATE INDEX event_deliveries_by_outbox ON event_deliveries (outbox_id, id)",
        ]),
        reconciliationMigration,
        Migration(version: 10, name: "write probe, inbox trusted status, idempotency attempts, provider notices", statements: [
            "CREATE TABLE store_probe (id INTEGER PRIMARY KEY CHECK (id = 1), written_at BIGINT NOT NULL)",
            "ALTER TABLE webhook_inbox ADD COLUMN trusted_status TEXT",
            "ALTER TABLE webhook_inbox ADD COLUMN notice TEXT",
            "ALTER TABLE idempotency_keys ADD COLUMN checkout_id TEXT",
            "ALTER TABLE checkouts ADD COLUMN creating INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX checkouts_creating ON checkouts (id) WHERE creating = 1",
            "CREATE INDEX operations_requested ON operations (id) WHERE status = 'requested'",
            "ALTER TABLE idempotency_keys ADD COLUMN claimed_by TEXT",
            "ALTER TABLE checkout_events ADD COLUMN notice_type TEXT",
            "ALTER TABLE checkout_events ADD COLUMN notice_key TEXT",
            """
            CREATE UNIQUE INDEX checkout_events_notice ON checkout_events (checkout_id, notice_key)
                WHERE notice_key IS NOT NULL
            """,
            // Several instances share the database: the run whose provider call a row waits
            // for, so a starting instance marks only the calls of runs that are gone (SQLite
            // has one process, whose start means the earlier one is gone).
            "ALTER TABLE checkouts ADD COLUMN creating_run TEXT",
            "ALTER TABLE operations ADD COLUMN requested_by TEXT",
            "ALTER TABLE webhook_inbox ADD COLUMN received_by TEXT",
        ]),
        Migration(version: 11, name: "indexes for the needs_sync and dead-event gauges", statements: [
            "CREATE INDEX checkouts_needing_sync ON checkouts (updated_at) WHERE needs_sync = 1",
            "CREATE INDEX outbox_dead ON outbox (abandoned_at) WHERE abandoned_at IS NOT NULL AND delivered_at IS NULL",
        ]),
        paidCheckoutsMigration,
    ]
}

extension PostgresSchema {
    private static let firstLook = Schema.firstLookMilliseconds

    // Migration 7: one old next-action key of provider_data as a JSON value (`null` when absent).
    private static func field(_ name: String) -> String {
        "COALESCE((provider_data::jsonb -> 'kassa.next_action.\(name)')::text, 'null')"
    }

    // `Schema.wantsPolling`, for the row `NEW` of a trigger.
    private static let newWantsPolling = """
        (NEW.needs_sync = 1 OR NEW.status IN ('created', 'pending', 'authorized')
            OR EXISTS (SELECT 1 FROM operations o WHERE o.checkout_id = NEW.id
                       AND o.status IN ('requested', 'unknown', 'pending')))
        """

    // SQLite's AFTER triggers rewrite the row they fired on; here BEFORE triggers set `NEW`
    // (the same result without a second update of the row).
    private static func checkoutChangeFunction(_ due: String) -> String {
        """
        CREATE OR REPLACE FUNCTION kassa_checkouts_due_after_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.poll_attempts := 0;
            NEW.next_poll_at := CASE WHEN \(due)
                THEN NEW.updated_at + CASE WHEN NEW.needs_sync = 1 THEN 0 ELSE \(firstLook) END END;
            RETURN NEW;
        END
        $$
        """
    }

    static let reconciliationMigration = Migration(version: 9, name: "reconciler schedule", statements: [
        "ALTER TABLE checkouts ADD COLUMN next_poll_at BIGINT",
        "ALTER TABLE checkouts ADD COLUMN poll_attempts INTEGER NOT NULL DEFAULT 0",
        """
        UPDATE checkouts SET next_poll_at = updated_at WHERE (checkouts.needs_sync = 1
            OR checkouts.status IN ('created', 'pending', 'authorized')
            OR EXISTS (SELECT 1 FROM operations o WHERE o.checkout_id = checkouts.id
                       AND o.status IN ('requested', 'unknown', 'pending')))
        """,
        "CREATE INDEX checkouts_due_for_poll ON checkouts (next_poll_at) WHERE next_poll_at IS NOT NULL",
        "DROP INDEX checkouts_to_reconcile",
        """
        CREATE FUNCTION kassa_checkouts_due_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.next_poll_at := NEW.updated_at + \(firstLook);
            NEW.poll_attempts := 0;
            RETURN NEW;
        END
        $$
        """,
        """
        CREATE TRIGGER checkouts_due_after_insert BEFORE INSERT ON checkouts
            FOR EACH ROW EXECUTE FUNCTION kassa_checkouts_due_after_insert()
        """,
        // `UPDATE OF` fires when the statement names the column, changed or not, as on SQLite.
        checkoutChangeFunction(newWantsPolling),
        """
        CREATE TRIGGER checkouts_due_after_change BEFORE UPDATE OF status, needs_sync ON checkouts
            FOR EACH ROW EXECUTE FUNCTION kassa_checkouts_due_after_change()
        """,
        // An operation stored or left open makes its checkout due (never later than it was).
        """
        CREATE FUNCTION kassa_operations_due() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE checkouts SET next_poll_at = LEAST(COALESCE(next_poll_at, NEW.updated_at + \(firstLook)),
                                                      NEW.updated_at + \(firstLook))
            WHERE id = NEW.checkout_id;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER operations_due_after_insert AFTER INSERT ON operations
            FOR EACH ROW EXECUTE FUNCTION kassa_operations_due()
        """,
        """
        CREATE TRIGGER operations_due_after_change AFTER UPDATE OF status ON operations
            FOR EACH ROW WHEN (NEW.status IN ('requested', 'unknown', 'pending')) EXECUTE FUNCTION kassa_operations_due()
        """,
    ])

    // Issue 17: a change to `paid` or `partially_refunded` makes the checkout due too.
    static let paidCheckoutsMigration = Migration(version: 12, name: "paid checkouts due for a look", statements: [
        checkoutChangeFunction("(\(newWantsPolling) OR NEW.status IN ('paid', 'partially_refunded'))"),
    ])
}
