// Shared by every fuzz target (scripts/fuzz compiles this directory into each of them).
import Glibc

/// Stops the run with `message` on stderr: libFuzzer sees the trap, saves the input as
/// `crash-…` and prints it. stderr is unbuffered, so the message survives the trap.
func fuzzFailure(_ message: String) -> Never {
    var text = "fuzz property violated: \(message)\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    fatalError("fuzz property violated")
}

/// `fuzzFailure(message())` unless `condition` holds.
func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fuzzFailure(message()) }
}

/// A small deterministic generator (SplitMix64) seeded from the input, so that one input
/// always means the same splits: libFuzzer needs a target to be a function of its input.
struct SplitMix64 {
    private var state: UInt64

    init(seed bytes: some Sequence<UInt8>) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 // FNV-1a offset basis
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        state = hash
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A value in `1...bound`.
    mutating func size(upTo bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) + 1 }
}
