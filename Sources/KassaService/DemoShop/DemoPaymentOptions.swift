import JSON

/// One payment method the basket page offers, as `POST /v1/payment-options` answers it: a
/// provider and method, eligible or not with every reason, and Pledg's schedule preview.
struct DemoPaymentOption: Sendable, Equatable {
    /// Why an option is not eligible.
    struct Reason: Sendable, Equatable {
        let code: String
        let field: String?
        let detail: String
    }

    /// One instalment of a schedule preview.
    struct Share: Sendable, Equatable {
        let dueDate: String
        let amount: Int64
    }

    let provider: String
    let method: String?
    let eligible: Bool
    let reasons: [Reason]
    let schedule: [Share]

    /// The radio button's value: `provider` or `provider:method`.
    var choice: String { method.map { provider + ":" + $0 } ?? provider }

    /// The options of an answer's `options` array; entries it cannot read are left out.
    static func parse(_ body: JSONValue?) -> [DemoPaymentOption]? {
        guard let entries = body?["options"]?.arrayValue else { return nil }
        return entries.compactMap { entry in
            guard let provider = entry["provider"]?.stringValue else { return nil }
            let reasons = (entry["reasons"]?.arrayValue ?? []).map { reason in
                Reason(code: reason["code"]?.stringValue ?? "not_eligible", field: reason["field"]?.stringValue,
                       detail: reason["detail"]?.stringValue ?? "")
            }
            let schedule = (entry["schedule"]?.arrayValue ?? []).compactMap { share -> Share? in
                guard let due = share["due_date"]?.stringValue, let amount = share["amount"]?.int64Value else { return nil }
                return Share(dueDate: due, amount: amount)
            }
            return DemoPaymentOption(provider: provider, method: entry["method"]?.stringValue,
                                     eligible: entry["eligible"]?.boolValue ?? reasons.isEmpty, reasons: reasons, schedule: schedule)
        }
    }

    /// Until `/v1/payment-options` exists (it answers 404): every method of every enabled
    /// provider, all eligible; Kassa's answer to the checkout then says what was wrong.
    static func everyMethod(of providers: [(provider: String, methods: [String?])]) -> [DemoPaymentOption] {
        providers.flatMap { entry in
            entry.methods.map { DemoPaymentOption(provider: entry.provider, method: $0, eligible: true, reasons: [], schedule: []) }
        }
    }

    /// A label for people.
    var label: String {
        let name = Self.providerNames[provider] ?? provider
        guard let method else { return name }
        return name + " – " + (Self.methodNames[method] ?? method)
    }

    private static let providerNames = ["secuconnect": "secuconnect (card, PayPal, …)", "smartpay": "SmartPay card widget",
                                        "smartcredit": "SmartCredit financing", "pledg": "Pledg"]
    private static let methodNames = [
        "REVOLVINGPOS": "Hanseatic Bank revolving credit (Germany)", "FRF_3X": "FranFinance 3 instalments (France)",
        "FRF_4X": "FranFinance 4 instalments (France)", "FRF_3X_F": "FranFinance 3 instalments, free (France)",
        "FRF_4X_F": "FranFinance 4 instalments, free (France)", "split": "split payment", "installment": "pay in instalments",
        "deferred": "pay later", "down_payment": "down payment", "redirection": "Pledg page",
    ]
}
