/// Faults a simulator injects into one request: from the `X-Sandbox-Fault` header
/// (`latency=200, duplicate-push`), or the simulator's configured defaults when the header is
/// absent. See docs/sandbox.md.
public struct SimulatorFaults: Sendable, Equatable {
    /// The request header that switches faults per request.
    public static let headerName = "X-Sandbox-Fault"

    /// Answer only after this delay.
    public var latency: Duration?
    /// Answer this 5xx status with the provider's error body, without any side effect.
    public var status: Int?
    /// Apply the operation, then never answer (held until the simulator shuts down, or the bound).
    public var isTimeout: Bool
    /// Send every push notification caused by the request twice.
    public var isDuplicatePush: Bool
    /// After the push caused by the request, send the transaction's previous push again.
    public var isOutOfOrderPush: Bool

    /// No fault.
    public static let none = SimulatorFaults()

    /// Faults as listed; the default is none.
    public init(latency: Duration? = nil, status: Int? = nil, isTimeout: Bool = false,
                isDuplicatePush: Bool = false, isOutOfOrderPush: Bool = false) {
        self.latency = latency
        self.status = status
        self.isTimeout = isTimeout
        self.isDuplicatePush = isDuplicatePush
        self.isOutOfOrderPush = isOutOfOrderPush
    }

    /// Parses a header value: comma-separated `latency=<ms>`, `status=<500…599>`, `timeout`,
    /// `duplicate-push`, `out-of-order-push`. Nil when any item is not one of these.
    public init?(header: String) {
        self.init()
        for rawItem in header.split(separator: ",") {
            let item = rawItem.trimmingASCIIWhitespace()
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            switch (parts.first ?? "", parts.count) {
            case ("latency", 2):
                guard let ms = Int(parts[1]), ms >= 0, ms <= 600_000 else { return nil }
                latency = .milliseconds(ms)
            case ("status", 2):
                guard let code = Int(parts[1]), (500...599).contains(code) else { return nil }
                status = code
            case ("timeout", 1): isTimeout = true
            case ("duplicate-push", 1): isDuplicatePush = true
            case ("out-of-order-push", 1): isOutOfOrderPush = true
            default: return nil
            }
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    func trimmingASCIIWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
