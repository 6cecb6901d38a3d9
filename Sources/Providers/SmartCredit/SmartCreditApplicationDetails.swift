import JSON
import Payments

/// The members of an `ApplicationDetails` the adapter uses (PROVIDERS.md C, "Status lookup"):
/// `applicationId` (1.0.0: `reference`), `orderId`, `status`, `paymentProvider` (FRF | HB),
/// `paymentMean`, `modifiedOn`. Everything else is ignored.
struct SmartCreditApplicationDetails: Sendable, Equatable {
    var applicationID: String
    var orderID: String?
    var status: String
    var paymentProvider: String?
    var paymentMean: String?
    var modifiedOn: String?
    /// A reason SmartCredit may give with ABORTED or REJECTED (not in the spec; kept when present).
    var reason: String?

    /// Reads one application object; nil when it lacks an id or a status.
    init?(_ value: JSONValue) {
        guard case .object = value,
              let id = value["applicationId"]?.stringValue ?? value["reference"]?.stringValue, !id.isEmpty,
              let status = value["status"]?.stringValue
        else { return nil }
        applicationID = id
        orderID = value["orderId"]?.stringValue
        self.status = status
        paymentProvider = value["paymentProvider"]?.stringValue
        paymentMean = value["paymentMean"]?.stringValue
        modifiedOn = value["modifiedOn"]?.stringValue
        reason = value["reason"]?.stringValue ?? value["statusReason"]?.stringValue ?? value["message"]?.stringValue
    }

    /// The applications of a `do-search` answer, `[{articles: [ApplicationDetails]}]`; a bare
    /// object or a bare list of applications is read too (the GET answer).
    static func list(body: [UInt8]) throws(ProviderError) -> [SmartCreditApplicationDetails] {
        guard let value = try? JSONValue.parse(body) else {
            throw .invalidResponse("SmartCredit answered an application lookup that is not JSON")
        }
        if let single = SmartCreditApplicationDetails(value) { return [single] }
        guard let pages = value.arrayValue else {
            throw .invalidResponse("SmartCredit answered an application lookup that is neither an application nor a list")
        }
        var found: [SmartCreditApplicationDetails] = []
        for page in pages {
            if let single = SmartCreditApplicationDetails(page) {
                found.append(single)
            } else if let articles = page["articles"]?.arrayValue {
                for article in articles {
                    guard let details = SmartCreditApplicationDetails(article) else {
                        throw .invalidResponse("SmartCredit answered an application without applicationId or status")
                    }
                    found.append(details)
                }
            } else {
                throw .invalidResponse("SmartCredit answered a search result without articles")
            }
        }
        return found
    }

    /// The unified status with what the shop must know, or `invalidResponse` for an undocumented status.
    func providerStatus() throws(ProviderError) -> ProviderStatus {
        guard let mapping = SmartCreditProvider.mapping(ofApplicationStatus: status) else {
            throw .invalidResponse("SmartCredit answered the undocumented status \(SmartCreditProvider.printable(status)) for application \(SmartCreditProvider.printable(applicationID))")
        }
        var data = ["application_id": applicationID, "shipping": mapping.shipping]
        data["payment_provider"] = paymentProvider.map(SmartCreditProvider.printable)
        data["payment_mean"] = paymentMean.map(SmartCreditProvider.printable)
        if let failure = mapping.failureReason {
            data["failure_reason"] = reason.map { "\(failure): \(ProviderMessages.sanitized($0, secrets: []))" } ?? failure
        }
        let notices = status == "PRE-ACCEPTED" ? [SmartCreditProvider.manualReleaseNotice(applicationID: applicationID)] : []
        return ProviderStatus(providerStatus: status, status: mapping.status, data: data, notices: notices)
    }
}
