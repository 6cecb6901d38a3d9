import Foundation
import Payments
import Store

/// The Kassa half of `scripts/bench-store`: committed single-row transactions per second
/// through `SQLiteStore`, one client awaiting each commit (the latency the API sees).
enum Benchmark {
    static func run(path: String, durability: SQLiteStore.Configuration.Durability, count: Int) async throws {
        let store = try SQLiteStore(configuration: .init(path: path, durability: durability))
        let label = durability == .full ? "FULL" : "NORMAL"
        var ids: [CheckoutID] = []
        ids.reserveCapacity(count)

        var start = DispatchTime.now()
        for n in 0..<count {
            let (checkout, _) = try await store.createCheckout(NewCheckout(
                orderReference: "bench-\(n)", provider: .secuconnect, amount: Money(minorUnits: 4485, currency: .eur)))
            ids.append(checkout.id)
        }
        report("kassa   create checkout + event", label, count, since: start)

        start = DispatchTime.now()
        for id in ids {
            _ = try await store.apply(StatusUpdate(source: .webhook, status: .pending, providerStatus: "pending"), to: id)
        }
        report("kassa   status update + event  ", label, count, since: start)

        // The same updates from 8 concurrent clients: the thread hop of one call overlaps the
        // commit of another, which is how the service meets the store.
        let clients = 8
        start = DispatchTime.now()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                let mine = stride(from: client, to: ids.count, by: clients).map { ids[$0] }
                group.addTask {
                    for id in mine {
                        _ = try await store.apply(StatusUpdate(source: .poll, status: .authorized, providerStatus: "authorized"), to: id)
                    }
                }
            }
            try await group.waitForAll()
        }
        report("kassa   status update, 8 clients", label, count, since: start)
    }

    private static func report(_ what: String, _ label: String, _ count: Int, since start: DispatchTime) {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        print("\(what) synchronous=\(label): \(Int(Double(count) / seconds)) tx/s (\(count) in \(String(format: "%.2f", seconds)) s)")
    }
}
