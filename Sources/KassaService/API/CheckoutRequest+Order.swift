import JSON
import Payments

extension CheckoutRequest {
    /// `order` of `POST /v1/checkouts` (and of `POST /v1/payment-options`, where the reference
    /// is optional): amount, currency, description and items, every rule at its JSON path.
    /// Nil when a field is wrong (recorded in `errors`). `maxAmount` is `checkout.max_amount`.
    static func parseOrder(_ order: JSONCursor, requiresReference: Bool, maxAmount: Int64,
                           errors: inout FieldErrors) -> ProviderCheckoutRequest.OrderDetails? {
        let hasOrder = errors.check { () throws(JSONFieldError) in try order.object() } != nil
        // A payment option's order has no reference yet; one that is sent is checked all the same.
        let reference = !hasOrder ? nil : errors.check { () throws(JSONFieldError) in
            requiresReference ? try order["reference"].string() : try order["reference"].optionalString()
        } ?? nil
        if let reference {
            errors.require(!reference.isEmpty && reference.unicodeScalars.count <= 128, order["reference"], "must be 1 to 128 characters")
            errors.requirePrintable(reference, order["reference"])
        }
        let amount = !hasOrder ? nil : errors.check { () throws(JSONFieldError) in try order["amount"].int64() }
        if let amount {
            if amount <= 0 { errors.add(order["amount"].error("must be positive")) }
            else if amount > maxAmount { errors.add(order["amount"].error("must not exceed \(maxAmount)")) }
        }
        let currencyCode = !hasOrder ? nil : errors.check { () throws(JSONFieldError) in try order["currency"].string() }
        var currency: Currency?
        if let currencyCode {
            currency = currencyCode.utf8.count == 3 && currencyCode == currencyCode.uppercased() ? Currency(code: currencyCode) : nil
            if currency == nil { errors.add(order["currency"].error("unknown currency \(currencyCode); an ISO 4217 code such as EUR")) }
        }
        let description = errors.check { () throws(JSONFieldError) in try order["description"].optionalString() } ?? nil
        errors.requirePrintable(description, order["description"])
        let items = order["items"].isAbsent ? [] : (errors.check { () throws(JSONFieldError) in try order["items"].array() } ?? [])
        var lines: [ProviderCheckoutRequest.LineItem] = []
        for item in items {
            if let line = parseItem(item, errors: &errors) { lines.append(line) }
        }
        if let amount, !items.isEmpty, lines.count == items.count {
            checkBasket(lines, amount: amount, items: order["items"], errors: &errors)
        }
        guard let amount, let currency, reference != nil || !requiresReference, lines.count == items.count else { return nil }
        return .init(reference: reference ?? "", amount: Money(minorUnits: amount, currency: currency), description: description, items: lines)
    }

    // The lines must add up to the amount. Every product and sum is checked: the numbers are the
    // client's, and a wrapping sum (2^64 + amount) would pass here and trap in an adapter.
    private static func checkBasket(_ lines: [ProviderCheckoutRequest.LineItem], amount: Int64, items: JSONCursor,
                                    errors: inout FieldErrors) {
        var total: Int64 = 0
        for (index, line) in lines.enumerated() {
            guard let lineTotal = line.total else {
                errors.add(items[index]["unit_amount"].error("quantity × unit_amount does not fit in a 64-bit amount"))
                return
            }
            let (sum, overflow) = total.addingReportingOverflow(lineTotal)
            guard !overflow else {
                errors.add(items[index]["unit_amount"].error("the basket total overflows at this line; the items must add up to order.amount"))
                return
            }
            total = sum
        }
        errors.require(total == amount, items, "the basket total \(total) does not equal order.amount \(amount)")
    }

    private static func parseItem(_ item: JSONCursor, errors: inout FieldErrors) -> ProviderCheckoutRequest.LineItem? {
        guard errors.check({ () throws(JSONFieldError) in try item.object() }) != nil else { return nil }
        let reference = errors.check { () throws(JSONFieldError) in try item["reference"].string() }
        let name = errors.check { () throws(JSONFieldError) in try item["name"].string() }
        errors.requirePrintable(reference, item["reference"])
        errors.requirePrintable(name, item["name"])
        let quantity = errors.check { () throws(JSONFieldError) in try item["quantity"].int64() }
        if let quantity { errors.require(quantity >= 1 && quantity <= 100_000, item["quantity"], "must be 1 to 100000") }
        let unit = errors.check { () throws(JSONFieldError) in try item["unit_amount"].int64() }
        if let unit { errors.require(unit >= 0 && unit <= 1_000_000_000_000, item["unit_amount"], "must be 0 or more") }
        let tax = parseTaxRate(item["tax_rate"], errors: &errors)
        var kind = ProviderCheckoutRequest.LineItem.Kind.article
        if let type = errors.check({ () throws(JSONFieldError) in try item["type"].optionalString() }) ?? nil {
            if let parsed = ProviderCheckoutRequest.LineItem.Kind(rawValue: type) { kind = parsed }
            else { errors.add(item["type"].error("must be article, shipping or coupon")) }
        }
        guard let reference, let name, let quantity, let unit, (1...100_000).contains(quantity), unit >= 0,
              unit <= 1_000_000_000_000, let tax else { return nil }
        return .init(reference: reference, name: name, quantity: Int(quantity), unitAmount: unit, taxRate: tax, kind: kind)
    }

    // A percentage with at most two decimal places (France's 5.5 %, Switzerland's 8.1 %),
    // read from the number's literal so that nothing passes through a binary float. Absent is 0;
    // nil only after an error was recorded.
    private static func parseTaxRate(_ cursor: JSONCursor, errors: inout FieldErrors) -> TaxRate? {
        if cursor.isAbsent { return .zero }
        guard case .number(let number)? = cursor.value else {
            errors.add(cursor.error("must be a number"))
            return nil
        }
        guard let rate = TaxRate(decimal: number.literal) else {
            errors.add(cursor.error("must be 0 to 100 with at most two decimal places"))
            return nil
        }
        return rate
    }
}
