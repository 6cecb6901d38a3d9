import FoundationEssentials
import Synchronization

/// A storage failure as the operator needs it: a fixed kind (a metric label and a log field)
/// and the database's message, which names files and codes but never stored data.
public struct StorageFault: Sendable, Equatable {
    /// The closed set of failure kinds: nothing else ever becomes a label of
    /// `kassa_store_errors_total`.
    public enum Kind: String, Sendable, CaseIterable {
        /// The file or its filesystem refuses writes (SQLITE_READONLY, or EROFS underneath).
        case readOnly = "read_only"
        /// No space left (SQLITE_FULL, or ENOSPC / EFBIG / EDQUOT underneath).
        case diskFull = "disk_full"
        /// Another I/O error (SQLITE_IOERR).
        case ioError = "io_error"
        /// The file is not a sound database (SQLITE_CORRUPT, SQLITE_NOTADB, a failed quick_check).
        case corrupt
        /// A lock held beyond the busy timeout (SQLITE_BUSY, SQLITE_LOCKED).
        case busy
        /// The file cannot be opened (SQLITE_CANTOPEN).
        case cannotOpen = "cannot_open"
        /// Anything else SQLite reported.
        case other
    }

    /// The kind.
    public let kind: Kind
    /// The database's description of it.
    public let message: String

    /// A fault.
    public init(kind: Kind, message: String) {
        (self.kind, self.message) = (kind, message)
    }
}

/// Counts storage faults by kind and decides which ones to report: the first of each kind,
/// then no more of that kind until a write has succeeded again — so a full disk is logged once
/// when it fills (not once per request), and again if it fills again after being freed.
public final class StorageFaultRecorder: Sendable {
    private struct State {
        var counts: [StorageFault.Kind: Int] = [:]
        var reported: Set<StorageFault.Kind> = []
    }

    private let state = Mutex(State())
    /// Whether any kind is reported and not yet re-armed: the one check on every write's path.
    private let hasReported = Atomic<Bool>(false)

    /// A recorder with nothing counted.
    public init() {}

    /// Counts `fault`; true when it is the first of its kind since the store last wrote.
    public func record(_ fault: StorageFault) -> Bool {
        state.withLock { state in
            state.counts[fault.kind, default: 0] += 1
            guard state.reported.insert(fault.kind).inserted else { return false }
            hasReported.store(true, ordering: .relaxed)
            return true
        }
    }

    /// A write committed: the store writes again, so the next fault of any kind is news.
    public func noteWriteSucceeded() {
        guard hasReported.load(ordering: .relaxed) else { return }
        state.withLock { state in
            state.reported.removeAll()
            hasReported.store(false, ordering: .relaxed)
        }
    }

    /// The count of every kind (zero included: the set is fixed).
    public var counts: [StorageFault.Kind: Int] {
        let counts = state.withLock { $0.counts }
        return Dictionary(uniqueKeysWithValues: StorageFault.Kind.allCases.map { ($0, counts[$0] ?? 0) })
    }
}
