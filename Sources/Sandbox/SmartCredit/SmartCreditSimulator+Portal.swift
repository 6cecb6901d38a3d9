import HTTP

extension SmartCreditSimulator {
    /// The merchant portal's manual actions, as a sandbox API: `POST /portal/applications/
    /// {applicationId}/release|cancel|reimburse` answers the application's details, or 404,
    /// or 400 `invalid_query` when the action is not possible in its status. Seed 000 step 9:
    /// "Cancellation or reimbursement post-checkout actions are enabled in the merchant
    /// portal. After processing customer demands statuses will be updated accordingly";
    /// step 8: a PRE-ACCEPTED demand may need "a manual procedure … to release the goods".
    /// The real portal is a web application for people; no token is asked here.
    func registerPortal(on router: inout Router, prefix: String) {
        for action in CustomerApplication.StateMachine.PortalAction.allCases {
            router.on("POST", prefix + "/portal/applications/{applicationId}/" + action.rawValue) { [self] in
                await serve($0) { r throws(SmartCreditError) in try portal(r, action) }
            }
        }
    }

    private func portal(_ request: Request, _ action: CustomerApplication.StateMachine.PortalAction) throws(SmartCreditError) -> Response {
        let id = request.parameters["applicationId"] ?? ""
        let now = configuration.now()
        let kyc = configuration.kycSuccessfulSpelling
        let details = try store.update(id) { (application: inout CustomerApplication) throws(SmartCreditError) in
            do throws(CustomerApplication.StateMachine.Refusal) {
                try application.machine.portal(action)
            } catch {
                throw .portalRefused(error.message)
            }
            application.modifiedOn = now
            return application.details(status: application.machine.status, kycSuccessful: kyc)
        }
        guard let details else { throw .notFound }
        return .json(200, details)
    }
}
