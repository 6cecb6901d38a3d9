/// Request ids for responses the server makes itself (parse errors, timeouts, overload), so
/// that every response carries `X-Request-Id`. Not secrets: the system generator suffices.
public enum RequestID {
    /// `req_` and 20 lower-case hex digits.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = String(UInt64.random(in: 0...UInt64.max, using: &generator), radix: 16)
        let low = String(UInt16.random(in: 0...UInt16.max, using: &generator), radix: 16)
        return "req_" + String(repeating: "0", count: 16 - high.count) + high + String(repeating: "0", count: 4 - low.count) + low
    }
}
