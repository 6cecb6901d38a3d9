import HTTP
import JSON

extension JSONValue {
    /// An integer as the simulators read amounts and counts: an integer literal within `Int64`,
    /// or a number without fraction below 10^15 (`4485.0`, `4.485e3`), as a JSON parser that
    /// reads numbers as doubles takes it; nil otherwise.
    var wholeNumber: Int? {
        if let exact = int64Value { return Int(exact) }
        guard let double = doubleValue, double.rounded() == double, abs(double) < 1e15 else { return nil }
        return Int(double)
    }
}

extension Response {
    /// A JSON response whose body is `value`, compact, object members in their stored order.
    static func json(_ status: Int, _ value: JSONValue, headers: HTTPHeaders = [:]) -> Response {
        .json(status, value.serializedString(), headers: headers)
    }
}
