import Foundation

/// A value shared between a test and the tasks or callbacks it starts.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: every access goes through the lock.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }

    /// A copy of the current value.
    var current: Value { withLock { $0 } }
}

extension Locked where Value == Int {
    /// Increments and returns the new value (1, 2, 3…).
    func next() -> Int { withLock { $0 += 1; return $0 } }
}

extension Locked where Value: RangeReplaceableCollection {
    /// Appends one element.
    func append(_ element: Value.Element) { withLock { $0.append(element) } }
}
