import Payments

/// `GET /openapi.json`: the API as OpenAPI 3.1, hand-written next to the routes
/// (`ServiceRoutes`); a test checks that every route appears in it and that it parses, and
/// `scripts/contract-test` runs schemathesis against it. Keep it in step with the handlers in
/// `Routes/`, the validation in `API/` and the shapes in `Representations.swift`: every status an
/// operation can answer is listed, and the schemas hold exactly the rules the code enforces.
/// Rendered once per service, with its enabled providers and `checkout.max_amount`.
enum OpenAPIDocument {
    /// The document for a service with these providers and maximum amount.
    static func render(providers: [ProviderID: ProviderCapabilities], maxAmount: Int64) -> [UInt8] {
        Array(text(providers: providers, maxAmount: maxAmount).utf8)
    }

    static func text(providers: [ProviderID: ProviderCapabilities], maxAmount: Int64) -> String {
        let components = components(providers: providers.keys.map(\.rawValue).sorted(), methods: methods(of: providers),
                                    currencies: Currency.knownCodes, maxAmount: maxAmount)
        return #"""
        {
          "openapi": "3.1.0",
          "info": {"title": "Kassa", "version": "1",
                   "description": "Merchant-side payment backend. Amounts are integers in the currency's minor unit. Every error is application/problem+json (RFC 9457) with a code. An optional member sent as null is treated as absent; unknown members are ignored. Every response carries X-Request-Id (echoed when the client sent a sane one). Every /v1/ route may answer 429 with Retry-After."},
          "components": \#(components),
          "security": [{"apiKey": []}],
          "paths": {
            "/healthz": {"get": {"operationId": "health", "summary": "Liveness", "security": [],
                                 "responses": {"200": \#(json("{\\\"status\\\":\\\"ok\\\"}"))}}},
            "/readyz": {"get": {"operationId": "readiness", "summary": "Readiness: the database answers and every migration is applied", "security": [],
                                "responses": {"200": \#(json("ready, with schema_version")), "503": \#(ref("Unavailable"))}}},
            "/metrics": {"get": {"operationId": "metrics", "security": [],
                                 "summary": "Prometheus text format: requests by route and status, latency histogram, provider calls by provider/operation/outcome with latency, checkouts by status reached, outbox backlog, simulator time",
                                 "responses": {"200": {"description": "Prometheus text format 0.0.4", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
            "/openapi.json": {"get": {"operationId": "openAPI", "summary": "This document", "security": [],
                                      "responses": {"200": \#(json("OpenAPI 3.1"))}}},
            "/v1/checkouts": {"get": {
              "operationId": "listCheckouts", "summary": "List checkouts, newest first, with cursor pagination",
              "parameters": [{"name": "order_reference", "in": "query", "schema": {"$ref": "#/components/schemas/OrderReference"}},
                             {"name": "status", "in": "query", "schema": {"$ref": "#/components/schemas/Status"}},
                             {"name": "provider", "in": "query", "schema": {"type": "string", "pattern": "^[a-z0-9_-]{1,32}$"}},
                             {"name": "created_after", "in": "query", "schema": {"type": "string", "format": "date-time"}},
                             {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}},
                             {"name": "starting_after", "in": "query", "schema": {"type": "string", "pattern": "^chk_"},
                              "description": "the last id of the previous page (422 when no such checkout)"}],
              "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {"type": "object", "required": ["object", "data", "has_more"],
                              "properties": {"object": {"const": "list"}, "data": {"type": "array", "items": {"$ref": "#/components/schemas/Checkout"}},
                                             "has_more": {"type": "boolean"}}}}}},
                            \#(problems(401, 422, 429, 503))}},
              "post": {
              "operationId": "createCheckout", "summary": "Start a payment with one provider",
              "parameters": [{"name": "Idempotency-Key", "in": "header", "required": false,
                              "schema": {"type": "string", "pattern": "^[ \t]*[!-~]([ -~]{0,253}[!-~])?[ \t]*$"},
                              "description": "1 to 255 printable ASCII characters (400 otherwise; spaces around a header value are not part of it, RFC 9110 §5.5), scoped to the API key; a replay returns the identical status and body (header Idempotent-Replayed: true); the same key with another body is 422 idempotency_key_reused; keys live 24 h"},
                             {"$ref": "#/components/parameters/RequestID"}],
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckoutRequest"},
                              "example": \#(checkoutExample(provider: providers.keys.map(\.rawValue).min() ?? ""))}}},
              "responses": {"201": {"description": "The checkout, started at the provider",
                                    "headers": {"Location": {"schema": {"type": "string"}}, "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Checkout"}}}, "links": \#(checkoutLinks)},
                            "202": {"description": "The provider call ended without an answer: needs_sync is true; refresh later",
                                    "headers": {"Location": {"schema": {"type": "string"}}},
                                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Checkout"}}}, "links": \#(checkoutLinks)},
                            \#(problems(400, 401, 409, 413, 415, 422, 429, 502, 503))}}},
            "/v1/checkouts/{id}": {"get": {"operationId": "getCheckout", "summary": "One checkout with its history",
              "parameters": [{"$ref": "#/components/parameters/CheckoutID"}],
              "responses": {"200": \#(ref("Checkout")), \#(problems(400, 401, 404, 429, 503))}}},
            "/v1/checkouts/{id}/refresh": {"post": {"operationId": "refreshCheckout", "summary": "Ask the provider now and apply its answer",
              "description": "what the shop calls when a widget (next_action widget) reports back through its successHandler or errorHandler: the callback proves nothing, the provider's status does",
              "parameters": [{"$ref": "#/components/parameters/CheckoutID"}],
              "responses": {"200": \#(ref("Checkout")), \#(problems(400, 401, 404, 413, 422, 429, 502, 503, 504))}}},
            "/v1/checkouts/{id}/simulate": {"post": {"operationId": "simulateCheckout", "summary": "Sandbox mode only (404 in live mode): play the buyer on the checkout's provider simulator",
              "description": "The test helper: the simulator's own page, widget, form or funnel plays the outcome, and Kassa learns the result as in production (notification, return, poll). Outcomes: secuconnect approve, decline, abort; smartpay authorize, capture, decline, pending_then_capture, pending_forever; smartcredit accept, pre_accept_then_accept, pre_accept, reject, abort; pledg complete, refuse, not_eligible, cancel. An outcome the provider cannot play is a 422 listing the ones it can; a payment the simulator cannot play on (finished, unknown to it) is a 409.",
              "parameters": [{"$ref": "#/components/parameters/CheckoutID"}],
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["outcome"],
                  "properties": {"outcome": {"type": "string", "minLength": 1, "maxLength": 64}}}, "example": {"outcome": "approve"}}}},
              "responses": {"202": {"description": "The outcome was played; read the checkout or wait for its event",
                                    "content": {"application/json": {"schema": {"type": "object", "required": ["checkout_id", "provider", "outcome"],
                                        "properties": {"checkout_id": {"type": "string"}, "provider": {"type": "string"}, "outcome": {"type": "string"}}}}}},
                            \#(problems(400, 401, 404, 409, 413, 415, 422, 429, 503))}}},
            "/v1/checkouts/{id}/capture": {"post": {"operationId": "captureCheckout", "summary": "Capture an authorized payment (all of it without amount)",
              "parameters": [{"$ref": "#/components/parameters/CheckoutID"}, {"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string", "pattern": "^[ \t]*[!-~]([ -~]{0,253}[!-~])?[ \t]*$"}, "description": "as on POST /v1/checkouts; the key becomes the operation's id, and an answer with an unknown outcome (202) is not kept, so a retry reaches the provider again with the same id"}],
              "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AmountRequest"},
                                                                                  "example": {"amount": 4485}}}},
              "responses": {"200": \#(ref("Checkout")), "202": \#(ref("CheckoutNeedsSync")),
                            \#(problems(400, 401, 404, 409, 413, 415, 422, 429, 502, 503))}}},
            "/v1/checkouts/{id}/cancel": {"post": {"operationId": "cancelCheckout", "summary": "Cancel a payment that is not captured yet",
              "parameters": [{"$ref": "#/components/parameters/CheckoutID"}, {"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string", "pattern": "^[ \t]*[!-~]([ -~]{0,253}[!-~])?[ \t]*$"}, "description": "as on POST /v1/checkouts; the key becomes the operation's id, and an answer with an unknown outcome (202) is not kept, so a retry reaches the provider again with the same id"}],
              "responses": {"200": \#(ref("Checkout")), "202": \#(ref("CheckoutNeedsSync")),
                            \#(problems(400, 401, 404, 409, 413, 422, 429, 502, 503))}}},
            "/v1/checkouts/{id}/refunds": {"post": {"operationId": "refundCheckout", "summary": "Refund a captured payment (the rest without amount)",
              "parameters": [{"$ref": "#/components/parameters/CheckoutID"}, {"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string", "pattern": "^[ \t]*[!-~]([ -~]{0,253}[!-~])?[ \t]*$"}, "description": "as on POST /v1/checkouts; the key becomes the operation's id, and an answer with an unknown outcome (202) is not kept, so a retry reaches the provider again with the same id"}],
              "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RefundRequest"},
                                                                                  "example": {"amount": 1595, "reason": "Returned: 1 ball pen"}}}},
              "responses": {"200": {"description": "The refund, with the checkout afterwards", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refund"}}}},
                            "202": {"description": "The provider call ended without an answer: status unknown, the checkout needs_sync; retry with the same Idempotency-Key", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refund"}}}},
                            \#(problems(400, 401, 404, 409, 413, 415, 422, 429, 502, 503))}}},
            "/v1/orders/{reference}": {"get": {"operationId": "getOrder", "summary": "The shop's order: aggregate status and every attempt",
              "parameters": [{"name": "reference", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/OrderReference"}}],
              "responses": {"200": {"description": "The order", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}},
                            \#(problems(400, 401, 404, 429, 503))}}},
            "/v1/events": {"get": {"operationId": "listEvents", "summary": "The shop's event log (the published types: creations, status changes, needs_sync, duplicate payments, provider notices), oldest first",
              "parameters": [{"name": "after", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 9223372036854775807, "default": 0}},
                             {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
                             {"name": "checkout_id", "in": "query", "schema": {"type": "string"}},
                             {"name": "order_reference", "in": "query", "schema": {"type": "string"}},
                             {"name": "type", "in": "query", "schema": {"type": "string", "enum": \#(jsonList(EventType.published))}}],
              "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {"type": "object", "required": ["events", "next_after"],
                              "properties": {"events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}, "next_after": {"type": "integer"}}}}}},
                            \#(problems(401, 422, 429, 503))}}},
            "/v1/events/{id}/redeliver": {"post": {"operationId": "redeliverEvent",
              "summary": "Queues an event for delivery to shop.webhook_url again, due now, with a fresh back-off schedule (also a dead one)",
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
              "responses": {"202": {"description": "Queued", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "status"],
                                    "properties": {"id": {"type": "string"}, "status": {"const": "queued"}}}}}},
                            \#(problems(400, 401, 404, 409, 413, 429, 503))}}},
            "/v1/events/{id}/deliveries": {"get": {"operationId": "listEventDeliveries",
              "summary": "Every attempt to deliver an event to shop.webhook_url, oldest first: time, HTTP status, duration, error",
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
              "responses": {"200": {"description": "The attempts", "content": {"application/json": {"schema": {"type": "object",
                                    "required": ["object", "event_id", "data"],
                                    "properties": {"object": {"const": "list"}, "event_id": {"type": "string"},
                                      "data": {"type": "array", "items": {"type": "object", "required": ["attempted_at", "http_status", "duration_ms", "error"],
                                        "properties": {"attempted_at": {"type": "string", "format": "date-time"},
                                          "http_status": {"type": ["integer", "null"]}, "duration_ms": {"type": "integer", "minimum": 0},
                                          "error": {"type": ["string", "null"]}}}}}}}}},
                            \#(problems(400, 401, 404, 429, 503))}}},
            "/v1/return/{provider}/{id}": {"get": {"operationId": "returnFromProvider", "security": [],
              "summary": "The buyer's return from the provider's page: re-reads the payment, then 303 to the shop's return URL with ?checkout_id=&status=",
              "parameters": [{"name": "provider", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/Provider"}},
                             {"$ref": "#/components/parameters/CheckoutID"},
                             {"name": "outcome", "in": "query", "required": true, "schema": {"type": "string", "enum": ["success", "error", "abort"]}}],
              "responses": {"303": {"description": "To the shop's success, failure or cancel URL", "headers": {"Location": {"required": true, "schema": {"type": "string"}}}},
                            \#(problems(400, 404, 409, 422, 429, 503))}}},
            "/pay/{id}": {"get": {"operationId": "hostedPage", "security": [],
              "summary": "The page a provider made for the buyer (SmartCredit FranFinance journey), where next_action redirect sends them while the checkout is created or pending; served with a Content-Security-Policy derived from the page",
              "parameters": [{"$ref": "#/components/parameters/CheckoutID"}],
              "responses": {"200": {"description": "The provider's page", "content": {"text/html": {"schema": {"type": "string"}}}},
                            \#(problems(400, 404, 409, 503))}}},
            "/v1/webhooks/{provider}": {"post": {"operationId": "receiveWebhook", "security": [],
              "summary": "Provider notifications, read by the provider's intake: stored masked before the answer; a verified status is applied, a hint (secuconnect: the checkout named by ?checkout=) re-reads the checkout; a rejected signature is 401",
              "parameters": [{"name": "provider", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/Provider"}},
                             {"name": "checkout", "in": "query", "required": false, "schema": {"type": "string"}}],
              "requestBody": {"required": false, "description": "any bytes up to 64 KiB (secuconnect sends JSON)", "content": {"application/json": {"schema": {}}}},
              "responses": {"200": {"description": "Stored", "content": {"application/json": {"schema": {"type": "object", "required": ["received"],
                                    "properties": {"received": {"const": true}}}}}},
                            \#(problems(400)), "401": \#(ref("InvalidSignature")), \#(problems(404, 413, 429, 503))}}},
            "/v1/payment-options": {"post": {"operationId": "paymentOptions",
              "summary": "Every enabled provider and method with whether POST /v1/checkouts would take this order and customer, and each reason when not (the provider's own checks: missing or invalid fields, country, currency, amount limits); Pledg schedules when eligible. Nothing is stored, no provider is called",
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PaymentOptionsRequest"},
                "example": {"order": {"amount": 4485, "currency": "EUR"}, "customer": {"email": "erika@example.com", "address": {"country": "DE"}}}}}},
              "responses": {"200": {"description": "The options", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PaymentOptions"}}}},
                            \#(problems(400, 401, 413, 415, 422, 429, 503))}}},
            "/v1/pledg/schedule": {"post": {"operationId": "pledgSchedule",
              "summary": "A Pledg payment schedule computed locally by seed 003's rules (equal shares, the remainder and the fees on the first, monthly after the second date, the 12-month cap); defaults from the payment type's account",
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
                "required": ["amount", "currency", "payment_type", "created"],
                "properties": {"amount": {"type": "integer", "minimum": 1, "maximum": 1000000},
                               "currency": {"type": "string", "enum": ["EUR", "GBP", "CZK", "NZD"]},
                               "payment_type": {"type": "string", "enum": ["installment", "deferred", "down_payment"]},
                               "created": {"type": "string", "format": "date"},
                               "second_installment_date": {"type": ["string", "null"], "format": "date"},
                               "installments": {"type": ["integer", "null"], "minimum": 2, "maximum": 12},
                               "fees_percent": {"type": ["number", "null"], "minimum": 0, "maximum": 100, "multipleOf": 0.01}}},
                "example": {"amount": 200, "currency": "EUR", "payment_type": "installment", "created": "2021-12-17", "installments": 3, "fees_percent": 1}}}},
              "responses": {"200": {"description": "The schedule", "content": {"application/json": {"schema": {"type": "object",
                                    "required": ["shares", "total", "total_fees", "currency", "payment_type"],
                                    "properties": {"shares": {"type": "array", "items": {"type": "object", "required": ["amount", "fees", "due_date"],
                                                     "properties": {"amount": {"type": "integer"}, "fees": {"type": "integer"}, "due_date": {"type": "string", "format": "date"}}}},
                                                   "total": {"type": "integer", "description": "the amount and the fees"},
                                                   "total_fees": {"type": "integer"}, "currency": {"type": "string"}, "payment_type": {"type": "string"}}}}}},
                            \#(problems(400, 401, 404, 413, 415, 422, 429, 503))}}}
          }
        }
        """#
    }

    // Every provider's methods when each names them (a provider that reads none takes any
    // string and ignores it); nil, any printable string, otherwise.
    private static func methods(of providers: [ProviderID: ProviderCapabilities]) -> [String]? {
        var all: Set<String> = []
        for capabilities in providers.values {
            guard let methods = capabilities.methods else { return nil }
            all.formUnion(methods)
        }
        return all.sorted()
    }

    // A checkout as a shop sends it, with seed 002's basket (2 × 1595 + 1795 − a 500 coupon =
    // 4485): the examples phase of the contract test sends it as is, so it passes every rule.
    private static func checkoutExample(provider: String) -> String {
        #"""
        {"provider": "\#(provider)", "order": {"reference": "order-1001", "amount": 4485, "currency": "EUR", "description": "Order 1001",
         "items": [{"reference": "8050", "name": "ACME ball pen Modern Line 8050", "quantity": 2, "unit_amount": 1595, "tax_rate": 19},
                   {"reference": "case", "name": "ACME pen case Modern Line", "quantity": 1, "unit_amount": 1795, "tax_rate": 19},
                   {"reference": "coupon", "name": "Coupon €5.00", "quantity": 1, "unit_amount": 500, "tax_rate": 19, "type": "coupon"}]},
         "customer": {"email": "max@example.com", "first_name": "Max", "last_name": "Mustermann",
                      "address": {"street": "Musterstr.", "street_number": "1", "postal_code": "10115", "city": "Berlin", "country": "DE"}},
         "return_urls": {"success": "https://shop.example/checkout/ok", "failure": "https://shop.example/checkout/failed",
                         "cancel": "https://shop.example/checkout/cancel"},
         "locale": "de-DE"}
        """#
    }

    // The stateful run follows these from a new checkout to every operation on it.
    private static let checkoutLinks = #"""
        {"GetCheckout": {"operationId": "getCheckout", "parameters": {"id": "$response.body#/id"}},
         "RefreshCheckout": {"operationId": "refreshCheckout", "parameters": {"id": "$response.body#/id"}},
         "CaptureCheckout": {"operationId": "captureCheckout", "parameters": {"id": "$response.body#/id"}},
         "CancelCheckout": {"operationId": "cancelCheckout", "parameters": {"id": "$response.body#/id"}},
         "RefundCheckout": {"operationId": "refundCheckout", "parameters": {"id": "$response.body#/id"}},
         "SimulateCheckout": {"operationId": "simulateCheckout", "parameters": {"id": "$response.body#/id"}},
         "GetOrder": {"operationId": "getOrder", "parameters": {"reference": "$response.body#/order_reference"}},
         "ReturnFromProvider": {"operationId": "returnFromProvider", "parameters": {"provider": "$response.body#/provider", "id": "$response.body#/id"}},
         "ReceiveWebhook": {"operationId": "receiveWebhook", "parameters": {"provider": "$response.body#/provider", "checkout": "$response.body#/id"}}}
        """#

    private static let problemResponses = [400: "BadRequest", 401: "Unauthorized", 404: "NotFound", 409: "Conflict", 413: "PayloadTooLarge",
                                           415: "UnsupportedMediaType", 422: "Unprocessable", 429: "TooManyRequests", 502: "BadGateway",
                                           503: "Unavailable", 504: "GatewayTimeout"]

    /// `"400": {"$ref": …}, …` for these statuses.
    private static func problems(_ statuses: Int...) -> String {
        statuses.map { #""\#($0)": \#(ref(problemResponses[$0]!))"# }.joined(separator: ", ")
    }

    private static func ref(_ response: String) -> String { ##"{"$ref": "#/components/responses/\##(response)"}"## }

    private static func json(_ description: String) -> String {
        #"{"description": "\#(description)", "content": {"application/json": {"schema": {"type": "object"}}}}"#
    }
}
