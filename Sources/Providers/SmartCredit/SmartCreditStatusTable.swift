import Payments

extension SmartCreditProvider {
    /// An application status (seed 000 steps 7–9; PROVIDERS.md C, the spec's enum) in Kassa's
    /// terms, and what the shop must know beside it. The same table is in
    /// docs/providers/smartcredit.md.
    ///
    /// | SmartCredit       | Kassa      | why |
    /// |-------------------|------------|-----|
    /// | `INITIALIZED`     | pending    | the buyer has not finished the application form |
    /// | `PRE-ACCEPTED`    | authorized | accepted pending KYC or back-office analysis: do not ship before SmartCredit's manual release |
    /// | `KYC-SUCCESSFUL`, `KYC SUCCESSFUL` | authorized | KYC done, contract being finalised; normally ACCEPTED next (the README spells it with a hyphen, the spec with a space) |
    /// | `ACCEPTED`        | paid       | "Merchant can dispatch the goods" |
    /// | `REJECTED`        | failed     | the shop should offer another payment method |
    /// | `ABORTED`         | failed     | technical problem, time-out or other; the reason is kept |
    /// | `CANCELLED`       | canceled   | set in the merchant portal |
    /// | `REIMBURSED`      | refunded   | set in the merchant portal |
    struct StatusMapping: Sendable, Equatable {
        /// The unified status.
        var status: Checkout.Status
        /// `shipping` in the provider data: whether the shop may dispatch.
        var shipping: String
        /// `failure_reason` in the provider data, for the failed ones.
        var failureReason: String?
    }

    /// The mapping of `status`, or nil for a status SmartCredit does not document.
    static func mapping(ofApplicationStatus status: String) -> StatusMapping? {
        switch status {
        case "INITIALIZED":
            StatusMapping(status: .pending, shipping: "not_yet")
        case "PRE-ACCEPTED":
            StatusMapping(status: .authorized, shipping: "hold_until_manual_release")
        case "KYC-SUCCESSFUL", "KYC SUCCESSFUL":
            StatusMapping(status: .authorized, shipping: "not_yet")
        case "ACCEPTED":
            StatusMapping(status: .paid, shipping: "allowed")
        case "REJECTED":
            StatusMapping(status: .failed, shipping: "no",
                          failureReason: "SmartCredit rejected the application; offer the buyer another payment method")
        case "ABORTED":
            StatusMapping(status: .failed, shipping: "no",
                          failureReason: "SmartCredit aborted the application (a technical problem, a time-out or another problem)")
        case "CANCELLED":
            StatusMapping(status: .canceled, shipping: "no")
        case "REIMBURSED":
            StatusMapping(status: .refunded, shipping: "no")
        default:
            nil
        }
    }

    /// The notice recorded when an application is pre-accepted (seed 000: "a manual procedure
    /// will be necessary to release the goods").
    static func manualReleaseNotice(applicationID: String) -> ProviderNotice {
        ProviderNotice(type: "smartcredit.manual_release_required",
                       detail: ["application_id": applicationID,
                                "message": "PRE-ACCEPTED: do not ship before SmartCredit's manual release"],
                       key: "pre-accepted:\(applicationID)")
    }
}
