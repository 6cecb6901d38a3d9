import FoundationEssentials

/// One customer application (a credit or split payment demand) as the simulator keeps it.
struct CustomerApplication: Sendable {
    /// `applicationId` (the spec's "Customer application reference"), a UUID.
    let id: String
    /// The journey's id in the buyer's URLs (`auxiliaryDataId`, the spec's example URL). Not
    /// the application id: initialize answers only a URL or a page, so the merchant learns
    /// the application id from `do-search` by its `orderId`.
    let journeyID: String
    let draft: ApplicationDraft
    let createdOn: Date
    var modifiedOn: Date
    var machine: StateMachine
}
