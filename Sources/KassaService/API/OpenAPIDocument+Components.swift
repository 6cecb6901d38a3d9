extension OpenAPIDocument {
    /// `components`: the shapes, parameters and answers the paths refer to. The rules written here
    /// are the validation's (`CheckoutRequest`, `ShopInput`, the operations): a request the
    /// schema allows is accepted, one it forbids is refused — schemathesis checks both ways
    /// (`scripts/contract-test`). Optional members may be `null`: `JSONCursor` reads null as absent.
    static func components(providers: [String], methods: [String]?, currencies: [String], maxAmount: Int64) -> String {
        let method = methods.map { #"{"enum": \#(jsonList($0 + ["null"]))}"# } ?? ##"{"$ref": "#/components/schemas/NullablePrintableText"}"##
        let providerRules = providers.contains("smartpay") ? smartpayRules : ""
        let providerSchemas = providers.contains("smartpay") ? smartpayAddressSchema : ""
        let orderProperties = Self.orderProperties(reference: ##"{"$ref": "#/components/schemas/OrderReference"}"##, currencies: currencies, maxAmount: maxAmount)
        let optionsOrderProperties = Self.orderProperties(
            reference: ##"{"anyOf": [{"$ref": "#/components/schemas/OrderReference"}, {"type": "null"}]}"##, currencies: currencies, maxAmount: maxAmount)
        return #"""
        {
          "securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer <api key> (config api_keys)"}},
          "parameters": {
            "CheckoutID": {"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/CheckoutID"}},
            "RequestID": {"name": "X-Request-Id", "in": "header", "required": false, "schema": {"type": "string"},
                          "description": "echoed on the response when 1 to 128 visible ASCII characters; any other value is replaced by a fresh id, never refused"}
          },
          "headers": {
            "X-Request-Id": {"description": "The request's id: the client's, or a fresh req_… one.", "schema": {"type": "string"}},
            "WWW-Authenticate": {"required": true, "schema": {"const": "Bearer"}},
            "Retry-After": {"required": true, "description": "seconds until a request is let through again", "schema": {"type": "string", "pattern": "^[0-9]+$"}}
          },
          "schemas": {
            "CheckoutID": {"type": "string", "pattern": "^chk_[a-z2-7]{24}$"},
            "Provider": {"type": "string", "enum": \#(jsonList(providers)), "description": "an enabled provider"},
            "PrintableText": \#(printableText),
            "NullablePrintableText": {"anyOf": [{"$ref": "#/components/schemas/PrintableText"}, {"type": "null"}]},
            "OrderReference": {"type": "string", "minLength": 1, "maxLength": 128, "pattern": \#(printablePattern)},
            "ShopURL": {"type": "string", "maxLength": 2048, "pattern": \#(shopURLPattern),
                        "description": "absolute http(s), a host name or IPv4 address, visible ASCII, no userinfo, backslash or #fragment: the buyer is sent here with ?checkout_id=&status= appended"},
            "Problem": {
              "type": "object", "required": ["type", "title", "status", "detail", "code"],
              "properties": {
                "type": {"type": "string", "format": "uri", "description": "https://kassa.dev/problems/{code}"},
                "title": {"type": "string"}, "status": {"type": "integer", "minimum": 400, "maximum": 599}, "detail": {"type": "string"},
                "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$",
                         "description": "stable, and the last part of type: validation_error, malformed_json, invalid_idempotency_key, unauthorized, not_found, unsupported_media_type, rate_limited, order_already_paid, conflict, idempotency_key_reused, idempotency_request_in_progress, operation_not_supported, invalid_status, provider_not_configured, provider_unreachable, provider_outcome_unknown, provider_rejected, provider_configuration, provider_invalid_response, no_return_url, not_ready, store_not_writable, store_unreachable, storage_unavailable, internal_error; the router's and the HTTP layer's answers (404, 405, 413, …) carry one too (docs/api.md)"},
                "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}},
                "checkout_id": {"type": "string"}, "checkout_status": {"$ref": "#/components/schemas/Status"},
                "provider_code": {"type": "string"}, "support_id": {"type": "string"}, "provider_http_status": {"type": "integer"}
              }
            },
            "FieldError": {"type": "object", "required": ["field", "message"],
                           "properties": {"field": {"type": "string", "examples": ["order.items[2].quantity"]}, "message": {"type": "string"}}},
            "Address": {"type": ["object", "null"], "properties": {
                          "street": {"$ref": "#/components/schemas/NullablePrintableText"}, "street_number": {"$ref": "#/components/schemas/NullablePrintableText"},
                          "postal_code": {"$ref": "#/components/schemas/NullablePrintableText"}, "city": {"$ref": "#/components/schemas/NullablePrintableText"},
                          "state": {"$ref": "#/components/schemas/NullablePrintableText"},
                          "country": {"type": ["string", "null"], "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2"}}},
            "LineItem": {"type": "object", "required": ["reference", "name", "quantity", "unit_amount"],
                         "properties": {"reference": {"$ref": "#/components/schemas/PrintableText"}, "name": {"$ref": "#/components/schemas/PrintableText"},
                                        "quantity": {"type": "integer", "minimum": 1, "maximum": 100000},
                                        "unit_amount": {"type": "integer", "minimum": 0, "maximum": 1000000000000},
                                        "tax_rate": {"type": ["number", "null"], "minimum": 0, "maximum": 100, "multipleOf": 0.01, "default": 0,
                                                     "description": "percent with at most two decimal places (19, 5.5, 8.1), carried exactly"},
                                        "type": {"type": ["string", "null"], "enum": ["article", "shipping", "coupon", null], "default": "article"}}},
            "Customer": {"type": ["object", "null"], "description": "the buyer; every member optional here, a provider's needs are its own 422 (or a payment option's reason)",
                         "properties": {
                             "email": {"type": ["string", "null"], "pattern": "@", "maxLength": 254},
                             "first_name": {"$ref": "#/components/schemas/NullablePrintableText"}, "last_name": {"$ref": "#/components/schemas/NullablePrintableText"},
                             "phone": {"$ref": "#/components/schemas/NullablePrintableText"},
                             "birth_date": {"type": ["string", "null"], "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", "description": "YYYY-MM-DD"},
                             "civility": {"type": ["string", "null"], "enum": ["Mr", "Ms", null]},
                             "account_id": {"$ref": "#/components/schemas/NullablePrintableText"},
                             "address": {"$ref": "#/components/schemas/Address"}, "shipping_address": {"$ref": "#/components/schemas/Address"}}},
            "PaymentOptionsRequest": {
              "type": "object", "required": ["order"],
              "description": "the order and customer of a checkout body; its other members are ignored, so the same body may be sent to both",
              "properties": {
                "order": {"type": "object", "required": ["amount", "currency"], "properties": \#(optionsOrderProperties)},
                "customer": {"$ref": "#/components/schemas/Customer"}
              }
            },
            "PaymentOptions": {"type": "object", "required": ["options"], "properties": {"options": {"type": "array", "items": {
              "type": "object", "required": ["provider", "method", "eligible", "reasons"],
              "properties": {
                "provider": {"$ref": "#/components/schemas/Provider"},
                "method": {"type": ["string", "null"], "description": "the method to send to POST /v1/checkouts; null: the provider's page lets the buyer choose"},
                "eligible": {"type": "boolean", "description": "true exactly when reasons is empty: POST /v1/checkouts takes this body with this provider and method"},
                "reasons": {"type": "array", "items": {"type": "object", "required": ["code", "field", "detail"], "properties": {
                  "code": {"type": "string", "enum": ["missing_field", "invalid_field", "country", "currency", "amount_below_minimum", "amount_above_maximum"]},
                  "field": {"type": "string", "description": "the request field, dotted (customer.address.country)"},
                  "detail": {"type": "string"}}}},
                "schedule": {"type": "array", "description": "Pledg installment, deferred and down payment when eligible: the payments from today (UTC)",
                             "items": {"type": "object", "required": ["due_date", "amount", "fees"], "properties": {
                               "due_date": {"type": "string", "format": "date"}, "amount": {"type": "integer"}, "fees": {"type": "integer"}}}}}}}}},
            "CheckoutRequest": {
              "type": "object", "required": ["provider", "order", "return_urls"],
              "properties": {
                "provider": {"$ref": "#/components/schemas/Provider"},
                "method": \#(method),
                "order": {"type": "object", "required": ["reference", "amount", "currency"], "properties": \#(orderProperties)},
                "customer": {"$ref": "#/components/schemas/Customer"},
                "return_urls": {"type": "object", "required": ["success", "failure", "cancel"],
                                "properties": {"success": {"$ref": "#/components/schemas/ShopURL"}, "failure": {"$ref": "#/components/schemas/ShopURL"},
                                               "cancel": {"$ref": "#/components/schemas/ShopURL"}}},
                "locale": {"$ref": "#/components/schemas/NullablePrintableText"},
                "metadata": {"anyOf": [{"$ref": "#/components/schemas/Metadata"}, {"type": "null"}]},
                "capture_method": {"type": ["string", "null"], "enum": ["automatic", "manual", null],
                                   "description": "manual: an approval only authorizes, capture with POST /v1/checkouts/{id}/capture; absent: the provider account's default; 422 at capture_method for a provider that cannot choose per payment"}
              }\#(providerRules)
            },
            \#(providerSchemas)"Status": {"type": "string", "enum": ["created", "pending", "authorized", "paid", "partially_refunded", "refunded", "failed", "canceled", "expired"]},
            "Metadata": {"type": "object", "maxProperties": 50,
                         "propertyNames": {"minLength": 1, "maxLength": 40, "pattern": \#(printablePattern)},
                         "additionalProperties": {"type": "string", "maxLength": 500, "pattern": \#(printablePattern)},
                         "description": "the shop's own key–value pairs (Stripe's limits), returned on the checkout and in its events"},
            "NextAction": {"oneOf": [
              {"type": "null"},
              {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "examples": ["redirect", "widget"]}},
               "additionalProperties": true, "description": "the provider's action as it gave it: a type and its fields (redirect: url; widget: transaction_id, checkout_token, sdk_url — render SmartPay's widget, then POST /v1/checkouts/{id}/refresh when its successHandler or errorHandler fires)"}
            ]},
            "Checkout": {
              "type": "object",
              "required": ["id", "order_reference", "provider", "status", "amount", "currency", "refunded_amount", "next_action", "capture_method", "metadata", "needs_sync", "created_at", "updated_at"],
              "properties": {
                "id": {"$ref": "#/components/schemas/CheckoutID"}, "order_reference": {"type": "string"}, "provider": {"type": "string"},
                "method": {"type": ["string", "null"]}, "status": {"$ref": "#/components/schemas/Status"},
                "provider_status": {"type": ["string", "null"]}, "provider_reference": {"type": ["string", "null"]},
                "amount": {"type": "integer"}, "currency": {"type": "string"}, "refunded_amount": {"type": "integer"},
                "next_action": {"$ref": "#/components/schemas/NextAction"},
                "capture_method": {"type": ["string", "null"], "enum": ["automatic", "manual", null]},
                "metadata": {"$ref": "#/components/schemas/Metadata"},
                "needs_sync": {"type": "boolean", "description": "the last provider call ended without an answer; the status may be stale"},
                "provider_data": {"type": "object", "additionalProperties": {"type": "string"}, "description": "the provider's ids (secuconnect payment_transaction_id PCI_…)"},
                "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"},
                "history": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}, "description": "GET /v1/checkouts/{id} only"},
                "refunds": {"type": "array", "items": {"$ref": "#/components/schemas/Refund"}, "description": "oldest first; GET /v1/checkouts/{id} and operation answers"}
              }
            },
            "Event": {
              "type": "object",
              "required": ["id", "sequence", "checkout_id", "type", "source", "old_status", "status", "provider_status", "refunded_amount", "detail", "occurred_at"],
              "properties": {
                "id": {"type": "string"}, "sequence": {"type": "integer"}, "checkout_id": {"type": "string"},
                "type": {"type": "string", "enum": ["created", "transition", "ignored", "integrity", "needs_sync", "duplicate_payment", "notice"]},
                "event_type": {"type": "string", "description": "the public type as pushed to the shop: checkout.paid, checkout.needs_sync, smartpay.chargeback…"},
                "notice": {"description": "for a notice event, the provider's news; null otherwise",
                           "oneOf": [{"type": "null"}, {"type": "object", "required": ["type", "detail"],
                                     "properties": {"type": {"type": "string"}, "detail": {"type": "object", "additionalProperties": {"type": "string"}}}}]},
                "source": {"type": "string", "enum": ["api", "webhook", "poll", "return"]},
                "old_status": {"oneOf": [{"$ref": "#/components/schemas/Status"}, {"type": "null"}]},
                "status": {"$ref": "#/components/schemas/Status"}, "provider_status": {"type": ["string", "null"]},
                "refunded_amount": {"type": "integer"}, "detail": {"type": ["string", "null"]},
                "occurred_at": {"type": "string", "format": "date-time"},
                "metadata": {"$ref": "#/components/schemas/Metadata"}
              }
            },
            "Order": {"type": "object", "required": ["reference", "status", "paid_checkout_id", "created_at", "attempts"],
                      "properties": {"reference": {"type": "string"}, "status": {"$ref": "#/components/schemas/Status"},
                      "paid_checkout_id": {"type": ["string", "null"]}, "created_at": {"type": "string", "format": "date-time"},
                      "attempts": {"type": "array", "items": {"$ref": "#/components/schemas/Checkout"}}}},
            "AmountRequest": {"type": "object", "properties": {"amount": {"type": ["integer", "null"], "minimum": 1, "maximum": \#(maxAmount),
                              "description": "default: all of it; at most the checkout's amount (422 at amount otherwise)"}}},
            "Refund": {"type": "object", "required": ["id", "object", "checkout_id", "amount", "currency", "status", "created_at"],
                       "properties": {"id": {"type": "string", "description": "re_…"}, "object": {"const": "refund"}, "checkout_id": {"type": "string"},
                                      "amount": {"type": ["integer", "null"]}, "currency": {"type": ["string", "null"]}, "reason": {"type": ["string", "null"]},
                                      "status": {"type": "string", "enum": ["requested", "unknown", "pending", "succeeded", "failed"]},
                                      "provider_reference": {"type": ["string", "null"]}, "created_at": {"type": "string", "format": "date-time"},
                                      "checkout": {"$ref": "#/components/schemas/Checkout", "description": "POST …/refunds only: the checkout afterwards"}}},
            "RefundRequest": {"type": "object", "properties": {
                              "amount": {"type": ["integer", "null"], "minimum": 1, "maximum": \#(maxAmount),
                                         "description": "default: the rest; at most what is not refunded yet (422 at amount otherwise)"},
                              "reason": {"type": ["string", "null"], "pattern": "^[A-Za-z0-9 .,+\\-:?()/']{0,100}$",
                                         "description": "what the provider's back office and the buyer's statement show"}}}
          },
          "responses": {
            "Checkout": {"description": "The checkout", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                         "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Checkout"}}}},
            "CheckoutNeedsSync": {"description": "The provider call ended without an answer: needs_sync is true; refresh later",
                                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Checkout"}}}},
            "BadRequest": \#(problem("malformed_json (the body is not JSON), invalid_idempotency_key, or a path with an invalid percent-encoding")),
            "Unauthorized": {"description": "unauthorized: no or wrong API key",
                             "headers": {"WWW-Authenticate": {"$ref": "#/components/headers/WWW-Authenticate"}},
                             "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            "InvalidSignature": {"description": "invalid_signature: the notification failed its provider's verification; stored as rejected, nothing applied",
                                 "headers": {"WWW-Authenticate": {"required": true, "schema": {"type": "string", "pattern": "^Signature realm="}}},
                                 "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            "NotFound": \#(problem("not_found: no such checkout, order or provider")),
            "Conflict": \#(problem("invalid_status (checkout_status says which), order_already_paid, conflict, idempotency_request_in_progress or no_return_url")),
            "PayloadTooLarge": \#(problem("the body is larger than the route allows")),
            "UnsupportedMediaType": \#(problem("unsupported_media_type: a body not sent as Content-Type: application/json")),
            "Unprocessable": \#(problem("validation_error (errors names every field), idempotency_key_reused, operation_not_supported or provider_not_configured")),
            "TooManyRequests": {"description": "rate_limited: per API key, per client address, or after failed authentication",
                                "headers": {"Retry-After": {"$ref": "#/components/headers/Retry-After"}},
                                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            "BadGateway": \#(problem("provider_rejected, provider_unreachable, provider_configuration or provider_invalid_response")),
            "Unavailable": \#(problem("storage_unavailable, not_ready, store_not_writable or store_unreachable: the database does not answer or cannot write")),
            "GatewayTimeout": \#(problem("provider_outcome_unknown: no answer came from the provider"))
          }
        }
        """#
    }

    /// A problem answer described by `description`.
    private static func problem(_ description: String) -> String {
        ##"{"description": "\##(description)", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "##
            + ##""content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}"##
    }

    // `ShopInput.textProblem`: no C0 or C1 control and no DEL, so a stored string can be fetched
    // by URL and printed in a log.
    private static let printablePattern = #""^[^\\u0000-\\u001F\\u007F-\\u009F]*$""#
    private static let printableText = #"{"type": "string", "pattern": \#(printablePattern)}"#

    // `ShopInput.urlProblem`: http(s), a host of RFC 3986 reg-name characters (a name or an IPv4
    // address; no [IPv6] literal, which would need its own grammar on both sides, and which
    // clients refuse to parse when it is not one), a port up to 65535, then visible ASCII
    // without `#` or `\`.
    private static let shopURLPattern = #""^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9._~%!$&'()*+,;=-]+"#
        + #"(:([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?([/?][!-\"$-\\[\\]-~]*)?$""#

    /// `["a", "b"]`: names from Kassa itself (providers, methods, currency codes), never quoted
    /// text; `null` stays the JSON null.
    static func jsonList(_ names: [String]) -> String {
        "[" + names.map { $0 == "null" ? $0 : "\"\($0)\"" }.joined(separator: ", ") + "]"
    }
}
extension OpenAPIDocument {
    // SmartPay's Create Checkout needs the buyer (seed 001's consumer and billingAddress) and a
    // description of at most 127 characters: the fields SmartPayProvider.fieldErrors names.
    static let smartpayRules = ##"""
    ,
              "allOf": [{"if": {"required": ["provider"], "properties": {"provider": {"const": "smartpay"}}},
                         "then": {"required": ["customer"], "properties": {
                           "order": {"properties": {"description": {"type": ["string", "null"], "maxLength": 127}}},
                           "customer": {"type": "object", "required": ["first_name", "last_name", "email", "address"], "properties": {
                             "first_name": {"type": "string", "minLength": 1}, "last_name": {"type": "string", "minLength": 1},
                             "email": {"type": "string", "minLength": 1}, "account_id": {"type": ["string", "null"], "maxLength": 64},
                             "address": {"$ref": "#/components/schemas/SmartPayAddress"},
                             "shipping_address": {"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/SmartPayAddress"}]}}}},
                           "description": "SmartPay (seed 001): the buyer with a billing address; each missing field is a 422 naming it"}}]
    """##

    /// The address SmartPay takes (seed 001's `billingAddress`).
    static let smartpayAddressSchema = ##"""
    "SmartPayAddress": {"type": "object", "required": ["street", "city", "postal_code", "country"], "properties": {
                "street": {"type": "string", "minLength": 1}, "city": {"type": "string", "minLength": 1},
                "postal_code": {"type": "string", "minLength": 1}, "country": {"type": "string", "minLength": 1}}},
    """##

    /// The members of `order`, shared by checkouts and payment options (`CheckoutRequest.parseOrder`);
    /// `reference` is the reference's schema (optional for payment options).
    private static func orderProperties(reference: String, currencies: [String], maxAmount: Int64) -> String {
        #"""
        {"reference": \#(reference),
                                         "amount": {"type": "integer", "minimum": 1, "maximum": \#(maxAmount), "description": "at most checkout.max_amount"},
                                         "currency": {"type": "string", "enum": \#(jsonList(currencies)), "description": "ISO 4217, a currency Kassa knows the minor unit of"},
                                         "description": {"$ref": "#/components/schemas/NullablePrintableText"},
                                         "items": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/LineItem"},
                                                   "description": "when given, the sum of quantity × unit_amount (coupons subtract) must equal amount: 422 at order.items otherwise"}}
        """#
    }
}
