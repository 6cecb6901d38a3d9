/// Records by id, at most `capacity`: adding one beyond the capacity evicts the oldest. The
/// part every simulator's in-memory store shares; each store keeps it under its own lock,
/// beside its own lookup indexes, which it cleans of the records `append` evicts.
struct BoundedRecords<Record> {
    private var byID: [String: Record] = [:]
    /// Record ids, oldest first.
    private var order: [String] = []
    private let capacity: Int

    /// Room for `capacity` records.
    init(capacity: Int, naming record: String) {
        precondition(capacity > 0, "the store needs room for one \(record)")
        self.capacity = capacity
    }

    /// How many records are held.
    var count: Int { byID.count }

    /// The record `id`, or nil; setting changes a record that is held (and nothing else).
    subscript(id: String) -> Record? {
        get { byID[id] }
        set {
            guard let newValue, byID[id] != nil else { return }
            byID[id] = newValue
        }
    }

    /// Adds `record` as `id`; answers the records evicted to stay within the capacity.
    mutating func append(_ record: Record, id: String) -> [Record] {
        byID[id] = record
        order.append(id)
        var evicted: [Record] = []
        while order.count > capacity {
            if let old = byID.removeValue(forKey: order.removeFirst()) { evicted.append(old) }
        }
        return evicted
    }

    /// Every record, oldest first.
    var all: [Record] { order.compactMap { byID[$0] } }
}
