// libFuzzer target `checkout` (scripts/fuzz): a `POST /v1/checkouts` body through the API's
// validation (and `POST /v1/payment-options`', which reads the same order and customer) and on into the secuconnect adapter's request encoding, the way
// PaymentAPI+Checkouts.swift drives them (scripts/fuzz compiles this file into one module with
// Sources/KassaService/API, whose types are internal). Whatever the body, the answer is a 4xx
// problem (a 422 names its fields), or a request the adapter encodes: the adapter may only
// refuse what the service cannot know (a secuconnect payment `method`), and the encoded body
// must parse back and carry the order's amount as `basket_info.sum`.
import JSON
import Payments
import Providers

// `checkout.max_amount`'s upper bound (ConfigurationSchema), so the fuzzer may reach any amount.
private let maxAmount: Int64 = 1_000_000_000_000
private let configuration = SecuconnectProvider.Configuration(
    baseURL: "http://127.0.0.1:9/secuconnect", clientID: "fuzz", clientSecret: "fuzz", contractID: "GCR_FUZZ")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckoutBody(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    // No JSON text starts with NUL: such an input is a basket in records instead (below).
    let body = input.first == 0 ? basketBody(input.dropFirst()) : input
    let document: JSONValue
    do {
        document = try parseJSONBody(body, contentType: "application/json")
    } catch {
        checkRefusal(error)
        return 0
    }
    // POST /v1/payment-options reads the same order and customer with the same code: a 4xx or
    // its request, and never a refusal of a body POST /v1/checkouts accepts.
    var options: PaymentOptionsRequest?
    do {
        options = try PaymentOptionsRequest.parse(document, maxAmount: maxAmount)
    } catch {
        checkRefusal(error)
    }
    let parsed: CheckoutRequest
    do {
        parsed = try CheckoutRequest.parse(document, providers: ["secuconnect"], maxAmount: maxAmount)
    } catch {
        checkRefusal(error)
        return 0
    }
    guard let options else { fuzzFailure("payment options refused a body the checkout accepted") }
    fuzzCheck(options.order.amount == parsed.order.amount && options.order.items.count == parsed.order.items.count
              && options.order.reference == parsed.order.reference, "payment options read another order than the checkout")
    // The basket adds up to the amount in true arithmetic, not modulo 2^64 (issue 12, finding 1).
    if !parsed.order.items.isEmpty {
        var sum: Int64 = 0
        for line in parsed.order.items {
            let (total, overflow) = Int64(line.quantity).multipliedReportingOverflow(by: line.unitAmount)
            let (next, overflowSum) = sum.addingReportingOverflow(line.kind == .coupon ? -total : total)
            fuzzCheck(!overflow && !overflowSum, "validation accepted a basket whose total overflows Int64")
            sum = next
        }
        fuzzCheck(sum == parsed.order.amount.minorUnits, "validation accepted a basket of \(sum) for the amount \(parsed.order.amount.minorUnits)")
    }
    let id = "chk_fuzz"
    let returnBase = "http://127.0.0.1:25000/v1/return/secuconnect/\(id)?outcome="
    let request = ProviderCheckoutRequest(
        checkoutID: CheckoutID(id), method: parsed.method, order: parsed.order, customer: parsed.customer,
        returnURLs: .init(success: returnBase + "success", failure: returnBase + "error", cancel: returnBase + "abort"),
        notificationURL: "http://127.0.0.1:25000/v1/webhooks/secuconnect?checkout=\(id)", locale: parsed.locale,
        captureMethod: parsed.captureMethod)
    // Metadata within Stripe's bounds (issue 13): it is stored per checkout and shown in every event.
    fuzzCheck(parsed.metadata.count <= 50, "validation accepted \(parsed.metadata.count) metadata keys")
    for (key, value) in parsed.metadata {
        fuzzCheck(!key.isEmpty && key.unicodeScalars.count <= 40 && value.unicodeScalars.count <= 500, "validation accepted oversized metadata")
    }
    let encoded: JSONValue
    do {
        encoded = try SecuconnectProvider.makeSmartTransactionBody(request, configuration: configuration)
    } catch {
        fuzzCheck(error.isInvalidRequest && error.field == "method", "validation passed but the adapter refused: \(error)")
        return 0
    }
    let text = encoded.serialized()
    guard let again = try? JSONValue.parse(text) else { fuzzFailure("the Smart Transaction body does not parse") }
    fuzzCheck(again["basket_info"]?["sum"]?.int64Value == parsed.order.amount.minorUnits, "basket_info.sum is not the amount")
    // Each tax rate reaches secuconnect as the exact decimal (no float on the way), 0 to 100.
    for (index, line) in parsed.order.items.enumerated() {
        let sent = again["basket"]?["products"]?[index]?["tax"]
        fuzzCheck(sent.flatMap { if case .number(let n) = $0 { n.literal } else { nil } } == line.taxRate.description,
                  "tax of line \(index) is not \(line.taxRate)")
        fuzzCheck((0...10_000).contains(line.taxRate.hundredths), "a tax rate outside 0 to 100 %")
    }
    if let method = parsed.captureMethod {
        fuzzCheck(again["payment_context"]?["auto_capture"]?.boolValue == (method == .automatic), "auto_capture is not the capture_method")
    }
    return 0
}

/// A refusal is a 4xx problem, and a 422 names the fields at fault.
private func checkRefusal(_ error: APIProblem) {
    fuzzCheck((400..<500).contains(error.status), "answered \(error.status) \(error.code)")
    fuzzCheck(error.status != 422 || !error.fieldErrors.isEmpty, "a 422 without the fields at fault")
    _ = error.response
}

/// A checkout body whose basket comes from records, so that the fuzzer can vary hundreds of
/// lines' numbers without writing their JSON: 8 bytes of amount (Int64, little-endian), then per
/// line 1 byte of type, 3 of quantity and 5 of unit amount, each reduced into its valid range
/// (quantity 1…100000, unit 0…10^12), so that validation gets as far as the basket total.
/// Bytes past the 256th line are ignored.
private func basketBody(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    func number(_ slice: ArraySlice<UInt8>) -> UInt64 {
        slice.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
    let amount = Int64(bitPattern: number(bytes.prefix(8)))
    var items: [JSONValue] = []
    var offset = bytes.startIndex + 8
    // 256 lines at most: enough to wrap 2^64 (185 lines of 10^17), few enough to stay fast.
    while offset + 9 <= bytes.endIndex, items.count < 256 {
        let kind = ["article", "shipping", "coupon"][Int(bytes[offset]) % 3]
        let quantity = number(bytes[(offset + 1)..<(offset + 4)]) % 100_000 + 1
        let unit = number(bytes[(offset + 4)..<(offset + 9)]) % 1_000_000_000_001
        items.append(["reference": "r", "name": "n", "type": .string(kind),
                      "quantity": .number(JSONNumber(quantity)), "unit_amount": .number(JSONNumber(unit))])
        offset += 9
    }
    let urls: JSONValue = ["success": "https://shop.example/ok", "failure": "https://shop.example/no", "cancel": "https://shop.example/x"]
    let order: JSONValue = ["reference": "basket", "amount": .number(JSONNumber(amount)), "currency": "EUR", "items": .array(items)]
    return JSONValue.object(["provider": "secuconnect", "order": order, "return_urls": urls]).serialized()
}
