import Synchronization

/// A request's id, on every response, including those the server makes itself (parse errors,
/// timeouts, overload): the client's own `X-Request-Id` when the service accepts it, or one
/// made here. A made id is kept as its number and written as text only where it is needed
/// (the response's field, a log line): no string is built per request.
///
/// Made ids are not secrets, but unique and not guessable from the outside: a counter sent
/// through a keyed bijective mixer (SplitMix64's finalizer), so two ids of one process never
/// collide, and no system call is made per request. There is a counter per processor
/// (`Processor`), so that the event loops do not take turns at one cache line; its index is
/// in the low byte of what is mixed, which keeps the stripes' numbers apart.
public struct RequestID: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    private enum Value: Sendable, Hashable {
        case made(UInt64)
        case given(String)
    }

    private let value: Value

    /// The client's id, as it sent it (the caller decides whether it is acceptable).
    public init(_ given: String) { value = .given(given) }

    public init(stringLiteral text: String) { self.init(text) }

    private init(made: UInt64) { value = .made(made) }

    /// A fresh id: `req_` and 20 lower-case hex digits.
    public static func make() -> RequestID {
        let stripe = Processor.current % counters.count
        let n = counters[stripe].value.wrappingAdd(1, ordering: .relaxed).newValue << 8 | UInt64(stripe)
        return RequestID(made: mix(n ^ key.mix))
    }

    /// The id as text.
    public var text: String {
        switch value {
        case .given(let text): text
        case .made(let mixed): String(unsafeUninitializedCapacity: Self.madeLength) { Self.format(mixed, into: $0.baseAddress!) }
        }
    }

    public var description: String { text }

    /// Its length in bytes, as the response writer sizes its buffer.
    var utf8Count: Int {
        switch value {
        case .given(let text): text.utf8.count
        case .made: Self.madeLength
        }
    }

    /// A made id's bytes, written straight into the response; nil for a client's id (which
    /// the writer checks like any field value).
    func writeMade(into buffer: UnsafeMutablePointer<UInt8>) -> Int? {
        guard case .made(let mixed) = value else { return nil }
        return Self.format(mixed, into: buffer)
    }

    /// The client's id, nil for a made one.
    var given: String? {
        if case .given(let text) = value { return text }
        return nil
    }

    private final class Counter: Sendable {
        let value = Atomic<UInt64>(0)
        /// Keeps the next counter off this one's cache line.
        private let padding: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
    }

    private static let counters = (0..<min(Processor.count, 256)).map { _ in Counter() }

    /// Drawn once per process from the system generator.
    private static let key: (mix: UInt64, tag: UInt16) = {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), UInt16.random(in: 0...UInt16.max, using: &generator))
    }()

    /// SplitMix64's finalizer: a bijection on 64 bits, so distinct counters give distinct ids.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static let madeLength = 24

    private static func format(_ mixed: UInt64, into buffer: UnsafeMutablePointer<UInt8>) -> Int {
        let digits: StaticString = "0123456789abcdef"
        let hex = digits.utf8Start
        let tag = key.tag
        buffer[0] = UInt8(ascii: "r"); buffer[1] = UInt8(ascii: "e"); buffer[2] = UInt8(ascii: "q"); buffer[3] = UInt8(ascii: "_")
        for i in 0..<16 { buffer[4 + i] = hex[Int((mixed >> UInt64(60 - 4 * i)) & 0xF)] }
        for i in 0..<4 { buffer[20 + i] = hex[Int((tag >> UInt16(12 - 4 * i)) & 0xF)] }
        return madeLength
    }
}
