import CSQLite
import Dispatch
import Synchronization

/// The store's single writer connection, with group commit.
///
/// With `synchronous=FULL` every commit waits for one flush of the disk, so committing each write
/// on its own caps the write rate at the disk's flush rate. Instead, every write that arrives
/// while the previous commit is being flushed waits in `pending`, and the next batch runs them all
/// in one `BEGIN IMMEDIATE … COMMIT`: one flush for many writes.
///
/// Each write stays all-or-nothing: it runs inside its own `SAVEPOINT`, and a write that throws
/// is rolled back to that savepoint, answered with its own error, and leaves its neighbours'
/// changes in the batch. No caller is answered before `COMMIT` has returned, that is before its
/// data is on disk; if the commit fails, every write of the batch is answered with that failure.
///
/// `@unchecked Sendable`: `connection` is only touched on `queue` (one drain at a time, guarded by
/// `state.isDraining`); `state` is behind its mutex.
final class GroupCommitWriter: @unchecked Sendable {
    /// Writes committed and commits made, for tests and metrics.
    struct Statistics: Sendable, Equatable {
        /// Transactions committed (each one flush at `synchronous=FULL`).
        var commits: Int
        /// Writes that ran inside those commits (succeeded or rolled back to their savepoint).
        var writes: Int
    }

    /// One write waiting for the writer.
    private struct Job: Sendable {
        /// False for work that must not run in a transaction (`PRAGMA integrity_check`): run alone.
        let inTransaction: Bool
        /// Runs the write on the connection; returns whether it succeeded and how to answer its
        /// caller once the batch's fate is known.
        let perform: @Sendable (Connection) -> Performed
        /// Answers the caller without running the write (the batch failed before reaching it).
        let reject: @Sendable (Error) -> Void
    }

    private struct Performed {
        let succeeded: Bool
        /// Answers the caller: with its own result, or with the batch's failure (nil: committed).
        let answer: (_ batchFailure: Error?) -> Void
    }

    private struct State {
        var pending: [Job] = []
        var isDraining = false
    }

    /// The largest batch: bounds one transaction's size and how long the WAL grows between commits.
    static let maximumBatch = 512

    private let connection: Connection
    private let queue = DispatchQueue(label: "kassa.store.writer")
    private let state = Mutex(State())
    private let commits = Atomic<Int>(0)
    private let writes = Atomic<Int>(0)

    init(connection: Connection) {
        self.connection = connection
    }

    /// The counts so far.
    var statistics: Statistics {
        Statistics(commits: commits.load(ordering: .relaxed), writes: writes.load(ordering: .relaxed))
    }

    /// Writes waiting for the next batch (tests wait on it to line up a batch).
    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Runs `body` on the writer — inside the next batch's transaction unless `inTransaction` is
    /// false — and returns its result once it is committed.
    func submit<T: Sendable>(inTransaction: Bool,
                             _ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job = Job(inTransaction: inTransaction, perform: { connection in
                let result = Result { try body(connection) }
                let succeeded = if case .success = result { true } else { false }
                return Performed(succeeded: succeeded) { batchFailure in
                    // A write that failed reports its own error, even if the batch failed too.
                    if succeeded, let batchFailure {
                        continuation.resume(throwing: batchFailure)
                    } else {
                        continuation.resume(with: result)
                    }
                }
            }, reject: { continuation.resume(throwing: $0) })
            enqueue(job)
        }
    }

    private func enqueue(_ job: Job) {
        let startDrain = state.withLock { state in
            state.pending.append(job)
            guard !state.isDraining else { return false }
            state.isDraining = true
            return true
        }
        if startDrain { queue.async { self.drain() } }
    }

    /// Runs batches until nothing is pending. Writes that arrive meanwhile join the next batch.
    private func drain() {
        while true {
            let batch: [Job] = state.withLock { state in
                guard let first = state.pending.first else {
                    state.isDraining = false
                    return []
                }
                let count = first.inTransaction
                    ? min(state.pending.prefix { $0.inTransaction }.count, Self.maximumBatch) : 1
                let batch = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                return batch
            }
            guard let first = batch.first else { return }
            if first.inTransaction {
                commit(batch)
            } else {
                first.perform(connection).answer(nil)
            }
        }
    }

    /// One transaction for the whole batch, one savepoint per write.
    private func commit(_ batch: [Job]) {
        var performed: [Performed] = []
        performed.reserveCapacity(batch.count)
        do {
            try connection.execute("BEGIN IMMEDIATE")
            for job in batch {
                try connection.execute("SAVEPOINT kassa_write")
                let outcome = job.perform(connection)
                performed.append(outcome)
                if !outcome.succeeded {
                    // Undo this write only. If SQLite already rolled back the whole transaction
                    // (a full disk, an I/O error), the savepoint is gone, this throws, and the
                    // batch fails below: none of it is on disk.
                    try connection.execute("ROLLBACK TO kassa_write")
                }
                try connection.execute("RELEASE kassa_write")
            }
            try connection.execute("COMMIT")
        } catch {
            // After a failed COMMIT SQLite may already have rolled back; ignore that second error.
            try? connection.execute("ROLLBACK")
            for outcome in performed { outcome.answer(error) }
            for job in batch.dropFirst(performed.count) { job.reject(error) }
            return
        }
        commits.add(1, ordering: .relaxed)
        writes.add(batch.count, ordering: .relaxed)
        for outcome in performed { outcome.answer(nil) }
    }
}
