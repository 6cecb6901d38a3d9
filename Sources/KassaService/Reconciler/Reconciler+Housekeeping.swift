import FoundationEssentials
import JSON
import Payments
import Store

extension Reconciler {
    /// The purges on the reconciler's schedule: expired idempotency keys (nothing else deletes
    /// them, and each keeps its stored response) and unverifiable notifications beyond the
    /// inbox's bounds. Bounded batches, so the writer is never held long.
    func purge(at now: Date) async {
        var keys = 0, webhooks = 0
        do {
            for _ in 0..<settings.purgeBatches {
                let deleted = try await store.purgeExpiredIdempotencyKeys(now: now, batch: settings.purgeBatch)
                keys += deleted
                if deleted < settings.purgeBatch { break }
            }
            for _ in 0..<settings.purgeBatches {
                let deleted = try await store.pruneUnverifiedWebhooks(
                    receivedBefore: now - settings.unverifiedWebhookRetention.seconds,
                    keepingAtMost: settings.maxUnverifiedWebhooks, batch: settings.purgeBatch)
                webhooks += deleted
                if deleted < settings.purgeBatch { break }
            }
        } catch {
            service.logger.log(.error, "reconciler: purge failed", [("error", .string(String(describing: error)))])
        }
        if keys + webhooks > 0 {
            service.logger.log(.info, "reconciler: purged", [("idempotency_keys", .number(JSONNumber(keys))),
                                                             ("webhooks", .number(JSONNumber(webhooks)))])
        }
    }
}
