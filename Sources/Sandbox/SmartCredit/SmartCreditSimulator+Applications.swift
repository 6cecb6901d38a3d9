import FoundationEssentials
import HTTP
import JSON

extension SmartCreditSimulator {
    /// `POST {initialize path}` with an `Application` body (seed 000 step 4, PROVIDERS.md C):
    /// 200 `text/plain`, a journey URL for Hanseatic Bank (`REVOLVINGPOS`) or an HTML page for
    /// FranFinance (`FRF_*`); 400 with the documented codes otherwise.
    func initialize(_ request: Request, prefix: String) throws(SmartCreditError) -> Response {
        let draft = try ApplicationDraft(body: request.body) { url in
            URLOrigin(url: url).map(allowedOrigins.contains) ?? false
        }
        let now = configuration.now()
        let application = CustomerApplication(
            id: SmartCreditIdentifier.uuid(), journeyID: SmartCreditIdentifier.uuid(), draft: draft,
            createdOn: now, modifiedOn: now,
            machine: .init(isCreditJourney: draft.paymentMean.isCreditJourney, readsPerStep: configuration.readsPerStatusStep))
        guard store.insert(application) else { throw .duplicateOrderID(draft.orderID) }
        let answer: String
        if let override = configuration.initializeAnswerOverride {
            answer = override
        } else if draft.paymentMean.isCreditJourney {
            // The spec's example: `…/hblo?auxiliaryDataId=…&culture=de-DE`.
            answer = publicURL(prefix, "/hblo?auxiliaryDataId=\(application.journeyID)&culture=de-DE")
        } else {
            answer = JourneyPages.franFinanceLaunch(application, action: publicURL(prefix, "/frf/application"))
        }
        // Both answers are `text/plain` (the spec): the merchant tells them apart by parsing.
        return Response(status: 200, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(answer.utf8))
    }

    /// `GET /api/v1/customerApplications/{applicationId}`: the spec's `ApplicationDetails`,
    /// or 404 `{errorCode, message}`. A read: a changing status moves on (see `StateMachine`).
    func readApplication(_ request: Request) throws(SmartCreditError) -> Response {
        guard let details = read(request.parameters["applicationId"] ?? "") else { throw .notFound }
        return .json(200, details)
    }

    /// `POST /api/v1/customerApplications/do-search` with `{"orderId": …}`: `[{"articles":
    /// [ApplicationDetails]}]`, empty articles for an unknown order; an empty body or `{}`
    /// lists every application (PROVIDERS.md C). A malformed body is 400 `invalid_query`.
    func search(_ request: Request) throws(SmartCreditError) -> Response {
        var orderID: String?
        if !request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            guard case .object(let body)? = try? JSONValue.parse(request.body) else { throw .invalidQuery }
            switch body["orderId"] {
            case nil, .null?: break
            case .string(let value)?: orderID = value
            default: throw .invalidQuery
            }
        }
        var articles: [JSONValue] = []
        if let orderID {
            if let id = store.applicationID(forOrder: orderID), let details = read(id) { articles.append(details) }
        } else {
            // The merchant's list is not a poll of any one application: nothing moves on.
            for application in store.all() {
                articles.append(application.details(status: application.machine.status, kycSuccessful: configuration.kycSuccessfulSpelling))
            }
        }
        return .json(200, .array([.object(["articles": .array(articles)])]))
    }

    /// The details of application `id` as a read sees them, or nil when there is none.
    private func read(_ id: String) -> JSONValue? {
        let now = configuration.now()
        let kyc = configuration.kycSuccessfulSpelling
        let timeout = configuration.journeyTimeout
        let details = try? store.update(id) { (application: inout CustomerApplication) throws(SmartCreditError) -> JSONValue in
            let before = application.machine.status
            if let timeout, now >= application.createdOn.addingTimeInterval(TimeInterval(timeout)) {
                application.machine.abandon()
            }
            let seen = application.machine.read()
            let details = application.details(status: seen, kycSuccessful: kyc)
            // The status that follows takes effect after this read, so modifiedOn too.
            if application.machine.status != before { application.modifiedOn = now }
            return details
        }
        return details ?? nil
    }
}
