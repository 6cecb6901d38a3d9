import Synchronization

/// Request ids for every response, including those the server makes itself (parse errors,
/// timeouts, overload). Not secrets, but unique and not guessable from the outside: a counter
/// sent through a keyed bijective mixer (SplitMix64's finalizer), so two ids of one process
/// never collide, and no system call is made per request. There is a counter per processor
/// (`Processor`), so that the event loops do not take turns at one cache line; its index is
/// in the low byte of what is mixed, which keeps the stripes' numbers apart.
public enum RequestID {
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

    /// `req_` and 20 lower-case hex digits.
    public static func make() -> String {
        let stripe = Processor.current % counters.count
        let n = counters[stripe].value.wrappingAdd(1, ordering: .relaxed).newValue << 8 | UInt64(stripe)
        return format(mixed: mix(n ^ key.mix), tag: key.tag)
    }

    /// SplitMix64's finalizer: a bijection on 64 bits, so distinct counters give distinct ids.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func format(mixed: UInt64, tag: UInt16) -> String {
        String(unsafeUninitializedCapacity: 24) { buffer in
            let digits: StaticString = "0123456789abcdef"
            let hex = digits.utf8Start
            buffer[0] = UInt8(ascii: "r"); buffer[1] = UInt8(ascii: "e"); buffer[2] = UInt8(ascii: "q"); buffer[3] = UInt8(ascii: "_")
            for i in 0..<16 { buffer[4 + i] = hex[Int((mixed >> UInt64(60 - 4 * i)) & 0xF)] }
            for i in 0..<4 { buffer[20 + i] = hex[Int((tag >> UInt16(12 - 4 * i)) & 0xF)] }
            return 24
        }
    }
}
