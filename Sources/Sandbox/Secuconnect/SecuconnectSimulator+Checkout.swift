import HTTP

extension SecuconnectSimulator {
    /// What the buyer does on the hosted checkout page.
    enum CheckoutChoice: String, CaseIterable {
        /// Authorise: `approved`, or captured when `auto_capture` is true; to `url_success`.
        case approve
        /// The authorisation is declined: `failed`; to `url_error`.
        case decline
        /// The buyer leaves: the transaction stays `created` and payable; to `url_abort`.
        case abort
    }

    /// `GET /pay?stx=…&payment-method=…`: the page a payment link opens (seeds 002/004, step 3).
    func checkoutPage(_ request: Request, prefix: String) -> Response {
        let id = request.query("stx") ?? ""
        guard let transaction = store.transaction(id) else {
            return HostedCheckoutPage.message(404, title: "Unknown transaction", text: "There is no Smart Transaction \(id).")
        }
        // Seed 002's invoice link says `initPaymentMethod=invoice`; both are read.
        let method = request.query("payment-method") ?? request.query("initPaymentMethod")
        return HostedCheckoutPage.checkout(transaction, merchantName: configuration.merchantName,
                                           method: method, actionBase: prefix + "/pay/" + transaction.id)
    }

    /// `POST /pay/{stx}/approve|decline|abort` (form body `payment-method=…`): changes the
    /// transaction and answers `303 See Other` to the matching return URL.
    func finishCheckout(_ request: Request, _ choice: CheckoutChoice, faults: SimulatorFaults, prefix: String) -> Response {
        let id = request.parameters["stx"] ?? ""
        let form = QueryString.parse(String(decoding: request.body, as: UTF8.self))
        let requested = form.first { $0.name == "payment-method" }?.value
        let finished: SmartTransaction?
        do throws(SecuconnectError) {
            finished = try finish(id, choice, method: requested, faults: faults)
        } catch {
            return HostedCheckoutPage.message(error.httpStatus, title: "Not possible", text: error.details)
        }
        guard let transaction = finished else {
            return HostedCheckoutPage.message(404, title: "Unknown transaction", text: "There is no Smart Transaction \(id).")
        }
        let urls = transaction.draft.returnURLs
        let target = switch choice {
        case .approve: urls.success
        case .decline: urls.error
        case .abort: urls.abort
        }
        guard let target else {
            // The return URLs are optional (seed 002); without one the buyer sees the outcome.
            return HostedCheckoutPage.message(200, title: "Smart Checkout", text: "Status: \(transaction.machine.status.rawValue). You can close this window.")
        }
        return Response(status: 303, headers: ["Location": target, "Content-Type": "text/plain; charset=utf-8"],
                        body: Array("See \(target)\n".utf8))
    }

    /// The buyer's choice on transaction `id` with payment method `requested` (the first
    /// offered one when nil): the transaction changes and its pushes go out. Nil for an
    /// unknown transaction. The hosted page and the sandbox test helper both end here.
    func finish(_ id: String, _ choice: CheckoutChoice, method requested: String?,
                faults: SimulatorFaults) throws(SecuconnectError) -> SmartTransaction? {
        let now = configuration.now()
        let outcome = try store.update(id) { (transaction: inout SmartTransaction) throws(SecuconnectError) in
            let allowed = transaction.draft.paymentMethods ?? SmartTransactionDraft.paymentMethods
            let method = requested.flatMap { $0.isEmpty ? nil : $0 } ?? allowed[0]
            guard allowed.contains(method) else { throw .invalidField("payment method \(method) is not offered") }
            let autoCapture = transaction.draft.autoCapture
            let action = try transaction.transition { (machine: inout SmartTransaction.StateMachine) throws(SmartTransaction.StateMachine.Refusal) in
                switch choice {
                case .approve: try machine.checkoutFinished(isApproved: true, autoCapture: autoCapture)
                case .decline: try machine.checkoutFinished(isApproved: false, autoCapture: autoCapture)
                case .abort: try machine.checkoutAbandoned()
                }
            }
            if choice != .abort { transaction.paymentMethod = method }
            return (transaction, record(action, on: &transaction, now: now, faults: faults))
        }
        guard let (transaction, events) = outcome else { return nil }
        deliver(events, for: transaction)
        return transaction
    }
}

extension SecuconnectSimulator {
    /// The sandbox test helper's outcomes: the hosted page's three buttons (DESIGN.md).
    public var testOutcomes: [String] { CheckoutChoice.allCases.map(\.rawValue) }

    /// Presses the hosted page's button `outcome` on the payment's Smart Transaction, with
    /// the payment method its link preselected; the pushes follow as after a real buyer.
    public func play(_ outcome: String, on payment: SimulatedPayment) async throws(SimulationRefusal) {
        guard let choice = CheckoutChoice(rawValue: outcome) else { throw SimulationRefusal("unknown outcome \(outcome)") }
        guard let id = payment.providerReference else { throw SimulationRefusal("the checkout has no Smart Transaction yet") }
        // The payment link's `payment-method=` preselects the method, as on the page.
        let query = payment.nextActionURL?.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let method = QueryString.parse(query).first { $0.name == "payment-method" }?.value
        let finished: SmartTransaction?
        do throws(SecuconnectError) {
            finished = try finish(id, choice, method: method, faults: .none)
        } catch {
            throw SimulationRefusal(error.details)
        }
        guard finished != nil else { throw SimulationRefusal("the simulator has no Smart Transaction \(id)") }
    }
}
