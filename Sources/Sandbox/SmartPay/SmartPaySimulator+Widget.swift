import FoundationEssentials
import HTTP
import JSON

extension SmartPaySimulator {
    /// What the widget hands the merchant's page: `successHandler(data)` or
    /// `errorHandler(errorCode, message)` (PROVIDERS.md B, "Web SDK").
    enum WidgetResult: Sendable, Equatable {
        /// `successHandler(data)`: fired on every completed payment, declined ones included,
        /// so the merchant always verifies with Get Payment Status.
        case success(JSONValue)
        /// `errorHandler(errorCode, message)` with one of the documented codes.
        case error(code: String, message: String)
    }

    func registerWidget(on router: inout Router, prefix: String) {
        router.on("GET", prefix + "/smp-bundle.js") { [self] in
            await serve($0) { _, _ throws(SmartPayError) in SmartPayWidgetPage.bundle(base: configuration.publicBaseURL + prefix) }
        }
        router.on("GET", prefix + "/widget") { [self] in
            await serve($0) { r, faults throws(SmartPayError) in widgetPage(r, faults: faults, prefix: prefix) }
        }
        router.on("POST", prefix + "/widget/payments", bodyLimit: Self.bodyLimit) { [self] in
            await serve($0) { r, faults throws(SmartPayError) in submitWidget(r, faults: faults) }
        }
    }

    /// `GET /widget?checkoutToken=…`: the card form the bundle shows in its frame. Opening it
    /// starts the payment (`AUTORIZATION_INITIALIZED`: "the consumer … started, but not yet
    /// completed, the checkout process", PROVIDERS.md B).
    func widgetPage(_ request: Request, faults: SimulatorFaults, prefix: String) -> Response {
        let token = request.query("checkoutToken") ?? request.query("transactionId") ?? ""
        switch startWidget(token: token, faults: faults) {
        case .failure(let error):
            return SmartPayWidgetPage.result(error.result)
        case .success(let amount):
            return SmartPayWidgetPage.cardForm(token: token, amount: amount, action: prefix + "/widget/payments",
                                               outcomes: SmartPayTransaction.StateMachine.WidgetOutcome.allCases.map(\.rawValue))
        }
    }

    /// `POST /widget/payments` with `{checkoutToken, outcome}` (JSON, from the form's script) or
    /// the same as a form (without script): pays and answers the handler to call, as JSON
    /// `{"handler": "success", "data": …}` / `{"handler": "error", "errorCode", "message"}`, or
    /// as a page. Card fields may be sent; they are never kept.
    func submitWidget(_ request: Request, faults: SimulatorFaults) -> Response {
        let isForm = request.headers["Content-Type"]?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
        var token = "", outcomeName = ""
        if isForm {
            let form = QueryString.parse(String(decoding: request.body, as: UTF8.self))
            token = form.first { $0.name == "checkoutToken" }?.value ?? ""
            outcomeName = form.first { $0.name == "outcome" }?.value ?? ""
        } else if case .object(let body)? = try? JSONValue.parse(request.body) {
            token = body["checkoutToken"]?.stringValue ?? body["transactionId"]?.stringValue ?? ""
            outcomeName = body["outcome"]?.stringValue ?? ""
        }
        let result: WidgetResult
        if let outcome = SmartPayTransaction.StateMachine.WidgetOutcome(rawValue: outcomeName) {
            result = payInWidget(token: token, outcome: outcome, faults: faults)
        } else {
            let names = SmartPayTransaction.StateMachine.WidgetOutcome.allCases.map(\.rawValue).joined(separator: ", ")
            result = .error(code: "ERROR_INVALID_INPUT", message: "outcome must be one of \(names)")
        }
        if isForm { return SmartPayWidgetPage.result(result) }
        switch result {
        case .success(let data):
            return .json(200, .object(["handler": "success", "data": data]))
        case .error(let code, let message):
            let status = code == "ERROR_CHECKOUT_TIMEOUT" ? 410 : code == "ERROR_INVALID_INPUT" ? 400 : 409
            return .json(status, .object(["handler": "error", "errorCode": .string(code), "message": .string(message)]))
        }
    }

