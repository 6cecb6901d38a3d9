import Foundation
import JSON
@testable import KassaService
import XCTest

/// `POST /v1/payment-options` over real sockets against the sandbox service: every enabled
/// provider and method, each reason a provider's own checkout rule, and the promise that makes
/// the answer worth having — an eligible option is a checkout `POST /v1/checkouts` accepts with
/// the same order and customer, and each reason is a field that checkout is refused at.
final class PaymentOptionsTests: XCTestCase {
    var harness: ServiceHarness!

    override func tearDown() async throws { await harness?.shutdown() }

    private func start(_ environment: [String: String] = [:]) throws {
        harness = try ServiceHarness(environment: environment)
    }

    // A basket without a coupon line (SmartCredit's cart has none) adding up to 4485.
    static let items = """
    [{"reference":"p1","name":"Shirt","quantity":2,"unit_amount":1595,"tax_rate":19},
     {"reference":"p2","name":"Shoes","quantity":1,"unit_amount":795,"tax_rate":19},
     {"reference":"s","name":"Shipping","quantity":1,"unit_amount":500,"tax_rate":19,"type":"shipping"}]
    """
    static let french = """
    {"email":"marie@example.fr","first_name":"Marie","last_name":"Dupont","phone":"+33612345678","civility":"Ms",
     "address":{"street":"rue de la Paix","street_number":"12","postal_code":"75002","city":"Paris","country":"FR"}}
    """
    static let german = """
    {"email":"erika@example.de","first_name":"Erika","last_name":"Mustermann","phone":"+4915112345678","civility":"Ms",
     "address":{"street":"Hauptstr.","street_number":"1","postal_code":"10115","city":"Berlin","country":"DE"}}
    """

