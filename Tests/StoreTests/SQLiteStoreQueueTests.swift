import Foundation
import Payments
import Store
import XCTest

final class SQLiteStoreQueueTests: StoreTestCase {
    func testEveryAppliedEventIsInTheOutboxUntilDelivered() async throws {
        try await onEachStore {
            let store = try makeStore()
            let (checkout, created) = try await store.createCheckout(newCheckout())
            let pending = try await store.apply(update(.pending), to: checkout.id)
            _ = try await store.apply(update(.created), to: checkout.id) // ignored: never pushed

            var due = try await store.dueOutboxItems(limit: 10)
            XCTAssertEqual(due.map(\.event), [created, pending.event])
            XCTAssertEqual(due.map(\.attempts), [0, 0])

            try await store.markOutboxDelivered(due[0].id)
            try await store.markOutboxFailed(due[1].id, error: "HTTP 503", nextAttemptAt: clock.now.addingTimeInterval(30))
            due = try await store.dueOutboxItems(limit: 10)
            XCTAssertEqual(due, [], "delivered is gone, the failed one waits for its back-off")

            clock.advance(by: 30)
            due = try await store.dueOutboxItems(limit: 10)
            XCTAssertEqual(due.map(\.event.id), [pending.event.id])
            XCTAssertEqual(due.first?.attempts, 1)
            XCTAssertEqual(due.first?.lastError, "HTTP 503")

            try await store.markOutboxFailed(due[0].id, error: "gave up", nextAttemptAt: nil)
            clock.advance(by: 3600)
            due = try await store.dueOutboxItems(limit: 10)
            XCTAssertEqual(due, [], "an abandoned item is not retried")
        }
    }

