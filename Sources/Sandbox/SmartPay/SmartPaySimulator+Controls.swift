import FoundationEssentials
import HTTP
import JSON

extension SmartPaySimulator {
    /// What SmartPay does on its own, for tests and the demo: not part of SmartPay's API, so
    /// under `/sandbox-controls`, with the merchant's credentials like the API.
    /// `POST /sandbox-controls/payments/{transactionId}/settle` (`SETTLED`) and
    /// `/chargeback` (a `CHARGEBACK` modification; body `{"amount": 5.00}` optional, default all
    /// that is not refunded): both send their webhook and answer the status model.
    /// `/resend-webhook` sends the transaction's last webhook again, same `id` (a duplicate
    /// delivery). `POST /sandbox-controls/oauth2/revoke` invalidates every access token (204).
    func registerControls(on router: inout Router, prefix: String) {
        router.on("POST", prefix + "/sandbox-controls/payments/{transactionId}/resend-webhook") { [self] in
            await serve($0, isAuthenticated: true) { r, _ throws(SmartPayError) in
                let id = r.parameters["transactionId"] ?? ""
                return .json(200, try resendWebhook(id))
            }
        }
        router.on("POST", prefix + "/sandbox-controls/oauth2/revoke") { [self] in
            await serve($0, isAuthenticated: true) { _, _ throws(SmartPayError) in
                revokeAccessTokens()
                return Response(status: 204)
            }
        }
        for control in Control.allCases {
            router.on("POST", prefix + "/sandbox-controls/payments/{transactionId}/" + control.rawValue, bodyLimit: Self.bodyLimit) { [self] in
                await serve($0, isAuthenticated: true) { r, faults throws(SmartPayError) in
                    let id = r.parameters["transactionId"] ?? ""
                    let amount = try Self.controlAmount(r.body)
                    return .json(200, try apply(control, to: id, amount: amount, faults: faults))
                }
            }
        }
    }

    /// A change SmartPay makes by itself.
    enum Control: String, CaseIterable, Sendable {
        case settle, chargeback
    }

    /// Settles the captured transaction `transactionID` (`SETTLED`, with its webhook).
    public func settle(transactionID: String) throws(SimulationRefusal) {
        do throws(SmartPayError) { _ = try apply(.settle, to: transactionID, amount: nil, faults: .none) } catch { throw SimulationRefusal(error.message) }
    }

    /// Records a chargeback of `minorUnits` (nil: all that is not refunded) on `transactionID`,
    /// with its webhook; the status stays as it is.
    public func chargeback(transactionID: String, minorUnits: Int64? = nil) throws(SimulationRefusal) {
        do throws(SmartPayError) { _ = try apply(.chargeback, to: transactionID, amount: minorUnits.map { .minor($0) }, faults: .none) } catch { throw SimulationRefusal(error.message) }
    }

    /// Sends the last webhook of `transactionID` again, with the same `id`.
    public func resendLastWebhook(transactionID: String) throws(SimulationRefusal) {
        do throws(SmartPayError) { _ = try resendWebhook(transactionID) } catch { throw SimulationRefusal(error.message) }
    }

    private func resendWebhook(_ id: String) throws(SmartPayError) -> JSONValue {
        guard let transaction = store.transaction(.transactionID(id)) else { throw .notFound("No transaction \(id)") }
        guard let event = transaction.lastWebhook else { throw .notAllowedNow("no webhook was sent for this transaction yet") }
        webhooks.send([event])
        return transaction.statusJSON
    }

    /// An amount given to a control: minor units from Swift, a decimal from HTTP.
    enum ControlAmount {
        case minor(Int64)
        case decimal(JSONNumber)
    }

    private func apply(_ control: Control, to id: String, amount: ControlAmount?, faults: SimulatorFaults) throws(SmartPayError) -> JSONValue {
        let now = configuration.now()
        let changed = try store.update(.transactionID(id)) { (transaction: inout SmartPayTransaction) throws(SmartPayError) in
            var minor: Int64?
            switch amount {
            case .minor(let value)?: minor = value
            case .decimal(let number)?:
                do throws(SmartPayAmount.Refusal) {
                    minor = try SmartPayAmount.minorUnits(of: number, exponent: transaction.exponent)
                } catch {
                    throw .invalidField("amount", "must be a positive decimal in the payment's currency")
                }
            case nil: minor = nil
            }
            guard transaction.modifications.count < configuration.maxModificationsPerTransaction else { throw .tooManyModifications }
            let action = try transaction.transition { (machine: inout SmartPayTransaction.StateMachine) throws(SmartPayTransaction.StateMachine.Refusal) in
                switch control {
                case .settle: try machine.settle()
                case .chargeback: try machine.chargeback(minor)
                }
            }
            let events = record(action, on: &transaction, origin: .automated, now: now, faults: faults)
            return (transaction.statusJSON, events)
        }
        guard let (body, events) = changed else { throw .notFound("No transaction \(id)") }
        webhooks.send(events)
        return body
    }

    private static func controlAmount(_ body: [UInt8]) throws(SmartPayError) -> ControlAmount? {
        guard body.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return nil }
        guard case .object(let object)? = try? JSONValue.parse(body) else { throw .notJSON }
        guard let value = object["amount"], !value.isNull else { return nil }
        guard case .number(let number) = value else { throw .invalidField("amount", "must be a JSON number such as 5.00") }
        return .decimal(number)
    }
}
