import CEpoll
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A request's id, on every response, including those the server makes itself (parse errors,
/// timeouts, overload): the client's own `X-Request-Id` when the service accepts it, or one
/// made here. A made id is kept as its number and written as text only where it is needed
/// (the response's field, a log line): no string is built per request.
///
/// Made ids are 128 random bits from the kernel's generator (getrandom(2)), so no id says
/// anything about another: not how many requests came between, nor the next one. The bits
/// are drawn in batches (a kilobyte, 64 ids, per system call) into a pool per processor
/// (`Processor`), so that a request makes no system call and the event loops do not take
/// turns at one lock.
public struct RequestID: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    private enum Value: Sendable, Hashable {
        case made(high: UInt64, low: UInt64)
        case given(String)
    }

    private let value: Value

    /// The client's id, as it sent it (the caller decides whether it is acceptable).
    public init(_ given: String) { value = .given(given) }

    public init(stringLiteral text: String) { self.init(text) }

    private init(high: UInt64, low: UInt64) { value = .made(high: high, low: low) }

    /// A fresh id: `req_` and 32 lower-case hex digits (128 random bits).
    public static func make() -> RequestID {
        let (high, low) = pools[Processor.current % pools.count].next()
        return RequestID(high: high, low: low)
    }

    /// The id as text.
    public var text: String {
        switch value {
        case .given(let text): text
        case .made(let high, let low):
            String(unsafeUninitializedCapacity: Self.madeLength) { Self.format(high, low, into: $0.baseAddress!) }
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
        guard case .made(let high, let low) = value else { return nil }
        return Self.format(high, low, into: buffer)
    }

    /// The client's id, nil for a made one.
    var given: String? {
        if case .given(let text) = value { return text }
        return nil
    }

    /// Random words for the ids made on one processor. A class with padding: the next pool's
    /// lock stays off this one's cache line.
    private final class Pool: Sendable {
        private let words = Mutex(RandomWords())
        private let padding: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)

        func next() -> (UInt64, UInt64) { words.withLock { $0.next() } }
    }

    private static let pools = (0..<min(Processor.count, 256)).map { _ in Pool() }

    private static let madeLength = 36

    private static func format(_ high: UInt64, _ low: UInt64, into buffer: UnsafeMutablePointer<UInt8>) -> Int {
        let digits: StaticString = "0123456789abcdef"
        let hex = digits.utf8Start
        buffer[0] = UInt8(ascii: "r"); buffer[1] = UInt8(ascii: "e"); buffer[2] = UInt8(ascii: "q"); buffer[3] = UInt8(ascii: "_")
        for i in 0..<16 {
            buffer[4 + i] = hex[Int((high >> UInt64(60 - 4 * i)) & 0xF)]
            buffer[20 + i] = hex[Int((low >> UInt64(60 - 4 * i)) & 0xF)]
        }
        return madeLength
    }
}

/// A batch of random 64-bit words, handed out two at a time and refilled from the kernel
/// when used up. Each word is handed out once.
struct RandomWords: ~Copyable {
    private var words = [UInt64](repeating: 0, count: 128)
    private var nextIndex = 128

    init() {}

    /// The next two words.
    mutating func next() -> (UInt64, UInt64) {
        if nextIndex + 2 > words.count {
            Self.fill(&words)
            nextIndex = 0
        }
        defer { nextIndex += 2 }
        return (words[nextIndex], words[nextIndex + 1])
    }

    /// Fills `words` from getrandom(2): the urandom source, which never blocks once the
    /// kernel's generator is seeded (early boot only). A signal may cut a large read short
    /// (EINTR or a partial count): the rest is read again.
    static func fill(_ words: inout [UInt64]) {
        words.withUnsafeMutableBytes { bytes in
            var filled = 0
            while filled < bytes.count {
                let count = getrandom(bytes.baseAddress! + filled, bytes.count - filled, 0)
                if count > 0 {
                    filled += count
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    // No getrandom (a kernel before 3.17): the standard library's generator,
                    // which reads the same source another way.
                    var generator = SystemRandomNumberGenerator()
                    for index in stride(from: filled, to: bytes.count, by: 1) { bytes[index] = generator.next() }
                    filled = bytes.count
                }
            }
        }
    }
}
