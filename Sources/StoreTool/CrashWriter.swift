import Foundation
import Payments
import Store

/// The child process of the crash test: writes checkouts and their events in a loop, and after
/// each write returns (committed) prints one line naming it. The parent kills it with SIGKILL
/// at a random moment and then checks that everything printed is in the database.
enum CrashWriter {
    /// Concurrent writers, so the kill also lands in the middle of group-committed batches.
    static let writers = 8

    static func run(path: String) async throws {
        let store = try SQLiteStore(configuration: .init(path: path))
        let run = Hex4.random()
        emit("ready")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask { try await write(store, reference: "crash-\(run)-\(writer)") }
            }
            try await group.waitForAll()
        }
    }

    private static func write(_ store: SQLiteStore, reference: String) async throws {
        var n = 0
        while true {
            n += 1
            let (checkout, created) = try await store.createCheckout(NewCheckout(
                orderReference: "\(reference)-\(n)", provider: .smartpay,
                amount: Money(minorUnits: Int64(100 + n), currency: .eur)))
            emit("checkout \(checkout.id) \(created.sequence)")
            let outcome = try await store.apply(StatusUpdate(source: .webhook, status: .pending, providerStatus: "AUTHORIZATION_PENDING"),
                                                to: checkout.id)
            emit("event \(checkout.id) \(outcome.event.sequence) \(outcome.checkout.status)")
        }
    }
}

// Straight to the descriptor, unbuffered: a reported write must reach the parent before the
// next one starts, and a SIGKILL must not eat lines sitting in a stdio buffer. One short line
// is one write(2) below PIPE_BUF, so the writers' lines never interleave.
private func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

// A short random tag so runs against the same file never reuse an order reference.
enum Hex4 {
    static func random() -> String { String(UInt32.random(in: 0...UInt32.max), radix: 16) }
}
