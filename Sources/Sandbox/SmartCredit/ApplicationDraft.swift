import JSON

/// A validated initialize body, the 1.1.0 spec's `Application` (PROVIDERS.md C, "Initialize
/// body"): required `normalReturnUrl`, `paymentMean`, `amount`, `customerId`, `orderId`,
/// `customerAddress`, `customerContact`, `shoppingCartDetail`; billing and delivery address
/// and contact too for FranFinance means. The first failure is answered, in that order.
struct ApplicationDraft: Sendable, Equatable {
    var normalReturnURL: String
    var paymentMean: PaymentMean
    /// `amount` in cents.
    var amount: Int
    var customerID: String
    var orderID: String
    /// `customerContact.firstName` and `lastName`, for the application form.
    var customerName: String
    /// `shoppingCartDetail.mainProduct`.
    var mainProduct: String

    /// Validates `body`. `isAllowedReturnURL` says whether `normalReturnUrl` may be used.
    init(body: [UInt8], isAllowedReturnURL: (String) -> Bool) throws(SmartCreditError) {
        guard case .object(let root)? = try? JSONValue.parse(body) else { throw .invalidInput("body", "JSON object") }
        let application = try ApplicationFields(.object(root), path: "")
        normalReturnURL = try application.text("normalReturnUrl", maxLength: 2048)
        guard isAllowedReturnURL(normalReturnURL) else { throw .invalidInput("normalReturnUrl", "url") }
        let mean = try application.text("paymentMean")
        guard let paymentMean = PaymentMean(rawValue: mean) else { throw .invalidPaymentMean(mean) }
        self.paymentMean = paymentMean
        amount = try application.cents("amount", isPositive: true)
        customerID = try application.text("customerId")
        orderID = try application.text("orderId")
        try Self.checkAddress(root["customerAddress"], path: "customerAddress")
        let contact = try Self.checkContact(root["customerContact"], path: "customerContact", hasTitle: true)
        customerName = try contact.text("firstName") + " " + contact.text("lastName")
        mainProduct = try Self.checkCart(root["shoppingCartDetail"])
        if paymentMean.requiresBillingAndDelivery {
            try Self.checkAddress(root["billingAddress"], path: "billingAddress")
            try Self.checkAddress(root["deliveryAddress"], path: "deliveryAddress")
            _ = try Self.checkContact(root["billingContact"], path: "billingContact", hasTitle: false)
            _ = try Self.checkContact(root["deliveryContact"], path: "deliveryContact", hasTitle: false)
        } else {
            // Optional for Hanseatic Bank, but checked when sent.
            for name in ["billingAddress", "deliveryAddress"] where root[name] != nil && root[name] != .null {
                try Self.checkAddress(root[name], path: name)
            }
            for name in ["billingContact", "deliveryContact"] where root[name] != nil && root[name] != .null {
                _ = try Self.checkContact(root[name], path: name, hasTitle: false)
            }
        }
    }

    /// `CustomerAddress`: `city`, `street`, `zipCode`, `country` (ISO 3166-1 alpha-2).
    private static func checkAddress(_ value: JSONValue?, path: String) throws(SmartCreditError) {
        let address = try ApplicationFields(value, path: path)
        _ = try address.text("city")
        _ = try address.text("street")
        // The spec types it a number (example 2560); French codes keep a leading zero only
        // as text, so a string of letters, digits, spaces and dashes is taken too.
        switch address.object["zipCode"] {
        case .number(let number)? where number.isIntegerLiteral && (number.int64 ?? -1) >= 0: break
        case .string(let text)? where !text.isEmpty && text.count <= 10
                && text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " " || $0 == "-") }): break
        default: throw .invalidInput(address.field("zipCode"), "zip code")
        }
        let country = try address.text("country")
        guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw .invalidInput(address.field("country"), "ISO-3166-1 alpha-2 country code")
        }
    }

    /// `CustomerContact` (with the optional `title` "Mr." or "Mrs.") or `Contact`: names,
    /// `email`, `mobile` and `phone`.
    private static func checkContact(_ value: JSONValue?, path: String, hasTitle: Bool) throws(SmartCreditError) -> ApplicationFields {
        let contact = try ApplicationFields(value, path: path)
        _ = try contact.text("firstName")
        _ = try contact.text("lastName")
        _ = try contact.email("email")
        _ = try contact.phone("mobile")
        _ = try contact.phone("phone")
        if hasTitle, let title = try contact.optionalText("title"), title != "Mr." && title != "Mrs." {
            throw .invalidInput(contact.field("title"), "title (Mr. or Mrs.)")
        }
        return contact
    }

    /// `ShoppingCartDetail`: `mainProduct`, `shoppingCartTotalAmount`, `shoppingCartTotalQuantity`,
    /// `SKU` (`codeSKU` in 1.0.0), and `shoppingCartItemList` — one item object in the spec,
    /// an array of them taken too. Answers `mainProduct`.
    private static func checkCart(_ value: JSONValue?) throws(SmartCreditError) -> String {
        let cart = try ApplicationFields(value, path: "shoppingCartDetail")
        let mainProduct = try cart.text("mainProduct")
        _ = try cart.cents("shoppingCartTotalAmount", isPositive: false)
        _ = try cart.quantity("shoppingCartTotalQuantity")
        if cart.object["SKU"] != nil || cart.object["codeSKU"] == nil {
            _ = try cart.text("SKU")
        } else {
            _ = try cart.text("codeSKU")
        }
        let listPath = cart.field("shoppingCartItemList")
        let items: [(path: String, value: JSONValue)]
        switch cart.object["shoppingCartItemList"] {
        case .object(let item)?: items = [(listPath, .object(item))]
        case .array(let list)? where !list.isEmpty && list.count <= 100:
            items = list.enumerated().map { ("\(listPath)[\($0.offset)]", $0.element) }
        default: throw .invalidInput(listPath, "object")
        }
        for (path, item) in items {
            let itemFields = try ApplicationFields(item, path: path)
            _ = try itemFields.text("productName")
            _ = try itemFields.cents("productUnitAmount", isPositive: false)
            _ = try itemFields.quantity("productQuantity")
            _ = try itemFields.text("productDescription")
        }
        return mainProduct
    }
}
