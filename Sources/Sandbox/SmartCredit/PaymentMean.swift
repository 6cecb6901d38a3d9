/// The financing products (`paymentMean`, PROVIDERS.md C and the 1.1.0 spec's enum): four
/// FranFinance split payments for French residents and Hanseatic Bank's revolving credit for
/// German residents. Which one decides the journey and the initialize answer.
enum PaymentMean: String, CaseIterable, Sendable {
    case frf3x = "FRF_3X"
    case frf4x = "FRF_4X"
    case frf3xF = "FRF_3X_F"
    case frf4xF = "FRF_4X_F"
    case revolvingPOS = "REVOLVINGPOS"

    /// The financing bank (`paymentProvider`: `FRF` or `HB`).
    var provider: String { self == .revolvingPOS ? "HB" : "FRF" }

    /// `paymentProviderLabel`.
    var providerLabel: String { self == .revolvingPOS ? "Hanseatic Bank" : "FranFinance" }

    /// `paymentMeanLabel`. The sources give no labels: these are the simulator's.
    var label: String {
        switch self {
        case .frf3x: "Paiement en 3 fois"
        case .frf4x: "Paiement en 4 fois"
        case .frf3xF: "Paiement en 3 fois (F)"
        case .frf4xF: "Paiement en 4 fois (F)"
        case .revolvingPOS: "Ratenkauf (Rahmenkredit)"
        }
    }

    /// Seed 000 step 4: "either a credit or a split payment journey". The credit journey
    /// (Hanseatic Bank) has the KYC step of step 6; the split journey (FranFinance) has not.
    var isCreditJourney: Bool { self == .revolvingPOS }

    /// PROVIDERS.md C: billing and delivery address and contact "are mandatory for
    /// FranFinance products" (the 1.1.0 spec's description of `Application`).
    var requiresBillingAndDelivery: Bool { provider == "FRF" }
}
