extension SmartCreditSimulator {
    /// DESIGN.md, "The sandbox test helper": `accept`, `pre_accept_then_accept`, `pre_accept`,
    /// `reject`, `abort` — the application form's decisions.
    public var testOutcomes: [String] { CustomerApplication.StateMachine.Decision.allCases.map(\.rawValue) }

    /// Plays the buyer on the payment's application through the journey's one funnel (the
    /// form's decision, then on the credit journey the KYC step, identified, or abandoned for
    /// `abort` when the buyer is there already). SmartCredit has no webhooks: Kassa learns
    /// the outcome by reading the application (its poll, or the buyer's return).
    ///
    /// The application is found by the payment's provider reference (`applicationId`), else
    /// by an `orderId` among the checkout id, the order reference and the provider data, else
    /// by the `auxiliaryDataId` of the next action's URL.
    public func play(_ outcome: String, on payment: SimulatedPayment) async throws(SimulationRefusal) {
        typealias Machine = CustomerApplication.StateMachine
        guard let decision = Machine.Decision(rawValue: outcome) else {
            throw SimulationRefusal("unknown outcome \(outcome); SmartCredit plays \(testOutcomes.joined(separator: ", "))")
        }
        guard let id = applicationID(of: payment), let application = store.application(id) else {
            throw SimulationRefusal("SmartCredit has no application for checkout \(payment.checkoutID)")
        }
        do throws(Machine.Refusal) {
            if application.machine.isAtKYC {
                // The form was submitted already: only the KYC step is left to play.
                guard decision == .accept || decision == .abort else {
                    throw Machine.Refusal(message: "The buyer is at the KYC step: only accept or abort can be played.")
                }
                _ = try advance(id) { (machine: inout Machine) throws(Machine.Refusal) in try machine.finishKYC(isIdentified: decision == .accept) }
                return
            }
            let next = try advance(id) { (machine: inout Machine) throws(Machine.Refusal) in try machine.submitForm(decision) }
            if next?.next == .kyc {
                _ = try advance(id) { (machine: inout Machine) throws(Machine.Refusal) in try machine.finishKYC(isIdentified: true) }
            }
        } catch {
            let status = store.application(id)?.machine.status.text(kycSuccessful: configuration.kycSuccessfulSpelling) ?? "unknown"
            throw SimulationRefusal("The application of checkout \(payment.checkoutID) is \(status): \(error.message)")
        }
    }

    /// The application `payment` stands for, or nil.
    private func applicationID(of payment: SimulatedPayment) -> String? {
        let known = [payment.providerReference].compactMap { $0 } + payment.providerData.keys.sorted().compactMap { payment.providerData[$0] }
        if let id = known.first(where: { store.application($0) != nil }) { return id }
        for orderID in [payment.checkoutID, payment.orderReference] + known {
            if let id = store.applicationID(forOrder: orderID) { return id }
        }
        if let url = payment.nextActionURL, let query = url.split(separator: "?", maxSplits: 1).dropFirst().first {
            let journeyID = query.split(separator: "&").first { $0.hasPrefix("auxiliaryDataId=") }?.dropFirst("auxiliaryDataId=".count)
            if let journeyID, let id = store.applicationID(forJourney: String(journeyID)) { return id }
        }
        return nil
    }
}
