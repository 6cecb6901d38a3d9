import FoundationEssentials
import Payments

extension PledgProvider {
    /// One option per enabled account (payment type), checked by the same rules as a
    /// checkout (`PledgPluginSettings`); an eligible installment, deferred or down payment
    /// option carries its schedule from today (UTC) by the account's parameters (`PledgSchedule`).
    public func paymentOptions(for request: ProviderCheckoutRequest) -> [PaymentOption] {
        PledgPaymentType.allCases.compactMap { type in
            guard let account = configuration.accounts[type] else { return nil }
            let reasons = validate(request, method: type.rawValue)
            let schedule = reasons.isEmpty ? preview(request.order.amount.minorUnits, account: account) : nil
            return PaymentOption(method: type.rawValue, reasons: reasons, schedule: schedule)
        }
    }

    /// The account's schedule for `amount` created today, or nil when its type has none
    /// (split, redirection) or its parameters give none.
    func preview(_ amount: Int64, account: PledgAccount) -> [ScheduledPayment]? {
        guard [.installment, .deferred, .downPayment].contains(account.paymentType),
              let today = PledgDate.civil(fromDays: Int((configuration.now().timeIntervalSince1970 / 86_400).rounded(.down))) else { return nil }
        let request = PledgSchedule.Request(
            amount: amount, paymentType: account.paymentType, created: today, installments: account.installments,
            feesBasisPoints: account.feesBasisPoints, delayDays: account.delayDays, depositPercentage: account.depositPercentage)
        guard let schedule = try? PledgSchedule(request) else { return nil }
        return schedule.shares.map { ScheduledPayment(dueDate: $0.dueDate.description, amount: $0.amount, fees: $0.fees) }
    }
}
