import XCTest
@testable import KassaService
import Payments

/// A test case with the real service over real sockets and a scripted provider as its only
/// adapter: what the orchestration, operation, rule and listing tests share.
class ScriptedProviderTestCase: XCTestCase {
    var harness: ServiceHarness!
    var provider: ScriptedProvider!

    /// Starts the service around a new scripted provider with these capabilities.
    func start(capabilities: ProviderCapabilities = .init(canCapture: true, canCancel: true, canRefund: true, canRefundPartially: true)) throws {
        let provider = ScriptedProvider(capabilities: capabilities)
        self.provider = provider
        var options = KassaService.Options()
        options.providerFactory = { _ in [provider] }
        harness = try ServiceHarness(options: options)
    }

    override func tearDown() async throws { await harness?.shutdown() }
}
