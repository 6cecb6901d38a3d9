import Foundation
import Payments
@testable import Providers
import XCTest

/// The adapters' `paymentOptions(for:)` without a server: one option per method, the reasons
/// their `validate` gives (tagged with their kind), and Pledg's schedules on a fixed clock.
final class PaymentOptionsAdapterTests: XCTestCase {
    // 2021-12-17 12:00 UTC: PROVIDERS.md D's schedule example starts that day.
    private let december17 = Date(timeIntervalSince1970: 1_639_742_400)

    private func pledg() -> PledgProvider {
        let secret = "SECRET"
        let accounts: [PledgPaymentType: PledgAccount] = [
            .split: PledgAccount(paymentType: .split, merchantUID: "mer_split", secret: secret, mode: .back, countries: ["FR", "BE"]),
            .installment: PledgAccount(paymentType: .installment, merchantUID: "mer_inst", secret: secret, mode: .transfer,
                                       minimumAmount: 150, installments: 3, feesBasisPoints: 100),
            .deferred: PledgAccount(paymentType: .deferred, merchantUID: "mer_def", secret: secret, mode: .front, delayDays: 30),
        ]
        let now = december17
        let configuration = PledgProvider.Configuration(
            frontURL: "http://127.0.0.1:9/front", backURL: "http://127.0.0.1:9", pluginURL: "http://127.0.0.1:9/plugin.js",
            accounts: accounts, apiKey: "k", apiSecret: "s", now: { now })
        return PledgProvider(configuration: configuration, client: NeverSends())
    }

    private func request(amount: Int64, currency: String = "EUR", country: String? = "FR", phone: String? = "+33612345678") -> ProviderCheckoutRequest {
        let customer = ProviderCheckoutRequest.Customer(
            email: "marie@example.fr", firstName: "Marie", lastName: "Dupont", phone: phone, civility: "Ms",
            address: .init(street: "rue de la Paix", postalCode: "75002", city: "Paris", country: country))
        return ProviderCheckoutRequest(
            checkoutID: CheckoutID("chk_test"), method: "ignored",
            order: .init(reference: "order_1", amount: Money(minorUnits: amount, currency: Currency(code: currency)!), description: nil, items: []),
            customer: customer, returnURLs: .init(success: "http://127.0.0.1:9/ok", failure: "http://127.0.0.1:9/no", cancel: "http://127.0.0.1:9/x"),
            notificationURL: "http://127.0.0.1:9/v1/webhooks/pledg", locale: nil)
    }

    private func summary(_ options: [PaymentOption]) -> [String] {
        options.map { option in
            let reasons = option.reasons.map { "\($0.reason.rawValue)@\($0.field)" }.joined(separator: ",")
            let schedule = (option.schedule ?? []).map { "\($0.amount)+\($0.fees)@\($0.dueDate)" }.joined(separator: " ")
            return "\(option.method ?? "-"): [\(reasons)] \(schedule)"
        }
    }

    func testPledgOffersEachAccountWithItsScheduleFromToday() {
        XCTAssertEqual(summary(pledg().paymentOptions(for: request(amount: 200))), [
            "split: [] ",
            "installment: [] 68+2@2021-12-17 66+0@2022-01-17 66+0@2022-02-17",
            "deferred: [] 200+0@2022-01-16",
        ])
    }

    func testPledgReasonsAreTaggedAndAnIneligibleOptionHasNoSchedule() {
        let german = pledg().paymentOptions(for: request(amount: 100, country: "DE", phone: nil))
        XCTAssertEqual(summary(german), [
            "split: [country@customer.address.country] ",
            "installment: [amount_below_minimum@order.amount,missing_field@customer.phone,country@customer.address.country] ",
            "deferred: [missing_field@customer.phone,country@customer.address.country] ",
        ])
        let dollars = pledg().paymentOptions(for: request(amount: 1_000_001, currency: "USD"))
        XCTAssertEqual(dollars.map { $0.reasons.map(\.reason) }, [[.amountAboveMaximum, .currency], [.amountAboveMaximum, .currency],
                                                                 [.amountAboveMaximum, .currency]])
    }

    func testSecuconnectIsOneOptionWithoutAMethod() {
        let configuration = SecuconnectProvider.Configuration(baseURL: "http://127.0.0.1:9", clientID: "c", clientSecret: "s", contractID: "GCR_X")
        let options = SecuconnectProvider(configuration: configuration, client: NeverSends()).paymentOptions(for: request(amount: 200, currency: "JPY"))
        XCTAssertEqual(options, [PaymentOption(method: nil, reasons: [])])
    }

    func testSmartCreditOffersEachPaymentMeanWithItsCountryAndConfiguredLimits() {
        var configuration = SmartCreditProvider.Configuration(baseURL: "http://127.0.0.1:9", tokenURL: "http://127.0.0.1:9/token",
                                                              clientID: "c", clientSecret: "s", scope: "x")
        configuration.franFinanceLimits = AmountLimits(minimum: 300, maximum: nil)
        configuration.hanseaticLimits = AmountLimits(minimum: nil, maximum: 100)
        var basket = request(amount: 200)
        basket.order.items = [.init(reference: "tv", name: "TV", quantity: 1, unitAmount: 200, taxRate: .zero, kind: .article)]
        let options = SmartCreditProvider(configuration: configuration, client: NeverSends()).paymentOptions(for: basket)
        XCTAssertEqual(summary(options), [
            "FRF_3X: [amount_below_minimum@order.amount] ", "FRF_4X: [amount_below_minimum@order.amount] ",
            "FRF_3X_F: [amount_below_minimum@order.amount] ", "FRF_4X_F: [amount_below_minimum@order.amount] ",
            "REVOLVINGPOS: [amount_above_maximum@order.amount,country@customer.address.country] ",
        ])
    }
}
