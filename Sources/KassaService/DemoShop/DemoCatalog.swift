import JSON

/// What the demo shop sells, and the basket a buyer puts together from it: a few articles
/// with a quantity each, an optional coupon, a shipping choice, and the buyer's country, which
/// picks the tax rate and the sample customer. Prices are the shop's own (never the
/// browser's): the basket is rebuilt from these tables on every request.
enum DemoCatalog {
    /// An article of the shop.
    struct Product: Sendable {
        let reference: String
        let name: String
        /// Minor units of EUR.
        let unitAmount: Int64
        let defaultQuantity: Int
    }

    /// A shipping choice.
    struct Shipping: Sendable {
        let code: String
        let name: String
        let amount: Int64
    }

    static let products: [Product] = [
        Product(reference: "backpack", name: "Canvas backpack", unitAmount: 4990, defaultQuantity: 1),
        Product(reference: "tshirt", name: "Merino T-shirt", unitAmount: 2495, defaultQuantity: 2),
        Product(reference: "mug", name: "Enamel mug", unitAmount: 1295, defaultQuantity: 1),
    ]

    static let shippings: [Shipping] = [
        Shipping(code: "standard", name: "Standard delivery (3–5 days)", amount: 495),
        Shipping(code: "express", name: "Express delivery (next day)", amount: 1290),
    ]

    /// The one coupon code the shop knows, and what it takes off.
    static let couponCode = "WELCOME10"
    static let couponAmount: Int64 = 1000
    /// A quantity per article is 0…`maxQuantity` (a form value outside is refused).
    static let maxQuantity = 9
    static let currency = "EUR"
}

/// The buyer's basket: quantities, coupon, shipping and country, read from a query or a form
/// (`DemoBasket(fields:)`), with its lines and total as `POST /v1/checkouts` takes them.
struct DemoBasket: Sendable, Equatable {
    var quantities: [Int]
    var coupon: String
    var shipping: String
    var country: SampleCustomer.Country

    /// The default basket for `country`.
    init(country: SampleCustomer.Country = .germany) {
        quantities = DemoCatalog.products.map(\.defaultQuantity)
        coupon = ""
        shipping = DemoCatalog.shippings[0].code
        self.country = country
    }

    /// The basket a form or query describes; what it cannot read falls back to the default
    /// (a quantity outside 0…9, an unknown shipping code). `problems` names what was wrong.
    init(fields: [(name: String, value: String)]) {
        func value(_ name: String) -> String? { fields.last { $0.name == name }?.value }
        self.init(country: SampleCustomer.Country(rawValue: value("country") ?? "") ?? .germany)
        for (index, product) in DemoCatalog.products.enumerated() {
            if let text = value("qty_" + product.reference), let quantity = Int(text), (0...DemoCatalog.maxQuantity).contains(quantity) {
                quantities[index] = quantity
            }
        }
        if let code = value("shipping"), DemoCatalog.shippings.contains(where: { $0.code == code }) { shipping = code }
        coupon = String((value("coupon") ?? "").uppercased().prefix(32))
    }

    /// Whether the coupon field holds the shop's code.
    var couponApplies: Bool { coupon == DemoCatalog.couponCode }

    /// Whether anything is in it.
    var isEmpty: Bool { quantities.allSatisfy { $0 == 0 } }

    /// The checkout's lines: articles, the coupon (subtracted by every provider that reads
    /// lines: secuconnect's `item_type` coupon), and shipping.
    var lines: [(reference: String, name: String, quantity: Int, unitAmount: Int64, type: String)] {
        var lines: [(reference: String, name: String, quantity: Int, unitAmount: Int64, type: String)] = []
        for (product, quantity) in zip(DemoCatalog.products, quantities) where quantity > 0 {
            lines.append((product.reference, product.name, quantity, product.unitAmount, "article"))
        }
        if couponApplies { lines.append(("coupon", "Coupon \(DemoCatalog.couponCode)", 1, DemoCatalog.couponAmount, "coupon")) }
        let delivery = DemoCatalog.shippings.first { $0.code == shipping } ?? DemoCatalog.shippings[0]
        lines.append(("shipping", delivery.name, 1, delivery.amount, "shipping"))
        return lines
    }

    /// The total in minor units. Quantities are at most 9 and prices the shop's own, so the
    /// sum is far from overflowing; it is still checked, as every sum of form input is.
    var total: Int64 {
        var sum: Int64 = 0
        for line in lines {
            let (amount, overflowA) = line.unitAmount.multipliedReportingOverflow(by: Int64(line.quantity))
            let (next, overflowB) = line.type == "coupon" ? sum.subtractingReportingOverflow(amount) : sum.addingReportingOverflow(amount)
            guard !overflowA, !overflowB else { return 0 }
            sum = next
        }
        return max(sum, 0)
    }

    /// VAT of the buyer's country (a demo: Germany 19 %, France 20 %).
    var taxRate: Int { country == .france ? 20 : 19 }

    /// `order.items` of `POST /v1/checkouts` and `/v1/payment-options`.
    var itemsJSON: JSONValue {
        .array(lines.map { line in
            .object(["reference": .string(line.reference), "name": .string(line.name), "quantity": .number(JSONNumber(line.quantity)),
                     "unit_amount": .number(JSONNumber(line.unitAmount)), "tax_rate": .number(JSONNumber(taxRate)),
                     "type": .string(line.type)])
        })
    }

    /// The basket as query items, to carry it from the basket page to the checkout form.
    var queryItems: [(String, String)] {
        var items: [(String, String)] = [("country", country.rawValue)]
        for (product, quantity) in zip(DemoCatalog.products, quantities) { items.append(("qty_" + product.reference, String(quantity))) }
        items.append(("coupon", coupon))
        items.append(("shipping", shipping))
        return items
    }
}
