import HTTP

extension PledgSimulator {
    /// DESIGN.md's outcomes for Pledg, the funnel's four choices.
    public var testOutcomes: [String] { Self.testOutcomeList.map(\.rawValue) }

    /// `bad_gateway` is a choice of the page, not one of DESIGN.md's outcomes.
    static let testOutcomeList: [FunnelOutcome] = [.complete, .refuse, .notEligible, .cancel]

    /// Plays the buyer: opens the funnel of the checkout's front URL (`front_url`, whose
    /// `signature` Kassa signed) exactly as the page does, then makes the choice through the
    /// same funnel as the page's buttons, so that Kassa learns the result by the notification
    /// of the account's mode.
    public func play(_ outcome: String, on payment: SimulatedPayment) async throws(SimulationRefusal) {
        guard let choice = FunnelOutcome(rawValue: outcome), Self.testOutcomeList.contains(choice) else {
            throw SimulationRefusal("Pledg's outcomes are \(testOutcomes.joined(separator: ", "))")
        }
        let signature = payment.nextActionURL.flatMap(Self.signature(inURL:)) ?? payment.providerData["signature"]
        guard let signature else { throw SimulationRefusal("the checkout has no Pledg front URL with a signature") }
        do throws(PledgError) {
            let purchase = try openPurchase(signature: signature, isDirectCall: true)
            _ = try finish(purchase.uid, choice, faults: .none)
        } catch {
            throw SimulationRefusal("\(error.type): \(error.message)")
        }
    }

    /// The `signature` query parameter of a front URL.
    static func signature(inURL url: String) -> String? {
        guard let query = url.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        return QueryString.parse(String(query.prefix { $0 != "#" })).first { $0.name == "signature" }?.value
    }
}
