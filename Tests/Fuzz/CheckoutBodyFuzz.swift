// libFuzzer target `checkout` (scripts/fuzz): a `POST /v1/checkouts` body through the API's
// validation and on into the secuconnect adapter's request encoding, the way
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
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    let parsed: CheckoutRequest
    do {
        parsed = try CheckoutRequest.parse(try parseJSONBody(body), providers: ["secuconnect"], maxAmount: maxAmount)
    } catch {
        fuzzCheck((400..<500).contains(error.status), "answered \(error.status) \(error.code)")
        fuzzCheck(error.status != 422 || !error.fieldErrors.isEmpty, "a 422 without the fields at fault")
        _ = error.response
        return 0
    }
    let id = "chk_fuzz"
    let returnBase = "http://127.0.0.1:25000/v1/return/secuconnect/\(id)?outcome="
    let request = ProviderCheckoutRequest(
        checkoutID: CheckoutID(id), method: parsed.method, order: parsed.order, customer: parsed.customer,
        returnURLs: .init(success: returnBase + "success", failure: returnBase + "error", cancel: returnBase + "abort"),
        notificationURL: "http://127.0.0.1:25000/v1/webhooks/secuconnect?checkout=\(id)", locale: parsed.locale)
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
    return 0
}
