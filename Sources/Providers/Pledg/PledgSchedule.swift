/// A Pledg payment schedule computed locally by seed 003's rules ("How to delay the second
/// share expiration date for installment payments") and PROVIDERS.md D's rounding:
///
/// - installment: equal shares, the rounding remainder on the first share (200 in 3 is
///   68 + 66 + 66), the fees on the first installment, the first share due at creation, the
///   second a month later or on `secondInstallmentDate` (ignored when before creation), then
///   monthly; shares due more than 12 months after creation are aggregated into the last
///   share within the 12 months (the regulatory funding cap);
/// - deferred: one share of the whole amount plus fees, due `delayDays` after creation;
/// - down payment: the deposit at creation, the balance `delayDays` later.
public struct PledgSchedule: Sendable, Equatable {
    /// One share.
    public struct Share: Sendable, Equatable {
        /// Minor units of the purchase this share pays.
        public var amount: Int64
        /// Fees paid with this share, in minor units.
        public var fees: Int64
        public var dueDate: PledgDate
        public init(amount: Int64, fees: Int64, dueDate: PledgDate) { (self.amount, self.fees, self.dueDate) = (amount, fees, dueDate) }
    }

    /// What a schedule is asked for.
    public struct Request: Sendable {
        public var amount: Int64
        public var paymentType: PledgPaymentType
        public var created: PledgDate
        public var secondInstallmentDate: PledgDate?
        public var installments: Int
        /// Hundredths of a percent.
        public var feesBasisPoints: Int
        public var delayDays: Int
        public var depositPercentage: Int
        public init(amount: Int64, paymentType: PledgPaymentType, created: PledgDate, secondInstallmentDate: PledgDate? = nil,
                    installments: Int = 3, feesBasisPoints: Int = 0, delayDays: Int = 30, depositPercentage: Int = 30) {
            self.amount = amount; self.paymentType = paymentType; self.created = created
            self.secondInstallmentDate = secondInstallmentDate; self.installments = installments
            self.feesBasisPoints = feesBasisPoints; self.delayDays = delayDays; self.depositPercentage = depositPercentage
        }
    }

    /// Why no schedule: the field and the message.
    public struct Problem: Error, Sendable, Equatable {
        public var field: String
        public var message: String
    }

    /// The most installments Pledg's 12-month cap can hold, and Pledg's largest amount.
    public static let maxInstallments = 12
    public static let maxAmount: Int64 = 1_000_000
    /// Seed 003: "the funding duration cannot exceed 12 months".
    static let fundingCapMonths = 12

    public var shares: [Share]

    /// The purchase amount: the shares' amounts without fees.
    public var amount: Int64 { shares.reduce(0) { $0 + $1.amount } }
    /// All fees.
    public var totalFees: Int64 { shares.reduce(0) { $0 + $1.fees } }
    /// What the buyer pays in all: the amount and the fees.
    public var total: Int64 { amount + totalFees }

    /// The schedule for `request`, or the first field that makes it impossible.
    public init(_ request: Request) throws(Problem) {
        // Bounded inputs keep every product below Int64's range: 1,000,000 × 10,000.
        guard (1...Self.maxAmount).contains(request.amount) else {
            throw Problem(field: "amount", message: "must be between 1 and \(Self.maxAmount) minor units")
        }
        guard (0...10_000).contains(request.feesBasisPoints) else { throw Problem(field: "fees_percent", message: "must be between 0 and 100") }
        let fees = Self.fees(request.amount, basisPoints: request.feesBasisPoints)
        switch request.paymentType {
        case .installment:
            shares = try Self.installments(request, fees: fees)
        case .deferred:
            guard (1...365).contains(request.delayDays), let due = request.created.addingDays(request.delayDays) else {
                throw Problem(field: "payment_type", message: "the deferred account's delay must be 1 to 365 days")
            }
            shares = [Share(amount: request.amount, fees: fees, dueDate: due)]
        case .downPayment:
            guard (1...99).contains(request.depositPercentage), (1...365).contains(request.delayDays),
                  let due = request.created.addingDays(request.delayDays) else {
                throw Problem(field: "payment_type", message: "the down payment account needs a deposit of 1 to 99 % and a delay of 1 to 365 days")
            }
            let deposit = request.amount * Int64(request.depositPercentage) / 100
            shares = [Share(amount: deposit, fees: 0, dueDate: request.created),
                      Share(amount: request.amount - deposit, fees: 0, dueDate: due)]
        case .split, .redirection:
            throw Problem(field: "payment_type", message: "must be installment, deferred or down_payment: \(request.paymentType.rawValue) has no schedule")
        }
    }

    private static func installments(_ request: Request, fees: Int64) throws(Problem) -> [Share] {
        let count = request.installments
        guard (2...maxInstallments).contains(count) else { throw Problem(field: "installments", message: "must be between 2 and \(maxInstallments)") }
        guard request.amount >= Int64(count) else { throw Problem(field: "amount", message: "must be at least one minor unit per installment") }
        let share = request.amount / Int64(count)
        let remainder = request.amount - share * Int64(count)
        // Seed 003: a second date before the creation is not considered. Without one, the
        // shares fall on the creation's day of each month (the 31st clamped per month).
        let delayed = request.secondInstallmentDate.flatMap { $0 < request.created ? nil : $0 }
        let anchor = delayed ?? request.created
        let firstOffset = delayed == nil ? 1 : 0
        guard let second = anchor.addingMonths(firstOffset), let cap = request.created.addingMonths(fundingCapMonths) else {
            throw Problem(field: "created", message: "is out of range")
        }
        guard second <= cap else {
            throw Problem(field: "second_installment_date", message: "must be within 12 months of created")
        }
        var shares = [Share(amount: share + remainder, fees: fees, dueDate: request.created)]
        for index in 0..<(count - 1) {
            guard let due = anchor.addingMonths(index + firstOffset) else { throw Problem(field: "second_installment_date", message: "is out of range") }
            if due > cap {
                // Seed 003: the exceeding installments are aggregated into one (the last within the cap).
                shares[shares.count - 1].amount += share
            } else {
                shares.append(Share(amount: share, fees: 0, dueDate: due))
            }
        }
        return shares
    }

    /// `amount × basisPoints / 10,000`, rounded half up.
    static func fees(_ amount: Int64, basisPoints: Int) -> Int64 {
        (amount * Int64(basisPoints) + 5_000) / 10_000
    }
}
