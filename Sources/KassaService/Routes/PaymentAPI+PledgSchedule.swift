import FoundationEssentials
import HTTP
import JSON
import Payments
import Providers

extension PaymentAPI {
    /// `POST /v1/pledg/schedule {amount, currency, payment_type, created, second_installment_date?,
    /// installments?, fees_percent?}`: the payment schedule computed locally by seed 003's rules
    /// (`PledgSchedule`), with the account's parameters as defaults. Answers
    /// `{shares: [{amount, fees, due_date}], total, total_fees}`; every refusal is a 422 naming its field.
    func pledgSchedule(_ request: Request, provider: PledgProvider?) async -> Response {
        await answering {
            guard let provider else { throw APIProblem.notFound("pledg is not configured") }
            let body = JSONCursor(try parseJSONBody(request))
            var errors = FieldErrors()
            let amount = errors.check { () throws(JSONFieldError) in try body["amount"].int64() }
            let currency = errors.check { () throws(JSONFieldError) in try body["currency"].string() }
            if let currency { errors.require(["EUR", "GBP", "CZK", "NZD"].contains(currency), body["currency"], "must be EUR, GBP, CZK or NZD") }
            let typeName = errors.check { () throws(JSONFieldError) in try body["payment_type"].string() }
            let type = typeName.flatMap(PledgPaymentType.init(rawValue:))
            let account = type.flatMap { provider.configuration.accounts[$0] }
            if typeName != nil {
                errors.require(account != nil, body["payment_type"], "must be an enabled Pledg payment type with a schedule: installment, deferred or down_payment")
            }
            let created = date(body["created"], required: true, errors: &errors)
            let second = date(body["second_installment_date"], required: false, errors: &errors)
            let installments = errors.check { () throws(JSONFieldError) in try body["installments"].optionalInt64() } ?? nil
            if let installments { errors.require((2...Int64(PledgSchedule.maxInstallments)).contains(installments), body["installments"], "must be between 2 and 12") }
            let fees = feesBasisPoints(body["fees_percent"], errors: &errors)
            guard errors.isEmpty, let amount, let account, let created else { throw APIProblem.validation(errors.all) }
            let scheduleRequest = PledgSchedule.Request(
                amount: amount, paymentType: account.paymentType, created: created, secondInstallmentDate: second,
                installments: installments.map { Int($0) } ?? account.installments, feesBasisPoints: fees ?? account.feesBasisPoints,
                delayDays: account.delayDays, depositPercentage: account.depositPercentage)
            let schedule: PledgSchedule
            do throws(PledgSchedule.Problem) {
                schedule = try PledgSchedule(scheduleRequest)
            } catch {
                throw APIProblem.validation([body[error.field].error(error.message)])
            }
            let shares: [JSONValue] = schedule.shares.map {
                ["amount": .number(JSONNumber($0.amount)), "fees": .number(JSONNumber($0.fees)), "due_date": .string($0.dueDate.description)]
            }
            return .json(200, ["shares": .array(shares), "total": .number(JSONNumber(schedule.total)),
                               "total_fees": .number(JSONNumber(schedule.totalFees)), "currency": .string(currency ?? "EUR"),
                               "payment_type": .string(account.paymentType.rawValue)])
        }
    }

    private func date(_ cursor: JSONCursor, required: Bool, errors: inout FieldErrors) -> PledgDate? {
        guard required || !cursor.isAbsent else { return nil }
        guard let text = errors.check({ () throws(JSONFieldError) in try cursor.string() }) else { return nil }
        guard let date = PledgDate(text) else {
            errors.add(cursor.error("must be a date YYYY-MM-DD"))
            return nil
        }
        return date
    }

    /// `fees_percent`: a number from 0 to 100 with at most two decimals, as hundredths of a percent.
    private func feesBasisPoints(_ cursor: JSONCursor, errors: inout FieldErrors) -> Int? {
        guard !cursor.isAbsent else { return nil }
        // Any JSON spelling of the number (1.5, 1.50, 15e-1): hundredths of a percent, exactly.
        let hundredths = (cursor.value?.numberValue?.double).map { $0 * 100 }
        guard let hundredths, hundredths.isFinite, abs(hundredths - hundredths.rounded()) < 1e-6,
              (0...10_000).contains(hundredths.rounded()) else {
            errors.add(cursor.error("must be a number from 0 to 100 with at most two decimals"))
            return nil
        }
        return Int(hundredths.rounded())
    }
}
