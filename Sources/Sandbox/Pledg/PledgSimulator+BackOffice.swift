import Crypto
import FoundationEssentials
import HTTP
import JSON

extension PledgSimulator {
    /// `POST /api/token`: `Authorization: Basic base64(api_key:api_secret)` and the form
    /// `grant_type=client_credentials` (PROVIDERS.md D: the official Sylius plugin's scheme)
    /// → `{access_token, token_type, expires_in}`.
    func issueToken(_ request: Request) throws(PledgError) -> Response {
        guard let header = request.headers["Authorization"] else { throw .unauthorized("Basic credentials are required") }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let decoded = Base64.decode(parts[1].trimmingASCIIWhitespace()),
              let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else {
            throw .unauthorized("Basic credentials are required")
        }
        // Both compared in full, whatever the first says.
        let isKeyValid = ConstantTime.equals(decoded[..<colon], Array(configuration.apiKey.utf8))
        let isSecretValid = ConstantTime.equals(decoded[(colon + 1)...], Array(configuration.apiSecret.utf8))
        guard isKeyValid && isSecretValid else { throw .unauthorized("The API credentials are invalid") }
        let form = QueryString.parse(String(decoding: request.body, as: UTF8.self))
        guard form.first(where: { $0.name == "grant_type" })?.value == "client_credentials" else {
            throw .invalidRequest("grant_type must be client_credentials")
        }
        let token = tokens.issue(now: configuration.now(), lifetime: configuration.tokenLifetime)
        return .json(200, .object([
            "access_token": .string(token), "token_type": "Bearer",
            "expires_in": .number(JSONNumber(configuration.tokenLifetime)),
        ]))
    }

    /// Requires `Authorization: Bearer <token>` with a live token from `/api/token`.
    private func authenticate(_ request: Request) throws(PledgError) {
        guard let header = request.headers["Authorization"] else { throw .unauthorized("A Bearer token is required") }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw .unauthorized("A Bearer token is required") }
        guard tokens.isValid(parts[1].trimmingASCIIWhitespace(), now: configuration.now()) else {
            throw .unauthorized("The token is invalid or expired")
        }
    }

    /// `POST /api/purchases/{uid}/release` (seed 003, "Front and back modes"): refunds the
    /// customer at once, while the virtual card was not debited.
    func release(_ request: Request) throws(PledgError) -> Response {
        try authenticate(request)
        let uid = request.parameters["uid"] ?? ""
        let purchase = try store.update(uid) { (purchase: inout Purchase) throws(PledgError) -> Purchase in
            guard purchase.account.mode != .transfer else {
                throw .conflict("A purchase paid by transfer is refunded with credit_by_transfer")
            }
            do throws(Purchase.StateMachine.Refusal) { try purchase.machine.release(isCardDebited: purchase.isCardDebited) } catch { throw .conflict(error.message) }
            return purchase
        }
        guard let purchase else { throw .notFound("There is no purchase \(uid)") }
        return .json(200, purchase.backOfficeJSON)
    }

    /// `POST /api/purchases/{uid}/credit_by_transfer {amount_cents}` (seed 003, "Transfer
    /// mode"): partial credits allowed, never beyond the purchase amount.
    func creditByTransfer(_ request: Request) throws(PledgError) -> Response {
        try authenticate(request)
        guard let body = (try? JSONValue.parse(request.body))?.objectValue else {
            throw .invalidRequest("The body must be a JSON object with amount_cents")
        }
        guard let amount = body["amount_cents"]?.wholeNumber, amount > 0 else {
            throw .invalidRequest("The provided property amount_cents is invalid")
        }
        let uid = request.parameters["uid"] ?? ""
        let purchase = try store.update(uid) { (purchase: inout Purchase) throws(PledgError) -> Purchase in
            guard purchase.account.mode == .transfer else {
                throw .conflict("Only a purchase paid by transfer is credited by transfer; use release")
            }
            do throws(Purchase.StateMachine.Refusal) { try purchase.machine.credit(amount, of: purchase.settings.amountCents) } catch { throw .conflict(error.message) }
            return purchase
        }
        guard let purchase else { throw .notFound("There is no purchase \(uid)") }
        return .json(200, purchase.backOfficeJSON)
    }

    /// `POST /api/users/me/merchants/{uid}/simulate_payment_schedule {amount_cents, created,
    /// second_installment_date?}` (seed 003; no auth, PROVIDERS.md D) → the schedule keyed by
    /// payment type.
    func simulatePaymentSchedule(_ request: Request) throws(PledgError) -> Response {
        let uid = request.parameters["uid"] ?? ""
        guard let account = configuration.account(uid) else { throw .notFound("There is no merchant \(uid)") }
        guard let body = (try? JSONValue.parse(request.body))?.objectValue else {
            throw .invalidRequest("The body must be a JSON object with amount_cents and created")
        }
        guard let amount = body["amount_cents"]?.wholeNumber, amount > 0, amount <= PurchaseSettings.maximumAmountCents else {
            throw .invalidRequest("The provided property amount_cents is invalid")
        }
        guard let createdText = body["created"]?.stringValue, let created = CalendarDay(createdText) else {
            throw .invalidRequest("The provided property created is invalid")
        }
        var terms = PaymentSchedule.Terms(account: account, amountCents: amount, created: created)
        if let value = body["second_installment_date"], !value.isNull {
            guard let text = value.stringValue, let day = CalendarDay(text) else {
                throw .invalidRequest("The provided property second_installment_date is invalid")
            }
            terms.secondInstallmentDate = day
        }
        let schedule = try PaymentSchedule(terms)
        return .json(200, schedule.simulationJSON(account.paymentType))
    }

    /// `POST /api/sandbox/virtual_cards/{vcar}/debit`: not Pledg's; tells the simulator that
    /// the merchant charged the virtual card on its PSP, after which `release` is refused.
    func debitVirtualCard(_ request: Request) throws(PledgError) -> Response {
        let uid = request.parameters["uid"] ?? ""
        let purchase = try store.update(uid, byCard: true) { (purchase: inout Purchase) throws(PledgError) -> Purchase in
            guard purchase.machine.state == .completed else { throw .conflict("The purchase is \(purchase.machine.state.rawValue)") }
            purchase.isCardDebited = true
            return purchase
        }
        guard let purchase else { throw .notFound("There is no virtual card \(uid)") }
        return .json(200, purchase.backOfficeJSON)
    }
}

extension Purchase {
    /// The back office's answer about a purchase (its shape is the simulator's: seed 003 does
    /// not document it). Never the card's number or CVC.
    var backOfficeJSON: JSONValue {
        var object: JSONObject = [
            "uid": .string(uid), "reference": .string(settings.reference), "merchant_uid": .string(account.merchantUID),
            "payment_type": .string(account.paymentType.rawValue.uppercased()), "mode": .string(account.mode.rawValue),
            "amount_cents": .number(JSONNumber(settings.amountCents)), "currency": .string(settings.currency),
            "status": .string(machine.state.rawValue),
            "credited_amount_cents": .number(JSONNumber(machine.creditedCents)),
        ]
        if let card = virtualCard { object["virtual_card_uid"] = .string(card.uid) }
        return .object(object)
    }
}