    /// Opens the widget on `token`: the amount to show, or the error the widget would report.
    func startWidget(token: String, faults: SimulatorFaults) -> Result<String, WidgetError> {
        let now = configuration.now()
        let lifetime = TimeInterval(configuration.checkoutTokenLifetime)
        do throws(SmartPayError) {
            let started = try store.update(.checkoutToken(token)) { (transaction: inout SmartPayTransaction) throws(SmartPayError) -> Result<String, WidgetError> in
                guard now < transaction.created.addingTimeInterval(lifetime) else { return .failure(.timeout) }
                let action = try transaction.transition { (machine: inout SmartPayTransaction.StateMachine) throws(SmartPayTransaction.StateMachine.Refusal) in
                    try machine.widgetStarted()
                }
                _ = record(action, on: &transaction, origin: .widget, now: now, faults: faults)
                return .success(SmartPayWidgetPage.formatted(transaction.amount, exponent: transaction.exponent))
            }
            return started ?? .failure(.unknownToken)
        } catch {
            return .failure(.finished(error.message))
        }
    }

    /// The buyer pays in the widget on `token` and the payment ends in `outcome`: the one
    /// funnel behind the card form, the bundle and the test helper (`play`).
    func payInWidget(token: String, outcome: SmartPayTransaction.StateMachine.WidgetOutcome, faults: SimulatorFaults) -> WidgetResult {
        let now = configuration.now()
        let lifetime = TimeInterval(configuration.checkoutTokenLifetime)
        let pendingReads = configuration.pendingReadsBeforeResolution
        let paid: Result<(JSONValue, [SmartPayWebhookEvent]), WidgetError>?
        do throws(SmartPayError) {
            paid = try store.update(.checkoutToken(token)) { (transaction: inout SmartPayTransaction) throws(SmartPayError)
                -> Result<(JSONValue, [SmartPayWebhookEvent]), WidgetError> in
                // PROVIDERS.md B: ERROR_CHECKOUT_TIMEOUT, "checkoutToken or transactionId is expired".
                guard now < transaction.created.addingTimeInterval(lifetime) else { return .failure(WidgetError.timeout) }
                let started = try transaction.transition { (machine: inout SmartPayTransaction.StateMachine) throws(SmartPayTransaction.StateMachine.Refusal) in
                    try machine.widgetStarted()
                }
                var events = record(started, on: &transaction, origin: .widget, now: now, faults: faults)
                let action = try transaction.transition { (machine: inout SmartPayTransaction.StateMachine) throws(SmartPayTransaction.StateMachine.Refusal) in
                    try machine.widgetSubmitted(outcome, pendingReads: pendingReads)
                }
                transaction.paymentMethod = "CARDS"
                events += record(action, on: &transaction, origin: .widget, now: now, faults: faults)
                return .success((Self.callbackData(transaction, outcome: outcome), events))
            }
        } catch {
            return WidgetError.finished(error.message).result
        }
        switch paid {
        case nil: return WidgetError.unknownToken.result
        case .failure(let error)?: return error.result
        case .success(let (data, events))?:
            webhooks.send(events)
            return .success(data)
        }
    }

    /// Why the widget cannot take a payment.
    enum WidgetError: Error, Equatable {
        case unknownToken, timeout
        case finished(String)

        /// The `errorHandler` call (PROVIDERS.md B, the documented codes).
        var result: WidgetResult {
            switch self {
            case .unknownToken: .error(code: "ERROR_INVALID_INPUT", message: "Unknown checkoutToken")
            case .timeout: .error(code: "ERROR_CHECKOUT_TIMEOUT", message: "The checkoutToken has expired; create a new checkout")
            case .finished(let message): .error(code: "ERR_PAYMENT_CALLBACK", message: message)
            }
        }
    }

    /// `successHandler`'s `data` (PROVIDERS.md B): `kind`, `transactionId`, `checkoutToken`,
    /// `transactionStatus`, `message`.
    static func callbackData(_ transaction: SmartPayTransaction, outcome: SmartPayTransaction.StateMachine.WidgetOutcome) -> JSONValue {
        let message = switch outcome {
        case .authorize: "Payment authorized"
        case .capture: "Payment completed"
        case .decline: "Payment declined"
        case .pendingThenCapture, .pendingForever: "Payment pending confirmation"
        }
        return .object([
            "kind": "CALLBACK",
            "transactionId": .string(transaction.id),
            "checkoutToken": .string(transaction.checkoutToken),
            "transactionStatus": .string(transaction.machine.status.rawValue),
            "message": .string(message),
        ])
    }
}