    static func body(amount: Int = 4485, currency: String = "EUR", items: String = items, customer: String? = french) -> String {
        let buyer = customer.map { #","customer":\#($0)"# } ?? ""
        return #"{"order":{"amount":\#(amount),"currency":"\#(currency)","items":\#(items)}\#(buyer)}"#
    }

    /// The options as `provider/method` → the option.
    private func options(_ body: String, file: StaticString = #filePath, line: UInt = #line) async throws -> [String: JSONValue] {
        let answer = try await harness.json("POST", "/v1/payment-options", body: body, expect: 200, file: file, line: line)
        var byName: [String: JSONValue] = [:]
        for option in answer["options"]?.arrayValue ?? [] {
            let name = "\(option.text("provider") ?? "?")/\(option.text("method") ?? "-")"
            XCTAssertNil(byName[name], "\(name) twice", file: file, line: line)
            byName[name] = option
            let reasons = option["reasons"]?.arrayValue ?? []
            XCTAssertEqual(option["eligible"]?.boolValue, reasons.isEmpty, "eligible ⇔ no reasons: \(option)", file: file, line: line)
        }
        return byName
    }

    private static func reasons(_ option: JSONValue?) -> [(code: String, field: String)] {
        (option?["reasons"]?.arrayValue ?? []).map { ($0.text("code") ?? "", $0.text("field") ?? "") }
    }

    private static func codes(_ option: JSONValue?, at field: String) -> [String] {
        reasons(option).filter { $0.field == field }.map(\.code)
    }

    // MARK: The answer

    func testEveryEnabledProviderAndMethodIsListedAndAFrenchBuyerMayUseFranFinanceButNotHanseatic() async throws {
        try start()
        let options = try await options(Self.body())
        XCTAssertEqual(Set(options.keys), [
            "pledg/split", "pledg/installment", "pledg/deferred", "pledg/down_payment", "pledg/redirection",
            "secuconnect/-", "smartpay/-",
            "smartcredit/FRF_3X", "smartcredit/FRF_4X", "smartcredit/FRF_3X_F", "smartcredit/FRF_4X_F", "smartcredit/REVOLVINGPOS",
        ])
        for name in ["pledg/split", "pledg/installment", "pledg/deferred", "pledg/down_payment", "secuconnect/-", "smartpay/-",
                     "smartcredit/FRF_3X", "smartcredit/FRF_4X_F"] {
            XCTAssertEqual(options[name]?["eligible"]?.boolValue, true, "\(name): \(options[name] ?? .null)")
        }
        XCTAssertEqual(options["secuconnect/-"]?["method"], .null)
        XCTAssertEqual(Self.codes(options["smartcredit/REVOLVINGPOS"], at: "customer.address.country"), ["country"])
        XCTAssertEqual(Self.reasons(options["smartcredit/REVOLVINGPOS"]).count, 1)
    }

    func testAGermanBuyerMayUseHanseaticButNeitherFranFinanceNorPledgInstallmentOrDeferred() async throws {
        try start()
        let options = try await options(Self.body(customer: Self.german))
        XCTAssertEqual(options["smartcredit/REVOLVINGPOS"]?["eligible"]?.boolValue, true)
        for mean in ["FRF_3X", "FRF_4X", "FRF_3X_F", "FRF_4X_F"] {
            XCTAssertEqual(Self.codes(options["smartcredit/\(mean)"], at: "customer.address.country"), ["country"], mean)
        }
        // Seed 003: installment and deferred are for French addresses.
        XCTAssertEqual(Self.codes(options["pledg/installment"], at: "customer.address.country"), ["country"])
        XCTAssertEqual(Self.codes(options["pledg/deferred"], at: "customer.address.country"), ["country"])
        XCTAssertNil(options["pledg/installment"]?["schedule"], "no schedule for an option that is not eligible")
        XCTAssertEqual(options["pledg/split"]?["eligible"]?.boolValue, true)
    }

    func testPledgSchedulesStartTodayAndAddUpToTheAmount() async throws {
        try start()
        // The day before and after the request: a run across midnight (UTC) sees either.
        let before = PledgDateText.today()
        let options = try await options(Self.body())
        let days = [before, PledgDateText.today()]
        // The sandbox installment account: 3 installments, 1 % fees on the first (SandboxDefaults).
        let installment = try XCTUnwrap(options["pledg/installment"]?["schedule"]?.arrayValue)
        XCTAssertEqual(installment.map { $0["amount"]?.int64Value }, [1495, 1495, 1495])
        XCTAssertEqual(installment.map { $0["fees"]?.int64Value }, [45, 0, 0])
        XCTAssertTrue(days.contains(installment.first?.text("due_date") ?? ""), "\(installment)")
        let deferred = try XCTUnwrap(options["pledg/deferred"]?["schedule"]?.arrayValue)
        XCTAssertEqual(deferred.map { $0["amount"]?.int64Value }, [4485])
        XCTAssertGreaterThan(deferred[0].text("due_date") ?? "", days[1])
        let downPayment = try XCTUnwrap(options["pledg/down_payment"]?["schedule"]?.arrayValue)
        XCTAssertEqual(downPayment.compactMap { $0["amount"]?.int64Value }.reduce(0, +), 4485)
        XCTAssertTrue(days.contains(downPayment.first?.text("due_date") ?? ""), "\(downPayment)")
        XCTAssertNil(options["pledg/split"]?["schedule"])
        XCTAssertNil(options["secuconnect/-"]?["schedule"])
    }

    func testMissingCustomerFieldsAreEachAReason() async throws {
        try start()
        let options = try await options(Self.body(customer: #"{"email":"marie@example.fr","address":{"country":"FR"}}"#))
        let revolving = Set(Self.reasons(options["smartcredit/REVOLVINGPOS"]).filter { $0.code == "missing_field" }.map(\.field))
        XCTAssertTrue(revolving.isSuperset(of: ["customer.phone", "customer.civility", "customer.first_name", "customer.last_name",
                                                "customer.address.street", "customer.address.city", "customer.address.postal_code"]), "\(revolving)")
        XCTAssertEqual(Self.codes(options["pledg/installment"], at: "customer.phone"), ["missing_field"])
        XCTAssertEqual(Self.codes(options["pledg/split"], at: "customer.first_name"), ["missing_field"])
        XCTAssertEqual(Self.codes(options["smartpay/-"], at: "customer.address.street"), ["missing_field"])
        XCTAssertEqual(options["secuconnect/-"]?["eligible"]?.boolValue, true)
        let none = try await self.options(Self.body(customer: nil))
        XCTAssertEqual(Self.codes(none["smartcredit/FRF_3X"], at: "customer"), ["missing_field"])
        XCTAssertEqual(Self.codes(none["smartpay/-"], at: "customer"), ["missing_field"])
    }

    func testCurrenciesEachProviderTakes() async throws {
        try start()
        let options = try await options(Self.body(currency: "USD"))
        for (name, option) in options where name.hasPrefix("pledg/") || name.hasPrefix("smartcredit/") {
            XCTAssertEqual(Self.codes(option, at: "order.currency"), ["currency"], name)
        }
        // secuconnect and SmartPay name no currency limit in their documentation (docs/payment-options.md).
        XCTAssertEqual(options["secuconnect/-"]?["eligible"]?.boolValue, true)
        XCTAssertEqual(options["smartpay/-"]?["eligible"]?.boolValue, true)
        let pounds = try await self.options(Self.body(currency: "GBP"))
        XCTAssertEqual(pounds["pledg/split"]?["eligible"]?.boolValue, true, "seed 003: EUR, GBP, CZK and NZD")
    }

    func testAPledgAccountsLimitsAndCountriesComeFromItsConfiguration() async throws {
        try start(["KASSA_PROVIDERS_PLEDG_ACCOUNTS_INSTALLMENT_MINIMUM_AMOUNT": "5000",
                   "KASSA_PROVIDERS_PLEDG_ACCOUNTS_DEFERRED_MAXIMUM_AMOUNT": "4000",
                   "KASSA_PROVIDERS_PLEDG_ACCOUNTS_SPLIT_COUNTRIES": "BE,ES"])
        let options = try await options(Self.body())
        XCTAssertEqual(Self.codes(options["pledg/installment"], at: "order.amount"), ["amount_below_minimum"])
        XCTAssertEqual(Self.codes(options["pledg/deferred"], at: "order.amount"), ["amount_above_maximum"])
        XCTAssertEqual(Self.codes(options["pledg/split"], at: "customer.address.country"), ["country"])
        XCTAssertEqual(options["pledg/down_payment"]?["eligible"]?.boolValue, true)
        // Seed 003: 1,000,000 minor units at most, whatever the account says.
        let large = try await self.options(Self.body(amount: 1_000_001, items: "[]"))
        XCTAssertEqual(Self.codes(large["pledg/down_payment"], at: "order.amount"), ["amount_above_maximum"])
    }

    func testSmartCreditsAmountLimitsComeFromItsConfigurationForEachProduct() async throws {
        try start(["KASSA_PROVIDERS_SMARTCREDIT_FRANFINANCE_MINIMUM_AMOUNT": "5000",
                   "KASSA_PROVIDERS_SMARTCREDIT_HANSEATIC_MAXIMUM_AMOUNT": "4000"])
        let french = try await options(Self.body())
        for mean in ["FRF_3X", "FRF_4X", "FRF_3X_F", "FRF_4X_F"] {
            XCTAssertEqual(Self.codes(french["smartcredit/\(mean)"], at: "order.amount"), ["amount_below_minimum"], mean)
        }
        let german = try await options(Self.body(customer: Self.german))
        XCTAssertEqual(Self.codes(german["smartcredit/REVOLVINGPOS"], at: "order.amount"), ["amount_above_maximum"])
        XCTAssertEqual(Self.reasons(german["smartcredit/REVOLVINGPOS"]).count, 1)
        // The checkout is refused by the same rule.
        let checkout = #"{"provider":"smartcredit","method":"REVOLVINGPOS","order":{"reference":"order_limit","amount":4485,"currency":"EUR","items":\#(Self.items)},"# +
            #""customer":\#(Self.german),"return_urls":{"success":"https://shop.example/ok","failure":"https://shop.example/failed","cancel":"https://shop.example/cancel"}}"#
        let refused = try await harness.json("POST", "/v1/checkouts", body: checkout, expect: 422)
        XCTAssertEqual((refused["errors"]?.arrayValue ?? []).compactMap { $0.text("field") }, ["order.amount"])
    }

    func testOnlyEnabledProvidersAndAccountsAreListed() async throws {
        try start(["KASSA_PROVIDERS_SMARTPAY_ENABLED": "false", "KASSA_PROVIDERS_PLEDG_ACCOUNTS_REDIRECTION_ENABLED": "false"])
        let options = try await options(Self.body())
        XCTAssertFalse(options.keys.contains { $0.hasPrefix("smartpay/") }, "\(options.keys)")
        XCTAssertNil(options["pledg/redirection"])
        XCTAssertNotNil(options["pledg/split"])
    }

    // MARK: The same rules as POST /v1/checkouts

    /// For each body: every eligible option is created by `POST /v1/checkouts` with the same
    /// order and customer; every other one is refused with a 422 at exactly its reasons' fields.
    func testEveryEligibleOptionIsACheckoutAndEveryReasonIsTheCheckoutsRefusal() async throws {
        try start()
        let bodies: [(order: String, customer: String?)] = [
            (#""amount":4485,"currency":"EUR","items":\#(Self.items)"#, Self.french),
            (#""amount":4485,"currency":"EUR","items":\#(Self.items)"#, Self.german),
            (#""amount":4485,"currency":"EUR""#, #"{"email":"marie@example.fr","civility":"Mr","address":{"country":"FR"}}"#),
            (#""amount":120,"currency":"USD","items":[{"reference":"x","name":"Pen","quantity":1,"unit_amount":120}]"#, nil),
            (#""amount":4485,"currency":"EUR","items":[{"reference":"x","name":"Pen","quantity":1,"unit_amount":4985},{"reference":"c","name":"Coupon","quantity":1,"unit_amount":500,"type":"coupon"}]"#, Self.german),
        ]
        var eligible = 0, refused = 0
        for (order, customer) in bodies {
            let buyer = customer.map { #","customer":\#($0)"# } ?? ""
            let options = try await harness.json("POST", "/v1/payment-options", body: #"{"order":{\#(order)}\#(buyer)}"#, expect: 200)
            for option in options["options"]?.arrayValue ?? [] {
                let provider = try XCTUnwrap(option.text("provider"))
                let method = option.text("method").map { #","method":"\#($0)""# } ?? ""
                let checkout = #"""
                {"provider":"\#(provider)"\#(method),"order":{"reference":"order_\#(UUID().uuidString.prefix(12))",\#(order)}\#(buyer),
                 "return_urls":{"success":"https://shop.example/ok","failure":"https://shop.example/failed","cancel":"https://shop.example/cancel"}}
                """#
                let response = try await harness.send("POST", "/v1/checkouts", body: checkout)
                let reasons = Self.reasons(option)
                if reasons.isEmpty {
                    eligible += 1
                    XCTAssertEqual(response.status, 201, "\(provider) \(method) eligible, yet: \(response.bodyText)")
                } else {
                    refused += 1
                    XCTAssertEqual(response.status, 422, "\(provider) \(method) has reasons \(reasons), yet: \(response.bodyText)")
                    let problem = try JSONValue.parse(response.body)
                    let fields = (problem["errors"]?.arrayValue ?? []).compactMap { $0.text("field") }
                    XCTAssertEqual(fields.sorted(), reasons.map(\.field).sorted(), "\(provider) \(method): \(problem)")
                }
            }
        }
        // Both sides of the promise were exercised.
        XCTAssertGreaterThan(eligible, 10)
        XCTAssertGreaterThan(refused, 10)
    }

    func testABadBodyIsRefusedAtEachFieldWithTheCheckoutsMessages() async throws {
        try start()
        let order = #""amount":-5,"currency":"eur","items":[{"reference":"p","name":"P","quantity":0,"unit_amount":1}]"#
        let customer = #"{"email":"nobody","birth_date":"1990-13-01","civility":"Sir","address":{"country":"France"}}"#
        let options = try await harness.json("POST", "/v1/payment-options", body: #"{"order":{\#(order)},"customer":\#(customer)}"#, expect: 422)
        XCTAssertEqual(options.text("code"), "validation_error")
        let errors = (options["errors"]?.arrayValue ?? []).map { "\($0.text("field") ?? ""): \($0.text("message") ?? "")" }
        XCTAssertEqual(Set(errors.map { String($0.prefix { $0 != ":" }) }), [
            "order.amount", "order.currency", "order.items[0].quantity", "customer.email", "customer.birth_date", "customer.civility",
            "customer.address.country",
        ])
        let checkout = #"{"provider":"secuconnect","order":{"reference":"r1",\#(order)},"customer":\#(customer),"# +
            #""return_urls":{"success":"https://shop.example/ok","failure":"https://shop.example/failed","cancel":"https://shop.example/cancel"}}"#
        let refused = try await harness.json("POST", "/v1/checkouts", body: checkout, expect: 422)
        let checkoutErrors = (refused["errors"]?.arrayValue ?? []).map { "\($0.text("field") ?? ""): \($0.text("message") ?? "")" }
        XCTAssertEqual(errors, checkoutErrors, "the same parser, the same messages")
    }

    func testTheOrderIsRequiredAndTheBodyMustBeAnObject() async throws {
        try start()
        let missing = try await harness.json("POST", "/v1/payment-options", body: #"{"customer":{}}"#, expect: 422)
        XCTAssertEqual((missing["errors"]?.arrayValue ?? []).compactMap { $0.text("field") }, ["order"])
        _ = try await harness.json("POST", "/v1/payment-options", body: "[1]", expect: 422)
        _ = try await harness.json("POST", "/v1/payment-options", body: #"{"order":"#, expect: 400)
        let reference = try await harness.json("POST", "/v1/payment-options", body: #"{"order":{"reference":"","amount":1,"currency":"EUR"}}"#, expect: 422)
        XCTAssertEqual((reference["errors"]?.arrayValue ?? []).compactMap { $0.text("field") }, ["order.reference"])
    }

    func testTheAPIKeyIsRequiredAndRateLimitsApply() async throws {
        try start(["KASSA_RATE_LIMIT_PER_KEY_PER_SECOND": "1", "KASSA_RATE_LIMIT_PER_KEY_BURST": "2"])
        let anonymous = try await harness.send("POST", "/v1/payment-options", body: Self.body(), auth: false)
        XCTAssertEqual(anonymous.status, 401)
        var statuses: [Int] = []
        for _ in 0..<4 { statuses.append(try await harness.send("POST", "/v1/payment-options", body: Self.body()).status) }
        XCTAssertEqual(statuses.prefix(2), [200, 200])
        XCTAssertTrue(statuses.contains(429), "\(statuses)")
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`, the day Pledg schedules start.
enum PledgDateText {
    static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
