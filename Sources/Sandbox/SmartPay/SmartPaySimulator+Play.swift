extension SmartPaySimulator: ProviderSimulator {
    /// DESIGN.md, the sandbox test helper: `authorize`, `capture`, `decline`,
    /// `pending_then_capture`, `pending_forever`.
    public var testOutcomes: [String] { SmartPayTransaction.StateMachine.WidgetOutcome.allCases.map(\.rawValue) }

    /// Pays `payment` in the widget with `outcome`, through the same funnel as the card form;
    /// Kassa then learns the result from the webhook or its own status read. The transaction is
    /// found by its `transactionId` (the provider reference), the `checkoutToken` the adapter
    /// kept, or the checkout id sent as `partnerReference`.
    public func play(_ outcome: String, on payment: SimulatedPayment) async throws(SimulationRefusal) {
        guard let widgetOutcome = SmartPayTransaction.StateMachine.WidgetOutcome(rawValue: outcome) else {
            throw SimulationRefusal("SmartPay plays \(testOutcomes.joined(separator: ", ")), not \(outcome)")
        }
        guard let transaction = findTransaction(for: payment) else {
            throw SimulationRefusal("the SmartPay simulator has no transaction for checkout \(payment.checkoutID)")
        }
        switch payInWidget(token: transaction.checkoutToken, outcome: widgetOutcome, faults: .none) {
        case .success: return
        case .error(let code, let message): throw SimulationRefusal("\(code): \(message)")
        }
    }

    private func findTransaction(for payment: SimulatedPayment) -> SmartPayTransaction? {
        if let id = payment.providerReference, let found = store.transaction(.transactionID(id)) { return found }
        for key in ["checkout_token", "checkoutToken"] {
            if let token = payment.providerData[key], let found = store.transaction(.checkoutToken(token)) { return found }
        }
        return store.transaction(.partnerReference(payment.checkoutID))
    }
}
