import JSON
import Payments

/// The members of a `smart.transactions` answer the adapter uses (seed 002: create and read;
/// PROVIDERS.md A, `SmartTransactionsProductModel`). Everything else is ignored.
struct SmartTransactionResponse: Sendable, Equatable {
    /// `STX_…`.
    var id: String
    /// The raw `status`.
    var status: String
    /// `basket_info.sum`, minor units.
    var sum: Int64?
    /// `basket_info.currency`.
    var currency: String?
    /// `payment_links`: method (or `general`) → URL.
    var paymentLinks: [String: String]
    /// `transactions[0].id`: the Payment Transaction (`PCI_…`), once the checkout finished.
    var paymentTransactionID: String?
    /// `trans_id`.
    var transID: Int64?
    /// `payment_method` the buyer chose.
    var paymentMethod: String?
    /// `customer.id` (`PCU_…`).
    var customerID: String?

    /// Reads the answer; anything off the documented shape is `invalidResponse`.
    init(body: [UInt8]) throws(ProviderError) {
        guard let value = try? JSONValue.parse(body), case .object = value else {
            throw .invalidResponse("secuconnect answered a Smart Transaction that is not a JSON object")
        }
        guard let id = value["id"]?.stringValue, !id.isEmpty else {
            throw .invalidResponse("secuconnect answered a Smart Transaction without an id")
        }
        guard let status = value["status"]?.stringValue else {
            throw .invalidResponse("secuconnect answered Smart Transaction \(id) without a status")
        }
        self.id = id
        self.status = status
        sum = value["basket_info"]?["sum"]?.int64Value
        currency = value["basket_info"]?["currency"]?.stringValue
        var links: [String: String] = [:]
        for member in value["payment_links"]?.objectValue ?? JSONObject() {
            if let url = member.value.stringValue { links[member.key] = url }
        }
        paymentLinks = links
        // Seed 002, step 4: `transactions: [{object: payment.transactions, id: PCI_…, …}]`.
        paymentTransactionID = value["transactions"]?.arrayValue?
            .compactMap { $0["id"]?.stringValue }
            .first { $0.hasPrefix("PCI_") }
        transID = value["trans_id"]?.int64Value
        paymentMethod = value["payment_method"]?.stringValue
        customerID = value["customer"]?["id"]?.stringValue
    }

    /// `basket_info` as money, when both members are there and the currency is known.
    var amount: Money? {
        guard let sum, let code = currency, let currency = Currency(code: code) else { return nil }
        return Money(minorUnits: sum, currency: currency)
    }

    /// The unified status, or `invalidResponse` for an undocumented one.
    func unifiedStatus() throws(ProviderError) -> Checkout.Status {
        guard let status = SecuconnectProvider.unifiedStatus(ofSmartTransactionStatus: status) else {
            throw .invalidResponse("secuconnect answered the undocumented status \(Self.printable(status)) for \(id)")
        }
        return status
    }

    /// Ids worth keeping beside the checkout.
    var data: [String: String] {
        var data: [String: String] = [:]
        data["payment_transaction_id"] = paymentTransactionID
        data["trans_id"] = transID.map(String.init)
        data["payment_method"] = paymentMethod
        data["customer_id"] = customerID
        return data
    }

    /// At most 40 plain characters of a provider value, for an error message.
    static func printable(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 }.prefix(40).map(Character.init))
    }
}

/// The members of a `payment.transactions` answer the adapter uses (PROVIDERS.md A,
/// `/checkStatus`: `status_simple`, `amount`, `currency`; the sandbox adds `refunded_amount`).
struct PaymentTransactionResponse: Sendable, Equatable {
    /// `PCI_…`.
    var id: String?
    /// `status_simple` (2 authorised, 3 denied, 5 void, 7 refund, 9 paid, …).
    var statusSimple: Int64?
    /// `amount`: what remains.
    var amount: Int64?
    /// `currency`.
    var currency: String?
    /// `refunded_amount`, when the API reports it.
    var refundedAmount: Int64?

    /// Reads a payment transaction object, or the first of a list (the cancel answer is
    /// `[payment transaction]`).
    init(body: [UInt8]) throws(ProviderError) {
        guard let parsed = try? JSONValue.parse(body) else {
            throw .invalidResponse("secuconnect answered a Payment Transaction that is not JSON")
        }
        let value = parsed.arrayValue?.first ?? parsed
        guard case .object = value else {
            throw .invalidResponse("secuconnect answered a Payment Transaction that is not a JSON object")
        }
        id = value["id"]?.stringValue
        statusSimple = value["status_simple"]?.int64Value ?? value["status_simple"]?.stringValue.flatMap { Int64($0) }
        amount = value["amount"]?.int64Value
        currency = value["currency"]?.stringValue
        refundedAmount = value["refunded_amount"]?.int64Value
    }
}
