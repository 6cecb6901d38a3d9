@testable import KassaService
import XCTest

/// `providers.pledg.accounts.*`: the sandbox accounts of issue 15, and each account's problems
/// reported by its path.
final class PledgConfigurationTests: XCTestCase {
    private func inspect(_ environment: [String: String]) -> ConfigurationReport {
        KassaConfiguration.inspect(environment: environment, readFile: { _ in nil })
    }

    func testSandboxHasAllFiveAccountsWithTheModesSpread() {
        let report = inspect([:])
        XCTAssertEqual(report.problems, [])
        let accounts = report.configuration.providers.pledg.accounts
        XCTAssertEqual([accounts.split, accounts.installment, accounts.deferred, accounts.downPayment, accounts.redirection].map(\.mode),
                       [.back, .transfer, .front, .back, .back])
        XCTAssertTrue([accounts.split, accounts.installment, accounts.deferred, accounts.downPayment, accounts.redirection].allSatisfy {
            $0.isEnabled && $0.secret.value == "SECRET"
        })
        XCTAssertEqual(accounts.split.merchantUID, "mer_e821ccca-7a16-45a7-8b00-0a6015e16123")
        XCTAssertEqual(Set([accounts.split, accounts.installment, accounts.deferred, accounts.downPayment, accounts.redirection].map(\.merchantUID)).count, 5,
                       "each payment type is a distinct merchant (seed 003)")
    }

    func testEachAccountsProblemsAreReportedByPath() {
        let report = inspect([
            "KASSA_PROVIDERS_PLEDG_ACCOUNTS_INSTALLMENT_FEES_PERCENT": "1.234",
            "KASSA_PROVIDERS_PLEDG_ACCOUNTS_DEFERRED_FEES_PERCENT": "-1",
            "KASSA_PROVIDERS_PLEDG_ACCOUNTS_REDIRECTION_MINIMUM_AMOUNT": "5000",
            "KASSA_PROVIDERS_PLEDG_ACCOUNTS_REDIRECTION_MAXIMUM_AMOUNT": "100",
            "KASSA_PROVIDERS_PLEDG_ACCOUNTS_SPLIT_MODE": "sideways",
            "KASSA_PROVIDERS_PLEDG_ACCOUNTS_INSTALLMENT_INSTALLMENTS": "13",
        ])
        XCTAssertEqual(Set(report.problems.map(\.path)), [
            "providers.pledg.accounts.installment.fees_percent", "providers.pledg.accounts.deferred.fees_percent",
            "providers.pledg.accounts.redirection.minimum_amount", "providers.pledg.accounts.split.mode",
            "providers.pledg.accounts.installment.installments",
        ])
    }

    func testLiveAccountNeedsItsUidAndSecretOnlyWhenEnabled() {
        let base = ["KASSA_MODE": "live", "KASSA_PUBLIC_BASE_URL": "https://pay.example", "KASSA_API_KEYS": "0123456789abcdef-api",
                    "KASSA_ADMIN_KEYS": "0123456789abcdef-admin", "KASSA_PROVIDERS_SECUCONNECT_ENABLED": "false",
                    "KASSA_PROVIDERS_SMARTCREDIT_ENABLED": "false", "KASSA_PROVIDERS_SMARTPAY_ENABLED": "false",
                    "KASSA_PROVIDERS_PLEDG_ENABLED": "true"]
        // No account offered: Pledg is not offered at all, and nothing is asked about it.
        XCTAssertEqual(inspect(base).problems.map(\.description), ["providers: no provider is enabled"])
        let enabled = inspect(base.merging(["KASSA_PROVIDERS_PLEDG_ACCOUNTS_DEFERRED_ENABLED": "true"]) { _, new in new })
        XCTAssertEqual(Set(enabled.problems.map(\.path)),
                       ["providers.pledg.accounts.deferred.merchant_uid", "providers.pledg.accounts.deferred.secret",
                        "providers.pledg.api_key", "providers.pledg.api_secret"])
    }
}
