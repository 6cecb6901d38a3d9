import JSON

/// The shares a customer pays, computed by seed 003's rules ("How to delay the second share
/// expiration date for installment payments?", "Amount and type of the initial charge") and
/// PROVIDERS.md D's schedule example: equal shares with the rounding remainder on the first,
/// the fees on the first, monthly after the second share's date, and at most 12 months of
/// funding, the installments beyond it aggregated into the last one within it.
struct PaymentSchedule: Sendable, Equatable {
    /// One share: what is debited on `due`, `fees` apart (PROVIDERS.md D: `amount_cents` and
    /// `fees` are separate fields; the Sylius plugin shows their sum).
    struct Share: Sendable, Equatable {
        var amountCents: Int
        var fees: Int
        var due: CalendarDay
    }

    /// What the schedule is computed from.
    struct Terms: Sendable, Equatable {
        var paymentType: PledgSimulator.PaymentType
        var amountCents: Int
        var created: CalendarDay
        var installments = 3
        var feesPercent: Double = 0
        var delayDays = 30
        var depositPercentage = 30
        /// `secondInstallmentPaymentDate` / `second_installment_date` (installment).
        var secondInstallmentDate: CalendarDay?
        /// `deferredPaymentDate` (deferred).
        var deferredPaymentDate: CalendarDay?
        /// `balancePaymentDate` (down payment).
        var balancePaymentDate: CalendarDay?

        /// The terms of `account` for `amountCents` created on `created`.
        init(account: PledgSimulator.Account, amountCents: Int, created: CalendarDay) {
            paymentType = account.paymentType
            self.amountCents = amountCents
            self.created = created
            installments = account.installments
            feesPercent = account.feesPercent
            delayDays = account.delayDays
            depositPercentage = account.depositPercentage
        }
    }

    let shares: [Share]

    /// The sum of the shares' amounts (the purchase amount).
    var totalCents: Int { shares.reduce(0) { $0 + $1.amountCents } }
    /// The sum of the fees.
    var totalFees: Int { shares.reduce(0) { $0 + $1.fees } }

    /// The schedule of `terms`; a date the seed does not allow is an `invalid_request_error`.
    init(_ terms: Terms) throws(PledgError) {
        let amount = terms.amountCents
        guard amount > 0, amount <= PurchaseSettings.maximumAmountCents else {
            throw .invalidRequest("The provided property amountCents is invalid")
        }
        let fees = try Self.fees(amount, percent: terms.feesPercent)
        switch terms.paymentType {
        case .split, .redirection:
            // Split: the leader pays alone here (seed 003: "Leader can pay alone", true by default).
            shares = [Share(amountCents: amount, fees: 0, due: terms.created)]
        case .deferred:
            let latest = terms.created.adding(days: terms.delayDays)
            let due = terms.deferredPaymentDate ?? latest
            // Seed 003: "it must be before the latest possible one".
            guard due >= terms.created, due <= latest else {
                throw .invalidRequest("The provided property deferredPaymentDate is invalid: it must be between \(terms.created) and \(latest)")
            }
            shares = [Share(amountCents: amount, fees: fees, due: due)]
        case .downPayment:
            let latest = terms.created.adding(days: terms.delayDays)
            let due = terms.balancePaymentDate ?? latest
            guard due >= terms.created, due <= latest else {
                throw .invalidRequest("The provided property balancePaymentDate is invalid: it must be between \(terms.created) and \(latest)")
            }
            guard (1...99).contains(terms.depositPercentage) else { throw .invalidRequest("The deposit percentage is invalid") }
            // amount ≤ 1,000,000 and percentage < 100: no overflow.
            let deposit = amount * terms.depositPercentage / 100
            shares = [Share(amountCents: deposit, fees: 0, due: terms.created),
                      Share(amountCents: amount - deposit, fees: 0, due: due)]
        case .installment:
            shares = try Self.installments(terms, fees: fees)
        }
    }

    private static func installments(_ terms: Terms, fees: Int) throws(PledgError) -> [Share] {
        let count = terms.installments
        guard (1...48).contains(count) else { throw .invalidRequest("The number of installments is invalid") }
        let base = terms.amountCents / count
        let remainder = terms.amountCents - base * count
        // Seed 003: "If secondInstallmentPaymentDate is lower than payment created date we do
        // not consider secondInstallmentPaymentDate value".
        let second = terms.secondInstallmentDate.flatMap { $0 < terms.created ? nil : $0 }
        var shares = [Share(amountCents: base + remainder, fees: fees, due: terms.created)]
        for index in stride(from: 1, to: count, by: 1) {
            let due = second.map { $0.adding(months: index - 1) } ?? terms.created.adding(months: index)
            shares.append(Share(amountCents: base, fees: 0, due: due))
        }
        // "the funding duration cannot exceed 12 months … we aggregate the exceeding
        // installments into one": the seed's third example puts them on the last share within.
        let limit = terms.created.adding(months: 12)
        var kept = shares.filter { $0.due <= limit }
        let exceeding = shares.filter { $0.due > limit }.reduce(0) { $0 + $1.amountCents }
        kept[kept.count - 1].amountCents += exceeding
        return kept
    }

    /// `percent` of `amount`, rounded half up to the cent; 0 ≤ percent ≤ 100.
    static func fees(_ amount: Int, percent: Double) throws(PledgError) -> Int {
        guard percent.isFinite, percent >= 0, percent <= 100 else { throw .invalidRequest("The fees percentage is invalid") }
        // Basis points keep the arithmetic on integers; amount ≤ 1,000,000 and ≤ 10,000 bp.
        let basisPoints = Int((percent * 100).rounded())
        let (product, overflow) = amount.multipliedReportingOverflow(by: basisPoints)
        guard !overflow else { throw .invalidRequest("The fees are too large") }
        return (product + 5_000) / 10_000
    }

    /// The simulation's answer (PROVIDERS.md D): `{"INSTALLMENT": [{amount_cents, fees, payment_date}]}`.
    func simulationJSON(_ paymentType: PledgSimulator.PaymentType) -> JSONValue {
        .object([(paymentType.scheduleKey, .array(shares.map(\.json)))])
    }
}

extension PaymentSchedule.Share {
    /// `{amount_cents, fees, payment_date}`.
    var json: JSONValue {
        ["amount_cents": .number(JSONNumber(amountCents)), "fees": .number(JSONNumber(fees)), "payment_date": .string(due.description)]
    }
}
