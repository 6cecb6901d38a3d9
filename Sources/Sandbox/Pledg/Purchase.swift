import FoundationEssentials
import JSON

/// One Pledg purchase (`pur_…`): the settings it was opened with, its account, its schedule,
/// and what happened to it.
struct Purchase: Sendable {
    /// `pur_` + a UUID, as seed 003's results show (`pur_c9299823-810e-4e8b-a7c3-bde856e6840c`).
    let uid: String
    let account: PledgSimulator.Account
    let settings: PurchaseSettings
    let schedule: PaymentSchedule
    let created: Date
    var machine = StateMachine()
    /// The virtual card (front and back modes), once completed.
    var virtualCard: VirtualCard?
    /// The PSP transaction id of the standard notification (back mode), once completed.
    var transactionID: String?
    /// Whether the merchant debited the virtual card (the sandbox's `…/debit` control).
    var isCardDebited = false

    init(account: PledgSimulator.Account, settings: PurchaseSettings, schedule: PaymentSchedule, created: Date) {
        uid = "pur_" + UUID().uuidString.lowercased()
        self.account = account
        self.settings = settings
        self.schedule = schedule
        self.created = created
    }

    /// `{meta_data, reference, uid}`, as every result of seed 003 carries it.
    var resultObject: JSONObject {
        ["meta_data": settings.metadata, "reference": .string(settings.reference), "uid": .string(uid)]
    }
}

/// A virtual card Pledg generated for a purchase (seed 003, "Front mode" notification).
struct VirtualCard: Sendable, Equatable {
    /// `vcar_` + a UUID.
    let uid: String
    let number: String
    let cvc: String
    let expiryMonth: Int
    let expiryYear: Int

    /// A new card with Arkea's BIN 513218 (seed 003, "3DS"), a valid Luhn digit, and an
    /// expiry at the end of the month a year after `created`.
    init(created: CalendarDay) {
        uid = "vcar_" + UUID().uuidString.lowercased()
        let body = "513218" + RandomIdentifier.make(9, from: RandomIdentifier.digits)
        let digits = body.compactMap(\.wholeNumberValue)
        number = body + String(Self.luhnCheckDigit(digits))
        cvc = RandomIdentifier.make(3, from: RandomIdentifier.digits)
        let expiry = created.adding(months: 12)
        expiryMonth = expiry.month
        expiryYear = expiry.year
    }

    /// The digit that makes `digits` + it pass the Luhn check (ISO/IEC 7812-1).
    static func luhnCheckDigit(_ digits: [Int]) -> Int {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let doubled = offset % 2 == 0 ? digit * 2 : digit
            sum += doubled > 9 ? doubled - 9 : doubled
        }
        return (10 - sum % 10) % 10
    }

    /// `30-06-2020`: the last day of the expiry month (seed 003's `expiration_date`).
    var expirationDate: String {
        CalendarDay(year: expiryYear, month: expiryMonth, day: CalendarDay.length(ofMonth: expiryMonth, in: expiryYear)).dayFirst
    }
}

extension RandomIdentifier {
    /// Decimal digits, for card numbers and CVCs.
    static let digits = Array("0123456789".utf8)
}
