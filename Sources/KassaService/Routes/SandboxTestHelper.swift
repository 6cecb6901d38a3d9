import HTTP
import JSON
import Payments
import Sandbox

/// `POST /v1/checkouts/{id}/simulate {"outcome": "…"}` (DESIGN.md, "The sandbox test helper";
/// Stripe's test helpers for four providers). Registered only in sandbox mode, so live mode
/// answers 404. It plays the buyer on the checkout's simulator — the same page, widget, form or
/// funnel a person would use — and Kassa learns the result the way it would in production
/// (notification, return, poll): it never writes Kassa's own state. Answers 202 with the
/// outcome played; an outcome the provider cannot produce is a 422 listing the ones it can.
struct SandboxTestHelper: Sendable {
    let api: PaymentAPI
    let simulators: [ProviderID: any ProviderSimulator]

    func register(on router: inout Router) {
        router.on(ServiceRoutes.simulate, simulate)
    }

    func simulate(_ request: Request) async -> Response {
        await api.answering {
            let body = JSONCursor(try parseJSONBody(request))
            let outcome: String
            do throws(JSONFieldError) { outcome = try body["outcome"].string() } catch { throw APIProblem.validation([error]) }
            let checkout = try await api.checkout(request)
            guard let simulator = simulators[checkout.provider] else {
                throw APIProblem(status: 422, code: "operation_not_supported",
                                 detail: "provider \(checkout.provider) has no simulator in this instance")
            }
            let outcomes = simulator.testOutcomes
            guard outcomes.contains(outcome) else {
                throw APIProblem.validation([body["outcome"].error(
                    "\(checkout.provider) can play: " + outcomes.joined(separator: ", "))])
            }
            do throws(SimulationRefusal) {
                try await simulator.play(outcome, on: SimulatedPayment(
                    checkoutID: checkout.id.rawValue, orderReference: checkout.orderReference,
                    providerReference: checkout.providerReference, providerData: checkout.providerData,
                    nextActionURL: Self.nextActionURL(of: checkout)))
            } catch {
                throw APIProblem(status: 409, code: "simulation_refused", detail: error.message,
                                 extensions: [("checkout_status", .string(checkout.status.rawValue))])
            }
            return .json(202, ["checkout_id": .string(checkout.id.rawValue), "provider": .string(checkout.provider.rawValue),
                               "outcome": .string(outcome)])
        }
    }

    /// The URL field of the checkout's next action (a redirect's `url`, a Pledg `front_url`).
    private static func nextActionURL(of checkout: Checkout) -> String? {
        guard let action = ServiceData.nextAction(in: checkout.providerData) else { return nil }
        return action.fields["url"]?.stringValue ?? action.fields["front_url"]?.stringValue
    }
}
