import Payments
import XCTest

final class CheckoutStateMachineTests: XCTestCase {
    private typealias Status = Checkout.Status
    private let amount = Money(minorUnits: 1000, currency: .eur)

    // The expected outcome of every (from, to) pair without amounts, written out independently
    // of the implementation's table. Columns in the order of `columns`.
    // A applied · D duplicate · B backwards · T out of a terminal state · C contradiction
    private let columns: [Status] = [.created, .pending, .authorized, .paid, .partiallyRefunded, .refunded,
                                     .failed, .canceled, .expired]
    private let expected: [(Status, String)] = [
        (.created,           "D A A A A A A A A"),
        (.pending,           "B D A A A A A A A"),
        (.authorized,        "B B D A A A A A A"),
        (.paid,              "B B B D A A C A C"),
        (.partiallyRefunded, "B B B B D A C C C"),
        (.refunded,          "T T T T T D T T T"),
        (.failed,            "T T T T T T D T T"),
        (.canceled,          "T T T T T T T D T"),
        (.expired,           "T T T T T T T T D"),
    ]

    private func update(_ status: Status, amount: Money? = nil, refunded: Money? = nil) -> StatusUpdate {
        StatusUpdate(source: .webhook, status: status, providerStatus: "raw-\(status)", amount: amount, refundedAmount: refunded)
    }

