/// `GET /openapi.json`: the API as OpenAPI 3.1, hand-written next to the routes
/// (`ServiceRoutes`); a test checks that every route appears in it and that it parses.
/// Keep it in step with the handlers in `Routes/` and the shapes in `Representations.swift`.
enum OpenAPIDocument {
    static let bytes: [UInt8] = Array(text.utf8)

    static let text = #"""
    {
      "openapi": "3.1.0",
      "info": {"title": "Kassa", "version": "1",
               "description": "Merchant-side payment backend. Amounts are integers in the currency's minor unit. Every error is application/problem+json (RFC 9457). Every response carries X-Request-Id (echoed when the client sent one)."},
      "components": {
        "securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer <api key> (config api_keys)"}},
        "parameters": {
          "CheckoutID": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^chk_"}},
          "RequestID": {"name": "X-Request-Id", "in": "header", "required": false, "schema": {"type": "string", "maxLength": 128}}
        },
        "headers": {
          "X-Request-Id": {"description": "The request's id: the client's, or a fresh req_… one.", "schema": {"type": "string"}}
        },
        "schemas": {
          "Problem": {
            "type": "object", "required": ["type", "title", "status", "detail", "code"],
            "properties": {
              "type": {"type": "string", "format": "uri", "description": "https://kassa.dev/problems/{code}"},
              "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
              "code": {"type": "string", "enum": ["validation_error", "malformed_json", "unauthorized", "not_found", "order_already_paid",
                       "conflict", "idempotency_key_reused", "idempotency_request_in_progress", "invalid_idempotency_key",
                       "operation_not_supported", "invalid_status", "provider_not_configured", "provider_unreachable",
                       "provider_outcome_unknown", "provider_rejected", "provider_configuration", "provider_invalid_response",
                       "no_return_url", "not_ready", "storage_unavailable", "internal_error"]},
              "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}},
              "checkout_id": {"type": "string"}, "checkout_status": {"type": "string"},
              "provider_code": {"type": "string"}, "support_id": {"type": "string"}, "provider_http_status": {"type": "integer"}
            }
          },
          "FieldError": {"type": "object", "required": ["field", "message"],
                         "properties": {"field": {"type": "string", "examples": ["order.items[2].quantity"]}, "message": {"type": "string"}}},
          "Address": {"type": "object", "properties": {"street": {"type": "string"}, "street_number": {"type": "string"},
                      "postal_code": {"type": "string"}, "city": {"type": "string"}, "state": {"type": "string"},
                      "country": {"type": "string", "pattern": "^[A-Z]{2}$"}}},
          "LineItem": {"type": "object", "required": ["reference", "name", "quantity", "unit_amount"],
                       "properties": {"reference": {"type": "string"}, "name": {"type": "string"},
                                      "quantity": {"type": "integer", "minimum": 1, "maximum": 100000},
                                      "unit_amount": {"type": "integer", "minimum": 0},
                                      "tax_rate": {"type": "integer", "minimum": 0, "maximum": 100, "default": 0},
                                      "type": {"type": "string", "enum": ["article", "shipping", "coupon"], "default": "article"}}},
          "CheckoutRequest": {
            "type": "object", "required": ["provider", "order", "return_urls"],
            "properties": {
              "provider": {"type": "string", "description": "an enabled provider, e.g. secuconnect"},
              "method": {"type": "string", "description": "secuconnect payment method (creditcard, debit, invoice, paypal, prepaid, sofort, …)"},
              "order": {"type": "object", "required": ["reference", "amount", "currency"],
                        "properties": {"reference": {"type": "string", "minLength": 1, "maxLength": 128},
                                       "amount": {"type": "integer", "minimum": 1, "description": "at most checkout.max_amount"},
                                       "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217"},
                                       "description": {"type": "string"},
                                       "items": {"type": "array", "items": {"$ref": "#/components/schemas/LineItem"},
                                                 "description": "when given, the sum of quantity × unit_amount (coupons subtract) must equal amount"}}},
              "customer": {"type": "object", "properties": {"email": {"type": "string"}, "first_name": {"type": "string"},
                           "last_name": {"type": "string"}, "phone": {"type": "string"}, "birth_date": {"type": "string", "format": "date"},
                           "civility": {"type": "string", "enum": ["Mr", "Ms"]}, "account_id": {"type": "string"},
                           "address": {"$ref": "#/components/schemas/Address"}, "shipping_address": {"$ref": "#/components/schemas/Address"}}},
              "return_urls": {"type": "object", "required": ["success", "failure", "cancel"],
                              "properties": {"success": {"type": "string", "format": "uri"}, "failure": {"type": "string", "format": "uri"},
                                             "cancel": {"type": "string", "format": "uri"}}},
              "locale": {"type": "string"}, "metadata": {"type": "object"}
            }
          },
          "Status": {"type": "string", "enum": ["created", "pending", "authorized", "paid", "partially_refunded", "refunded", "failed", "canceled", "expired"]},
          "NextAction": {"oneOf": [
            {"type": "null"},
            {"type": "object", "required": ["type", "url"], "properties": {"type": {"const": "redirect"}, "url": {"type": "string"}}},
            {"type": "object", "required": ["type"], "properties": {"type": {"const": "widget"}, "checkout_token": {"type": "string"}, "transaction_id": {"type": "string"}}},
            {"type": "object", "required": ["type"], "properties": {"type": {"const": "pledg_plugin"}, "merchant_uid": {"type": "string"}, "signature": {"type": "string"}, "front_url": {"type": "string"}}}
          ]},
          "Checkout": {
            "type": "object",
            "required": ["id", "order_reference", "provider", "status", "amount", "currency", "refunded_amount", "next_action", "needs_sync", "created_at", "updated_at"],
            "properties": {
              "id": {"type": "string"}, "order_reference": {"type": "string"}, "provider": {"type": "string"},
              "method": {"type": ["string", "null"]}, "status": {"$ref": "#/components/schemas/Status"},
              "provider_status": {"type": ["string", "null"]}, "provider_reference": {"type": ["string", "null"]},
              "amount": {"type": "integer"}, "currency": {"type": "string"}, "refunded_amount": {"type": "integer"},
              "next_action": {"$ref": "#/components/schemas/NextAction"},
              "needs_sync": {"type": "boolean", "description": "the last provider call ended without an answer; the status may be stale"},
              "provider_data": {"type": "object", "additionalProperties": {"type": "string"}, "description": "the provider's ids (secuconnect payment_transaction_id PCI_…)"},
              "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"},
              "history": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}, "description": "GET /v1/checkouts/{id} only"},
              "refunds": {"type": "array", "items": {"$ref": "#/components/schemas/Refund"}, "description": "oldest first; GET /v1/checkouts/{id} and operation answers"}
            }
          },
          "Event": {
            "type": "object",
            "properties": {
              "id": {"type": "string"}, "sequence": {"type": "integer"}, "checkout_id": {"type": "string"},
              "type": {"type": "string", "enum": ["created", "transition", "ignored", "integrity", "needs_sync", "duplicate_payment"]},
              "source": {"type": "string", "enum": ["api", "webhook", "poll", "return"]},
              "old_status": {"oneOf": [{"$ref": "#/components/schemas/Status"}, {"type": "null"}]},
              "status": {"$ref": "#/components/schemas/Status"}, "provider_status": {"type": ["string", "null"]},
              "refunded_amount": {"type": "integer"}, "detail": {"type": ["string", "null"]},
              "occurred_at": {"type": "string", "format": "date-time"}
            }
          },
          "Order": {"type": "object", "properties": {"reference": {"type": "string"}, "status": {"$ref": "#/components/schemas/Status"},
                    "paid_checkout_id": {"type": ["string", "null"]}, "created_at": {"type": "string", "format": "date-time"},
                    "attempts": {"type": "array", "items": {"$ref": "#/components/schemas/Checkout"}}}},
          "AmountRequest": {"type": "object", "properties": {"amount": {"type": "integer", "minimum": 1}}},
          "RefundRequest": {"type": "object", "properties": {"amount": {"type": "integer", "minimum": 1, "description": "default: the rest"},
                            "reason": {"type": "string", "maxLength": 100}}},
          "Refund": {"type": "object", "required": ["id", "object", "checkout_id", "amount", "currency", "status", "created_at"],
                     "properties": {"id": {"type": "string", "description": "re_…"}, "object": {"const": "refund"}, "checkout_id": {"type": "string"},
                                    "amount": {"type": ["integer", "null"]}, "currency": {"type": ["string", "null"]}, "reason": {"type": ["string", "null"]},
                                    "status": {"type": "string", "enum": ["requested", "unknown", "pending", "succeeded", "failed"]},
                                    "provider_reference": {"type": ["string", "null"]}, "created_at": {"type": "string", "format": "date-time"},
                                    "checkout": {"$ref": "#/components/schemas/Checkout", "description": "POST …/refunds only: the checkout afterwards"}}}
        },
        "responses": {
          "Problem": {"description": "An error", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                      "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "Checkout": {"description": "The checkout", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Checkout"}}}},
          "CheckoutNeedsSync": {"description": "The provider call ended without an answer: needs_sync is true; refresh later",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Checkout"}}}}
        }
      },
      "security": [{"apiKey": []}],
      "paths": {
        "/healthz": {"get": {"summary": "Liveness", "security": [], "responses": {"200": {"description": "{\"status\":\"ok\"}"}}}},
        "/readyz": {"get": {"summary": "Readiness: the database answers and every migration is applied", "security": [],
                    "responses": {"200": {"description": "ready"}, "503": {"$ref": "#/components/responses/Problem"}}}},
        "/metrics": {"get": {"summary": "Prometheus text format: requests by route and status, latency histogram, provider calls by provider/operation/outcome with latency, checkouts by status reached, outbox backlog, simulator time",
                     "security": [], "responses": {"200": {"description": "text/plain; version=0.0.4"}}}},
        "/openapi.json": {"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3.1"}}}},
        "/v1/checkouts": {"post": {
          "summary": "Start a payment with one provider",
          "parameters": [{"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                          "description": "a replay returns the identical status and body (header Idempotent-Replayed: true); the same key with another body is 422 idempotency_key_reused; keys live 24 h"},
                         {"$ref": "#/components/parameters/RequestID"}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckoutRequest"}}}},
          "responses": {"201": {"$ref": "#/components/responses/Checkout"}, "202": {"$ref": "#/components/responses/CheckoutNeedsSync"},
                        "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"},
                        "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"},
                        "422": {"$ref": "#/components/responses/Problem"}, "502": {"$ref": "#/components/responses/Problem"},
                        "503": {"$ref": "#/components/responses/Problem"}}}},
        "/v1/checkouts/{id}": {"get": {"summary": "One checkout with its history", "parameters": [{"$ref": "#/components/parameters/CheckoutID"}],
          "responses": {"200": {"$ref": "#/components/responses/Checkout"}, "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}},
        "/v1/checkouts/{id}/refresh": {"post": {"summary": "Ask the provider now and apply its answer", "parameters": [{"$ref": "#/components/parameters/CheckoutID"}],
          "responses": {"200": {"$ref": "#/components/responses/Checkout"}, "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"},
                        "502": {"$ref": "#/components/responses/Problem"}, "504": {"$ref": "#/components/responses/Problem"}}}},
        "/v1/checkouts/{id}/capture": {"post": {"summary": "Capture an authorized payment (all of it without amount)", "parameters": [{"$ref": "#/components/parameters/CheckoutID"}, {"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string", "minLength": 1, "maxLength": 255}, "description": "as on POST /v1/checkouts; the key becomes the operation's id, and an answer with an unknown outcome (202) is not kept, so a retry reaches the provider again with the same id"}],
          "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AmountRequest"}}}},
          "responses": {"200": {"$ref": "#/components/responses/Checkout"}, "202": {"$ref": "#/components/responses/CheckoutNeedsSync"}, "400": {"$ref": "#/components/responses/Problem"},
                        "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"},
                        "422": {"$ref": "#/components/responses/Problem"}, "502": {"$ref": "#/components/responses/Problem"}}}},
        "/v1/checkouts/{id}/cancel": {"post": {"summary": "Cancel a payment that is not captured yet", "parameters": [{"$ref": "#/components/parameters/CheckoutID"}, {"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string", "minLength": 1, "maxLength": 255}, "description": "as on POST /v1/checkouts; the key becomes the operation's id, and an answer with an unknown outcome (202) is not kept, so a retry reaches the provider again with the same id"}],
          "responses": {"200": {"$ref": "#/components/responses/Checkout"}, "202": {"$ref": "#/components/responses/CheckoutNeedsSync"}, "400": {"$ref": "#/components/responses/Problem"},
                        "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"},
                        "422": {"$ref": "#/components/responses/Problem"}, "502": {"$ref": "#/components/responses/Problem"}}}},
        "/v1/checkouts/{id}/refunds": {"post": {"summary": "Refund a captured payment (the rest without amount)", "parameters": [{"$ref": "#/components/parameters/CheckoutID"}, {"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string", "minLength": 1, "maxLength": 255}, "description": "as on POST /v1/checkouts; the key becomes the operation's id, and an answer with an unknown outcome (202) is not kept, so a retry reaches the provider again with the same id"}],
          "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RefundRequest"}}}},
          "responses": {"200": {"description": "The refund, with the checkout afterwards", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refund"}}}},
                        "202": {"description": "The provider call ended without an answer: status unknown, the checkout needs_sync; retry with the same Idempotency-Key", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refund"}}}},
                        "400": {"$ref": "#/components/responses/Problem"},
                        "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"},
                        "422": {"$ref": "#/components/responses/Problem"}, "502": {"$ref": "#/components/responses/Problem"}}}},
        "/v1/orders/{reference}": {"get": {"summary": "The shop's order: aggregate status and every attempt",
          "parameters": [{"name": "reference", "in": "path", "required": true, "schema": {"type": "string"}}],
          "responses": {"200": {"description": "The order", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}},
                        "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}},
        "/v1/events": {"get": {"summary": "The shop's event log (created and transition events), oldest first",
          "parameters": [{"name": "after", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}},
                         {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}],
          "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {"type": "object",
                          "properties": {"events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}, "next_after": {"type": "integer"}}}}}},
                        "401": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}},
        "/v1/return/{provider}/{id}": {"get": {"summary": "The buyer's return from the provider's page: re-reads the payment, then 303 to the shop's return URL with ?checkout_id=&status=",
          "security": [],
          "parameters": [{"name": "provider", "in": "path", "required": true, "schema": {"type": "string"}}, {"$ref": "#/components/parameters/CheckoutID"},
                         {"name": "outcome", "in": "query", "required": true, "schema": {"type": "string", "enum": ["success", "error", "abort"]}}],
          "responses": {"303": {"description": "Location: the shop's success, failure or cancel URL"}, "404": {"$ref": "#/components/responses/Problem"},
                        "409": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}},
        "/v1/webhooks/{provider}": {"post": {"summary": "Provider notifications (secuconnect pushes): stored before the 200, then the checkout named by ?checkout= is re-read from the provider; the body is only a hint",
          "security": [],
          "parameters": [{"name": "provider", "in": "path", "required": true, "schema": {"type": "string"}},
                         {"name": "checkout", "in": "query", "required": false, "schema": {"type": "string"}}],
          "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
          "responses": {"200": {"description": "{\"received\":true}"}, "404": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"},
                        "503": {"$ref": "#/components/responses/Problem"}}}}
      }
    }
    """#
}
