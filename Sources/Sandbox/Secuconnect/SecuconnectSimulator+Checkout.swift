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
        let now = configuration.now()
        let outcome: (SmartTransaction, [PushEvent])?
        do throws(SecuconnectError) {
            outcome = try store.update(id) { (transaction: inout SmartTransaction) throws(SecuconnectError) in
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
        } catch {
            return HostedCheckoutPage.message(error.httpStatus, title: "Not possible", text: error.details)
        }
        guard let (transaction, events) = outcome else {
            return HostedCheckoutPage.message(404, title: "Unknown transaction", text: "There is no Smart Transaction \(id).")
        }
        deliver(events, for: transaction)
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
}
