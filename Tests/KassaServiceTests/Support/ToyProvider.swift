import Foundation
import HTTP
import JSON
@testable import KassaService
import Outbound
import Payments
import Sandbox

// A provider that exists only in the tests, added the way docs/adding-a-provider.md says: an
// adapter (the "Providers/Toy" folder), a simulator (the "Sandbox/Toy" folder), a notification
// intake, and one module entry — here the test's list `[ToyModule()]`.

/// The toy provider's module: `providers.toy.{enabled,base_url,signing_key}`.
struct ToyModule: ProviderModule {
    static let enabledPath = "providers.toy.enabled"
    static let baseURLPath = "providers.toy.base_url"
    static let signingKeyPath = "providers.toy.signing_key"
    let id = ProviderID("toy")

    var configurationFields: [ConfigurationField] {
        let enabled: ConfigurationField.Requirement = { $0.providers.settings[flag: Self.enabledPath] }
        return [
            enabledField(\.providers.settings[flag: Self.enabledPath]),
            .text(Self.baseURLPath, \.providers.settings[text: Self.baseURLPath], url: true, .simulator("toy"),
                  required: enabled, "the toy API"),
            .secret(Self.signingKeyPath, \.providers.settings[secret: Self.signingKeyPath], .sandbox("toy-signing-key"),
                    required: enabled, "the key notifications are signed with"),
        ]
    }

    func isEnabled(in configuration: KassaConfiguration) -> Bool { configuration.providers.settings[flag: Self.enabledPath] }

    func rebase(_ configuration: inout KassaConfiguration, _ move: (String) -> String) {
        configuration.providers.settings[text: Self.baseURLPath] = move(configuration.providers.settings[text: Self.baseURLPath])
    }

    func makeAdapter(_ context: ProviderContext) -> any PaymentProvider {
        ToyProvider(baseURL: context.configuration.providers.settings[text: Self.baseURLPath], client: context.client)
    }

    func makeIntake(_ context: ProviderContext) -> any NotificationIntake {
        ToyIntake(signingKey: context.configuration.providers.settings[secret: Self.signingKeyPath].value)
    }

    func makeSimulator(_ context: SimulatorContext) -> any ProviderSimulator { ToySimulator() }
}

/// The toy adapter: `POST {base_url}/payments` creates a payment `toy_…` at the simulator.
struct ToyProvider: PaymentProvider {
    let id = ProviderID("toy")
    let capabilities = ProviderCapabilities(canCapture: false, canCancel: false, canRefund: false, canRefundPartially: false)
    let baseURL: String
    let client: OutboundClient

    func createCheckout(_ request: ProviderCheckoutRequest) async throws(ProviderError) -> ProviderCheckout {
        let response: OutboundResponse
        do {
            response = try await client.send(OutboundRequest(method: .post, url: baseURL + "/payments", body: []))
        } catch {
            throw .notSent("toy: not sent")
        }
        guard response.status == 201, let reference = (try? JSONValue.parse(response.body))?["id"]?.stringValue else {
            throw .invalidResponse("toy answered \(response.status)")
        }
        return ProviderCheckout(providerReference: reference, providerStatus: "open", status: .pending,
                                nextAction: .redirect(url: baseURL + "/pay/" + reference))
    }

    func fetchStatus(of checkout: Checkout) async throws(ProviderError) -> ProviderStatus {
        ProviderStatus(providerStatus: checkout.providerStatus ?? "open", status: checkout.status)
    }
    func capture(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult { throw .unsupported("toy") }
    func cancel(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult { throw .unsupported("toy") }
    func refund(_ checkout: Checkout, _ operation: OperationRequest) async throws(ProviderError) -> OperationResult { throw .unsupported("toy") }
}

/// The toy simulator: `POST /payments` answers a new id.
final class ToySimulator: ProviderSimulator {
    private let counter = Counter()

    func register(on router: inout Router, prefix: String) {
        router.on("POST", prefix + "/payments") { [counter] _ in
            .json(201, #"{"id":"toy_\#(counter.next())"}"#)
        }
    }

    func shutdown() {}
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}

/// The toy intake: signed with `X-Toy-Signature` (the signing key itself: a toy); the body
/// `{"payment_id": "toy_1", "status": "paid", …}` names the payment and its status.
struct ToyIntake: NotificationIntake {
    let signingKey: String

    func receive(_ notification: ReceivedNotification) -> NotificationIntakeResult {
        let contentType = notification.header("Content-Type")
        // `{"payment_id": …, "chargeback_id": "cb_1"}`, unsigned: news for information only
        // (like Pledg's split purchase end), recorded as a notice, never applied.
        if notification.header("X-Toy-Signature") == nil, let body = try? JSONValue.parse(notification.body),
           let reference = body["payment_id"]?.stringValue, let chargeback = body["chargeback_id"]?.stringValue {
            return .informational(ProviderNotice(type: "smartpay.chargeback", detail: ["chargeback_id": chargeback], key: chargeback),
                                  body: notification.body, contentType: contentType, lookup: .providerReference(reference))
        }
        guard notification.header("X-Toy-Signature") == signingKey else {
            return .rejected("the X-Toy-Signature header does not match", body: notification.body, contentType: contentType)
        }
        let body = try? JSONValue.parse(notification.body)
        let reference = body?["payment_id"]?.stringValue
        let status: ProviderStatus? = body?["status"]?.stringValue == "paid" ? ProviderStatus(providerStatus: "paid", status: .paid) : nil
        return .verified(body: notification.body, contentType: contentType,
                         headers: notification.headers.filter { $0.name.lowercased() != "content-type" },
                         lookup: reference.map { .providerReference($0) }, status: status)
    }
}
