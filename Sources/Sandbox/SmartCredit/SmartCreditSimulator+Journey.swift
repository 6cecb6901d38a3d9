import HTTP

private typealias Machine = CustomerApplication.StateMachine

extension SmartCreditSimulator {
    /// The buyer's pages: `GET /hblo?auxiliaryDataId=…` (Hanseatic Bank's credit journey,
    /// the URL initialize answers), `GET|POST /frf/application` (FranFinance's split journey,
    /// where the launch page's form goes), `POST /journey/{journey}/submit` (the form's
    /// decision) and `GET|POST /journey/{journey}/kyc` (the credit journey's KYC step).
    func registerJourney(on router: inout Router, prefix: String) {
        router.on("GET", prefix + "/hblo") { [self] in await serve($0) { r in applicationForm(r, prefix: prefix) } }
        router.on("GET", prefix + "/frf/application") { [self] in await serve($0) { r in applicationForm(r, prefix: prefix) } }
        router.on("POST", prefix + "/frf/application") { [self] in await serve($0) { r in applicationForm(r, prefix: prefix) } }
        router.on("POST", prefix + "/journey/{journey}/submit") { [self] in await serve($0) { r in submitForm(r, prefix: prefix) } }
        router.on("GET", prefix + "/journey/{journey}/kyc") { [self] in await serve($0) { r in kycPage(r, prefix: prefix) } }
        router.on("POST", prefix + "/journey/{journey}/kyc") { [self] in await serve($0) { r in finishKYC(r, prefix: prefix) } }
    }

    /// The application form of the journey named by `auxiliaryDataId` (query or form body).
    private func applicationForm(_ request: Request, prefix: String) -> Response {
        let journeyID = request.query("auxiliaryDataId") ?? Self.formValue(request, "auxiliaryDataId") ?? ""
        guard let application = application(journey: journeyID) else { return Self.unknownJourney }
        return JourneyPages.applicationForm(application, action: publicURL(prefix, "/journey/\(journeyID)/submit"))
    }

    /// The form's decision (`decision=accept|pre_accept_then_accept|pre_accept|reject|abort`):
    /// `303` to the KYC step or to `normalReturnUrl`.
    private func submitForm(_ request: Request, prefix: String) -> Response {
        let journeyID = request.parameters["journey"] ?? ""
        guard let decision = Self.formValue(request, "decision").flatMap(Machine.Decision.init(rawValue:)) else {
            return JourneyPages.message(400, title: "Application", text: "Choose one of the form's buttons.")
        }
        return redirect(journeyID, prefix: prefix) { machine throws(Machine.Refusal) in
            try machine.submitForm(decision)
        }
    }

    /// The credit journey's KYC page.
    private func kycPage(_ request: Request, prefix: String) -> Response {
        let journeyID = request.parameters["journey"] ?? ""
        guard let application = application(journey: journeyID) else { return Self.unknownJourney }
        return JourneyPages.kyc(application, action: publicURL(prefix, "/journey/\(journeyID)/kyc"))
    }

    /// The KYC step's end (`result=identified|abandoned`): `303` to `normalReturnUrl`.
    private func finishKYC(_ request: Request, prefix: String) -> Response {
        let journeyID = request.parameters["journey"] ?? ""
        let result = Self.formValue(request, "result")
        guard result == "identified" || result == "abandoned" else {
            return JourneyPages.message(400, title: "Identification", text: "Choose one of the page's buttons.")
        }
        return redirect(journeyID, prefix: prefix) { machine throws(Machine.Refusal) in
            try machine.finishKYC(isIdentified: result == "identified")
        }
    }

    /// Runs a buyer's `step` on the journey and sends the buyer where it leads.
    private func redirect(_ journeyID: String, prefix: String,
                          _ step: (inout Machine) throws(Machine.Refusal) -> Machine.Next) -> Response {
        guard let id = store.applicationID(forJourney: journeyID) else { return Self.unknownJourney }
        let outcome: (next: Machine.Next, returnURL: String)?
        do throws(Machine.Refusal) {
            outcome = try advance(id, step)
        } catch {
            return JourneyPages.message(409, title: "Not possible", text: error.message)
        }
        guard let outcome else { return Self.unknownJourney }
        switch outcome.next {
        case .kyc: return JourneyPages.seeOther(publicURL(prefix, "/journey/\(journeyID)/kyc"))
        case .merchant: return JourneyPages.seeOther(outcome.returnURL)
        }
    }

    /// Applies a buyer's `step` to application `id` (the pages' and the test helper's one
    /// funnel): answers where the buyer goes next, or nil when there is no such application.
    func advance(_ id: String, _ step: (inout CustomerApplication.StateMachine) throws(CustomerApplication.StateMachine.Refusal) -> CustomerApplication.StateMachine.Next)
        throws(CustomerApplication.StateMachine.Refusal) -> (next: CustomerApplication.StateMachine.Next, returnURL: String)? {
        let now = configuration.now()
        var refusal: Machine.Refusal?
        let outcome = try? store.update(id) { (application: inout CustomerApplication) throws(SmartCreditError) -> (next: Machine.Next, returnURL: String)? in
            do throws(Machine.Refusal) {
                let next = try step(&application.machine)
                application.modifiedOn = now
                return (next, application.draft.normalReturnURL)
            } catch {
                refusal = error
                return nil
            }
        }
        if let refusal { throw refusal }
        return outcome ?? nil
    }

    /// The application on the journey `journeyID`, or nil.
    private func application(journey journeyID: String) -> CustomerApplication? {
        store.applicationID(forJourney: journeyID).flatMap(store.application)
    }

    /// The first value of `name` in an `application/x-www-form-urlencoded` body.
    private static func formValue(_ request: Request, _ name: String) -> String? {
        QueryString.parse(String(decoding: request.body, as: UTF8.self)).first { $0.name == name }?.value
    }

    private static var unknownJourney: Response {
        JourneyPages.message(404, title: "Unknown application", text: "There is no application on this journey.")
    }
}
