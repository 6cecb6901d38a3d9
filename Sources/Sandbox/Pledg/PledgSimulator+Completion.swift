import FoundationEssentials
import JSON

extension PledgSimulator {
    /// Seed 003's `bad_gateway` ("The PSP of the merchant failed (back mode only)"): the
    /// merchant's PSP answered, so the standard notification reports the `failed` transaction.
    func failOnMerchantPSP(_ purchase: inout Purchase, now: Date) throws(PledgError) -> [PledgNotification] {
        guard purchase.account.mode == .back else { throw .conflict("bad_gateway only happens in back mode") }
        purchase.virtualCard = VirtualCard(created: CalendarDay(now))
        let id = "tr_" + RandomIdentifier.make(24, from: RandomIdentifier.lowerAlphanumeric)
        purchase.transactionID = id
        guard let url = purchase.settings.paymentNotificationURL else { return [] }
        return [.standard(purchase, url: url, transactionID: id, status: "failed", error: "card.declined", at: now)]
    }

    /// A completed purchase by the account's mode (seed 003): front gets a virtual card,
    /// back a charged one with the PSP's transaction id, transfer nothing but the notice;
    /// answers the notifications to send, after the store's lock.
    func complete(_ purchase: inout Purchase, now: Date) -> [PledgNotification] {
        var sent: [PledgNotification] = []
        let url = purchase.settings.paymentNotificationURL
        switch purchase.account.mode {
        case .front:
            let card = VirtualCard(created: CalendarDay(now))
            purchase.virtualCard = card
            if let url { sent.append(.virtualCard(purchase, card, url: url, at: now)) }
        case .back:
            // Pledg charged a virtual card on the merchant's PSP; `id` is that PSP's id.
            purchase.virtualCard = VirtualCard(created: CalendarDay(now))
            let id = "tr_" + RandomIdentifier.make(24, from: RandomIdentifier.lowerAlphanumeric)
            purchase.transactionID = id
            if let url { sent.append(.standard(purchase, url: url, transactionID: id, status: "completed", error: "", at: now)) }
        case .transfer:
            if let url { sent.append(.transfer(purchase, url: url, at: now)) }
        }
        // The leader pays alone here, so the split purchase ends at once (seed 003: "when all
        // co-buyers have paid their share").
        if purchase.account.paymentType == .split, let endURL = purchase.account.purchaseEndNotificationURL ?? url {
            sent.append(.purchaseEnd(purchase, url: endURL))
        }
        return sent
    }

    /// `onSuccess`'s argument (seed 003, "Result" of each mode). In front mode the card goes
    /// to the front only when no notification carried it ("it is not sent to the front, which
    /// receives only an empty dictionary").
    func pluginResult(_ purchase: Purchase, now: Date) -> JSONValue {
        let reference: JSONValue = .object(purchase.resultObject)
        switch purchase.account.mode {
        case .front:
            guard purchase.settings.paymentNotificationURL == nil, let card = purchase.virtualCard else { return .object([:]) }
            return .object([
                "card_number": .string(card.number), "cvc": .string(card.cvc),
                "expiry_month": .string(CalendarDay.pad(card.expiryMonth, 2)), "expiry_year": .string(String(card.expiryYear)),
                "purchase": reference,
            ])
        case .back:
            return .object([
                "transaction": .object([
                    "created_at": .string(PledgTimestamp.transaction(now)), "error": .null,
                    "id": .string(purchase.transactionID ?? ""), "sandbox": .bool(true), "status": "completed",
                ]),
                "purchase": reference,
            ])
        case .transfer:
            return .object(["purchase": reference])
        }
    }
}