    func testWebhooksAreKeptUntilProcessed() async throws {
        try await onEachStore {
            let store = try makeStore()
            let body = Array(#"{"status":"completed"}"#.utf8)
            let first = try await store.insertWebhook(provider: .pledg, body: body, headers: ["x-signature": "abc"], verification: .verified)
            let second = try await store.insertWebhook(provider: .pledg, body: [0, 255, 1], headers: [:], verification: .unsigned)
            XCTAssertGreaterThan(second, first)

            var waiting = try await store.unprocessedWebhooks(limit: 10)
            XCTAssertEqual(waiting.map(\.id), [first, second])
            XCTAssertEqual(waiting.first?.body, body)
            XCTAssertEqual(waiting.first?.headers, ["x-signature": "abc"])
            XCTAssertEqual(waiting.last?.body, [0, 255, 1])
            XCTAssertEqual(waiting.last?.verification, .unsigned)
            XCTAssertEqual(waiting.first?.receivedAt, clock.now)

            try await store.markWebhookProcessed(first, result: "applied")
            waiting = try await store.unprocessedWebhooks(limit: 10)
            XCTAssertEqual(waiting.map(\.id), [second])
        }
    }

    func testIdempotencyReplaysConflictsAndExpires() async throws {
        try await onEachStore {
            let store = try makeStore()
            let request = RequestFingerprint(method: "POST", path: "/v1/checkouts", body: Array(#"{"a":1}"#.utf8))
            let other = RequestFingerprint(method: "POST", path: "/v1/checkouts", body: Array(#"{"a":2}"#.utf8))
            let response = StoredResponse(status: 201, body: Array(#"{"id":"chk_1"}"#.utf8))

            var decision = try await store.beginIdempotentRequest(key: IdempotencyKey("k1", scope: "s"), fingerprint: request)
            XCTAssertEqual(decision, .proceed)
            decision = try await store.beginIdempotentRequest(key: IdempotencyKey("k1", scope: "s"), fingerprint: request)
            XCTAssertEqual(decision, .inProgress, "the first request has not answered yet")
            try await store.completeIdempotentRequest(key: IdempotencyKey("k1", scope: "s"), response: response)

            decision = try await store.beginIdempotentRequest(key: IdempotencyKey("k1", scope: "s"), fingerprint: request)
            XCTAssertEqual(decision, .replay(response))
            decision = try await store.beginIdempotentRequest(key: IdempotencyKey("k1", scope: "s"), fingerprint: other)
            XCTAssertEqual(decision, .conflict)

            clock.advance(by: 24 * 3600 - 1)
            decision = try await store.beginIdempotentRequest(key: IdempotencyKey("k1", scope: "s"), fingerprint: request)
            XCTAssertEqual(decision, .replay(response), "still within 24 h")
            clock.advance(by: 1)
            decision = try await store.beginIdempotentRequest(key: IdempotencyKey("k1", scope: "s"), fingerprint: other)
            XCTAssertEqual(decision, .proceed, "after 24 h the key is free again")
        }
    }

    func testTheSameKeyInTwoScopesIsTwoRequests() async throws {
        try await onEachStore {
            let store = try makeStore()
            let request = RequestFingerprint(method: "POST", path: "/v1/checkouts", body: Array(#"{"a":1}"#.utf8))
            let other = RequestFingerprint(method: "POST", path: "/v1/checkouts", body: Array(#"{"a":2}"#.utf8))
            let first = IdempotencyKey("shared", apiKey: Array("sk_first".utf8))
            let second = IdempotencyKey("shared", apiKey: Array("sk_second".utf8))
            XCTAssertNotEqual(first.scope, second.scope)
            XCTAssertEqual(first.scope.utf8.count, 64, "a SHA-256 in hex")
            XCTAssertFalse(first.scope.contains("sk_first"))
            var decision = try await store.beginIdempotentRequest(key: first, fingerprint: request)
            XCTAssertEqual(decision, .proceed)
            try await store.completeIdempotentRequest(key: first, response: StoredResponse(status: 201, body: Array("1".utf8)))
            decision = try await store.beginIdempotentRequest(key: second, fingerprint: other)
            XCTAssertEqual(decision, .proceed, "another API key's request is neither a conflict nor a replay")
            try await store.completeIdempotentRequest(key: second, response: StoredResponse(status: 201, body: Array("2".utf8)))
            decision = try await store.beginIdempotentRequest(key: first, fingerprint: request)
            XCTAssertEqual(decision, .replay(StoredResponse(status: 201, body: Array("1".utf8))))
            decision = try await store.beginIdempotentRequest(key: second, fingerprint: other)
            XCTAssertEqual(decision, .replay(StoredResponse(status: 201, body: Array("2".utf8))))
        }
    }

    func testReleasingAClaimLetsTheRequestBeRetriedAndPurgeRemovesExpiredKeys() async throws {
        try await onEachStore {
            let store = try makeStore()
            let request = RequestFingerprint(method: "POST", path: "/v1/checkouts", body: [])
            _ = try await store.beginIdempotentRequest(key: IdempotencyKey("k1", scope: "s"), fingerprint: request)
            try await store.releaseIdempotentRequest(key: IdempotencyKey("k1", scope: "s"))
            var decision = try await store.beginIdempotentRequest(key: IdempotencyKey("k1", scope: "s"), fingerprint: request)
            XCTAssertEqual(decision, .proceed)
            try await store.completeIdempotentRequest(key: IdempotencyKey("k1", scope: "s"), response: StoredResponse(status: 201, body: []))
            // Releasing an answered key does nothing: the answer stays for replays.
            try await store.releaseIdempotentRequest(key: IdempotencyKey("k1", scope: "s"))
            decision = try await store.beginIdempotentRequest(key: IdempotencyKey("k1", scope: "s"), fingerprint: request)
            XCTAssertEqual(decision, .replay(StoredResponse(status: 201, body: [])))

            clock.advance(by: 3600)
            _ = try await store.beginIdempotentRequest(key: IdempotencyKey("k2", scope: "s"), fingerprint: request)
            clock.advance(by: 23 * 3600)
            let purged = try await store.purgeExpiredIdempotencyKeys()
            XCTAssertEqual(purged, 1, "k1 expired, k2 has an hour left")
            decision = try await store.beginIdempotentRequest(key: IdempotencyKey("k2", scope: "s"), fingerprint: request)
            XCTAssertEqual(decision, .inProgress)
        }
    }
}
