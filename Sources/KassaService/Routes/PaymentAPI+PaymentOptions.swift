import HTTP
import JSON
import Payments

extension PaymentAPI {
    /// `POST /v1/payment-options {order, customer}`: every configured provider and method with
    /// `eligible` and, when not, every reason (`PaymentOptions`); 422 naming each bad field of
    /// the body, as `POST /v1/checkouts` would. Nothing is stored and no provider is called.
    func paymentOptions(_ request: Request) async -> Response {
        await answering {
            let parsed = try PaymentOptionsRequest.parse(try parseJSONBody(request), maxAmount: maxAmount)
            let entries = PaymentOptions.evaluate(parsed, providers: providers, publicBaseURL: publicBaseURL)
            return .json(200, ["options": .array(entries.map(Self.paymentOption))])
        }
    }

    /// `{provider, method, eligible, reasons: [{code, field, detail}], schedule?: [{due_date, amount, fees}]}`.
    static func paymentOption(_ entry: PaymentOptions.Entry) -> JSONValue {
        let option = entry.option
        var object: JSONObject = [
            "provider": .string(entry.provider.rawValue),
            "method": option.method.map(JSONValue.string) ?? .null,
            "eligible": .bool(option.isEligible),
            "reasons": .array(option.reasons.map {
                ["code": .string($0.reason.rawValue), "field": .string($0.field), "detail": .string($0.message)]
            }),
        ]
        if let schedule = option.schedule {
            object["schedule"] = .array(schedule.map {
                ["due_date": .string($0.dueDate), "amount": .number(JSONNumber($0.amount)), "fees": .number(JSONNumber($0.fees))]
            })
        }
        return .object(object)
    }
}