    private func eur(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .eur) }

    func testEveryPairOfStatusesFollowsTheTransitionTable() {
        XCTAssertEqual(expected.count, Status.allCases.count)
        for (from, row) in expected {
            let symbols = row.split(separator: " ")
            XCTAssertEqual(symbols.count, columns.count)
            for (to, symbol) in zip(columns, symbols) {
                var machine = Checkout.StateMachine(status: from, amount: amount)
                let action = machine.receive(update(to))
                let want: Checkout.StateMachine.Action
                switch symbol {
                case "A": want = .apply(status: to, refundedMinorUnits: to == .refunded ? 1000 : 0)
                case "D": want = .ignore(.duplicate)
                case "B": want = .ignore(.backwards)
                case "T": want = .ignore(.terminal)
                default: want = .ignore(.contradicts)
                }
                XCTAssertEqual(action, want, "\(from) → \(to)")
                XCTAssertEqual(machine.status, symbol == "A" ? to : from, "\(from) → \(to) leaves the machine in the right state")
                XCTAssertEqual(Checkout.StateMachine.allows(from: from, to: to), symbol == "A" || (from == to && from == .partiallyRefunded),
                               "table lookup \(from) → \(to)")
            }
        }
    }

    func testAppliedTransitionsNeverGoBackwardsAlongAPath() {
        var machine = Checkout.StateMachine(status: .created, amount: amount)
        XCTAssertEqual(machine.receive(update(.pending)), .apply(status: .pending, refundedMinorUnits: 0))
        XCTAssertEqual(machine.receive(update(.authorized)), .apply(status: .authorized, refundedMinorUnits: 0))
        XCTAssertEqual(machine.receive(update(.pending)), .ignore(.backwards))
        XCTAssertEqual(machine.receive(update(.paid, amount: amount)), .apply(status: .paid, refundedMinorUnits: 0))
        XCTAssertEqual(machine.receive(update(.authorized)), .ignore(.backwards))
        XCTAssertEqual(machine.receive(update(.failed)), .ignore(.contradicts))
        XCTAssertEqual(machine.status, .paid)
    }

    func testPartialRefundsAccumulateAndEndInRefunded() {
        var machine = Checkout.StateMachine(status: .paid, amount: amount)
        XCTAssertEqual(machine.receive(update(.partiallyRefunded, refunded: eur(300))), .apply(status: .partiallyRefunded, refundedMinorUnits: 300))
        XCTAssertEqual(machine.receive(update(.partiallyRefunded, refunded: eur(500))), .apply(status: .partiallyRefunded, refundedMinorUnits: 500))
        // The same total again, or a late notification of an earlier total: nothing new.
        XCTAssertEqual(machine.receive(update(.partiallyRefunded, refunded: eur(500))), .ignore(.duplicate))
        XCTAssertEqual(machine.receive(update(.partiallyRefunded, refunded: eur(300))), .ignore(.duplicate))
        XCTAssertEqual(machine.receive(update(.partiallyRefunded)), .ignore(.duplicate))
        XCTAssertEqual(machine.receive(update(.paid)), .ignore(.backwards))
        XCTAssertEqual(machine.receive(update(.refunded)), .apply(status: .refunded, refundedMinorUnits: 1000))
        XCTAssertEqual(machine.receive(update(.partiallyRefunded, refunded: eur(600))), .ignore(.terminal))
    }

    func testImpossibleRefundTotalsAreIntegrityProblems() {
        let cases: [(Status, Money)] = [
            (.partiallyRefunded, eur(1000)),               // a "partial" refund of everything
            (.partiallyRefunded, eur(1001)),               // more than was paid
            (.partiallyRefunded, Money(minorUnits: 300, currency: .usd)),
            (.refunded, eur(999)),                         // "refunded" but not all of it
            (.paid, eur(10)),                              // a refund total beside a status without refunds
            (.partiallyRefunded, eur(-5)),
        ]
        for (status, refunded) in cases {
            var machine = Checkout.StateMachine(status: .paid, amount: amount)
            XCTAssertEqual(machine.receive(update(status, refunded: refunded)), .reportIntegrity(.refundMismatch(reported: refunded)),
                           "\(status) with \(refunded) refunded")
            XCTAssertEqual(machine.status, .paid)
        }
    }

    func testAnAmountOrCurrencyMismatchNeverMarksPaid() {
        for reported in [eur(999), eur(1001), Money(minorUnits: 1000, currency: .usd), Money(minorUnits: 10, currency: .jpy)] {
            var machine = Checkout.StateMachine(status: .pending, amount: amount)
            XCTAssertEqual(machine.receive(update(.paid, amount: reported)), .reportIntegrity(.amountMismatch(reported: reported)))
            XCTAssertEqual(machine.status, .pending)
        }
        var machine = Checkout.StateMachine(status: .pending, amount: amount)
        XCTAssertEqual(machine.receive(update(.paid, amount: eur(1000))), .apply(status: .paid, refundedMinorUnits: 0))
    }

    func testStatusRanksTerminalSetAndPaidFamily() {
        let chain: [Status] = [.created, .pending, .authorized, .paid, .partiallyRefunded, .refunded]
        XCTAssertEqual(chain.map(\.rank), Array(0...5))
        XCTAssertEqual(Set(Status.allCases.filter(\.isTerminal)), [.refunded, .failed, .canceled, .expired])
        XCTAssertEqual(Set(Status.allCases.filter(\.hasBeenPaid)), [.paid, .partiallyRefunded, .refunded])
        XCTAssertEqual(Status.partiallyRefunded.rawValue, "partially_refunded")
    }

    func testOrderAggregateStatusPrefersThePaidAttempt() {
        let now = Date()
        func attempt(_ status: Status) -> Checkout {
            Checkout(id: .generate(), orderReference: "o1", provider: .pledg, amount: amount, status: status, createdAt: now, updatedAt: now)
        }
        XCTAssertEqual(Order(reference: "o1", createdAt: now, attempts: []).aggregateStatus, .created)
        XCTAssertEqual(Order(reference: "o1", createdAt: now, attempts: [attempt(.failed), attempt(.pending)]).aggregateStatus, .pending)
        let paid = attempt(.paid)
        let order = Order(reference: "o1", createdAt: now, attempts: [attempt(.failed), paid, attempt(.canceled)])
        XCTAssertEqual(order.aggregateStatus, .paid)
        XCTAssertEqual(order.paidAttempt?.id, paid.id)
    }

    func testGeneratedIdsArePrefixedAndDistinct() {
        let ids = (0..<1000).map { _ in CheckoutID.generate().rawValue }
        XCTAssertEqual(Set(ids).count, 1000)
        XCTAssertTrue(ids.allSatisfy { $0.hasPrefix("chk_") && $0.count == 28 })
        XCTAssertTrue(EventID.generate().rawValue.hasPrefix("evt_"))
    }
}
