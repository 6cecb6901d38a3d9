import Crypto
import FoundationEssentials
import JSON

extension PledgSimulator {
    /// What the buyer does in the funnel; also the sandbox test helper's outcomes.
    enum FunnelOutcome: String, CaseIterable, Sendable {
        /// Pays: the notification of the account's mode, then `redirectUrl` / `onSuccess`.
        case complete
        /// Pledg's PSP refuses the card: `payment_refused`, `cancelUrl` / `onError`.
        case refuse
        /// The scoring refuses the customer: `not_eligible`, `cancelUrl` / `onError`.
        case notEligible = "not_eligible"
        /// The buyer leaves: `cancelUrl` / `onCancel`.
        case cancel
        /// Back mode only: the merchant's PSP refuses the virtual card (`bad_gateway`): the
        /// standard notification with status `failed`, then `cancelUrl` / `onError`.
        case badGateway = "bad_gateway"

        var state: Purchase.StateMachine.State {
            switch self {
            case .complete: .completed
            case .refuse: .refused
            case .notEligible: .notEligible
            case .cancel: .canceled
            case .badGateway: .failed
            }
        }
    }

    /// What the plugin hands the merchant's page when the funnel ends (seed 003).
    enum PluginEvent: Sendable, Equatable {
        /// `onSuccess(result)`.
        case success(JSONValue)
        /// `onError({type, message})`.
        case error(PledgError)
        /// `onCancel()`.
        case cancel
    }

    /// Opens the funnel of a `signature` (the direct call of the front, seed 003): finds the
    /// account from the token's `merchantUid`, verifies the token with that account's secret
    /// (HS256 only, `exp` checked), reads the settings, checks eligibility and computes the
    /// schedule. The open purchase of the same reference is reused.
    func openPurchase(signature: String, isDirectCall: Bool) throws(PledgError) -> Purchase {
        let now = configuration.now()
        // The account is only known from the payload, read before the signature is checked
        // and trusted only after it.
        let parts = signature.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(String(parts[1])),
              let claims = (try? JSONValue.parse(payload))?.objectValue else {
            throw .invalidRequest("The signature is not a valid JSON Web Token")
        }
        guard let unverified = claims["data"]?.objectValue else {
            throw .invalidRequest("The signature's payload has no data object")
        }
        guard let merchantUID = unverified["merchantUid"]?.stringValue, let account = configuration.account(merchantUID) else {
            throw .invalidRequest("The provided property merchantUid is invalid")
        }
        let verified: JWT.Verified
        do {
            verified = try JWT.verifyHS256(signature, secret: Array(account.secret.utf8), now: now,
                                           leeway: TimeInterval(configuration.signatureLeeway))
        } catch {
            throw Self.signatureError(error)
        }
        guard let data = verified.claims["data"]?.objectValue else { throw .invalidRequest("The signature's payload has no data object") }
        let settings = try PurchaseSettings(data, isDirectCall: isDirectCall)
        if let url = settings.redirectURL { try checkDestination(url, setting: "redirectUrl") }
        if let url = settings.cancelURL { try checkDestination(url, setting: "cancelUrl") }
        if let url = settings.paymentNotificationURL { try checkDestination(url, setting: "paymentNotificationUrl", allowsMail: true) }
        try Self.checkEligibility(settings, account)
        var terms = PaymentSchedule.Terms(account: account, amountCents: settings.amountCents, created: CalendarDay(now))
        terms.secondInstallmentDate = settings.secondInstallmentDate
        terms.deferredPaymentDate = settings.deferredPaymentDate
        terms.balancePaymentDate = settings.balancePaymentDate
        let schedule = try PaymentSchedule(terms)
        return try store.openPurchase(merchantUID: account.merchantUID, reference: settings.reference) { () throws(PledgError) in
            Purchase(account: account, settings: settings, schedule: schedule, created: now)
        }
    }

    private static func signatureError(_ error: any Error) -> PledgError {
        switch error as? JWTError {
        case .expired?: .invalidRequest("The signature has expired")
        case .notYetValid?: .invalidRequest("The signature is not valid yet")
        case .unsupportedAlgorithm?: .invalidRequest("The signature must use the HS256 algorithm")
        case .badSignature?: .invalidRequest("The signature does not match the merchant's secret")
        default: .invalidRequest("The signature is not a valid JSON Web Token")
        }
    }

    /// Seed 003: the address is mandatory for installment, deferred and down payment, in FR
    /// for installment and deferred; the account's amount limits and countries decide
    /// eligibility.
    static func checkEligibility(_ settings: PurchaseSettings, _ account: Account) throws(PledgError) {
        let needsAddress: Set<PaymentType> = [.installment, .deferred, .downPayment]
        if needsAddress.contains(account.paymentType), settings.address?.country == nil {
            throw .invalidRequest("The property address is required for \(account.paymentType.rawValue) payments")
        }
        if account.paymentType == .installment || account.paymentType == .deferred, settings.address?.country != "FR" {
            throw .invalidRequest("The provided property address.country is invalid: it must be FR for installment and deferred payments")
        }
        if let minimum = account.minimumAmountCents, settings.amountCents < minimum {
            throw .notEligible("The amount is below the minimum of \(minimum) cents for this payment")
        }
        if let maximum = account.maximumAmountCents, settings.amountCents > maximum {
            throw .notEligible("The amount is above the maximum of \(maximum) cents for this payment")
        }
        if !account.countries.isEmpty, let country = settings.address?.country, !account.countries.contains(country) {
            throw .notEligible("Customers in \(country) are not eligible to this payment")
        }
    }

    /// Ends the open purchase `uid` with `outcome`. On completion the account's mode decides
    /// the notification (back: standard signed; transfer: JWT; front: the virtual card), and a
    /// split purchase also sends its purchase end notice. Answers the purchase and what the
    /// plugin reports.
    func finish(_ uid: String, _ outcome: FunnelOutcome, faults: SimulatorFaults) throws(PledgError) -> (Purchase, PluginEvent) {
        let now = configuration.now()
        let result = try store.update(uid) { (purchase: inout Purchase) throws(PledgError) -> (Purchase, [PledgNotification]) in
            do throws(Purchase.StateMachine.Refusal) {
                try purchase.machine.finish(outcome.state)
            } catch {
                throw .conflict(error.message)
            }
            let sent: [PledgNotification] = switch outcome {
            case .complete: complete(&purchase, now: now)
            case .badGateway: try failOnMerchantPSP(&purchase, now: now)
            case .refuse, .notEligible, .cancel: []
            }
            return (purchase, sent)
        }
        guard let (purchase, sent) = result else { throw .notFound("There is no purchase \(uid)") }
        var outgoing = sent
        // `out-of-order-push`: the split end notice before the payment notification.
        if faults.isOutOfOrderPush { outgoing.reverse() }
        if faults.isDuplicatePush { outgoing = outgoing.flatMap { [$0, $0] } }
        notifications.send(outgoing)
        let event: PluginEvent = switch outcome {
        case .complete: .success(pluginResult(purchase, now: now))
        case .refuse: .error(.paymentRefused)
        case .notEligible: .error(.notEligible("The customer is not eligible to this type of payment"))
        case .cancel: .cancel
        case .badGateway: .error(.badGateway)
        }
        return (purchase, event)
    }
}
