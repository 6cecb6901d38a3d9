"""schemathesis hooks for scripts/contract-test.

A few rules of the API depend on data the request schema cannot see: the stored checkout, the
other members of the same body, or an earlier request with the same Idempotency-Key. A request
valid by its schema can break them, and Kassa then answers 422 naming the rule, as docs/api.md
and the OpenAPI document say. For those operations the `positive_data_acceptance` check is
replaced (schemathesis.toml disables the built-in one for exactly these operations) by this one,
which excuses exactly that answer — a 422 whose problem says the rule was broken — and delegates
every other answer to the built-in check. Nothing else is excused.
"""

import json

import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance


def _problem(response):
    if response.status_code != 422:
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def _only_field_errors(problem, field, message_start):
    errors = problem.get("errors") or []
    return (problem.get("code") == "validation_error" and len(errors) > 0
            and all(e.get("field") == field and e.get("message", "").startswith(message_start) for e in errors))


def basket_total_differs(problem):
    # POST /v1/checkouts: the items must add up to order.amount; a schema cannot sum members.
    return _only_field_errors(problem, "order.items", "the basket total ")


def idempotency_key_reused(problem):
    # Every POST that moves money (checkouts, capture, cancel, refunds): the same
    # Idempotency-Key with another body (422, as the IETF draft "The Idempotency-Key HTTP Header
    # Field" has it); the generator repeats short keys.
    return problem.get("code") == "idempotency_key_reused"


def provider_requirements(problem):
    # POST /v1/checkouts: a provider's own rules on the request (PaymentProvider.validate), which
    # depend on the `provider` member: SmartCredit requires the payment mean, the buyer and the
    # basket (docs/providers/smartcredit.md). Each such message names its provider first, and
    # SmartCredit's duplicate orderId (the order reference used twice) is one of them.
    # A provider that captures as its account says refuses `capture_method` the same way.
    def own_rule(e):
        message = e.get("message", "")
        return message.startswith("SmartCredit") or (
            e.get("field") == "capture_method" and message.endswith(" cannot choose the capture per payment"))
    errors = problem.get("errors") or []
    return problem.get("code") == "validation_error" and len(errors) > 0 and all(own_rule(e) for e in errors)


def method_of_another_provider(problem):
    # POST /v1/checkouts: the schema's `method` enum is every enabled provider's methods
    # together, so a schema-valid body may name one provider with another's method; the
    # provider names the methods it knows (secuconnect: "… knows the methods …").
    errors = problem.get("errors") or []
    return (problem.get("code") == "validation_error" and len(errors) > 0
            and all(e.get("field") == "method" and " knows the " in e.get("message", "") for e in errors))


def amount_above(what):
    # capture and refunds: the amount may not exceed what the stored checkout leaves.
    return lambda problem: _only_field_errors(problem, "amount", "must not exceed ") and problem["errors"][0]["message"].endswith(what)


def provider_needs(problem):
    # POST /v1/checkouts: what a request must carry depends on its provider, which the schema
    # cannot tie to the other members: the `method` enum lists every provider's methods, and a
    # provider's own rules (Pledg: the buyer's e-mail and names, its currencies, the payment
    # type account's amount limits and countries; a capture choice it cannot make) name their fields.
    errors = problem.get("errors") or []
    def provider_field(e):
        field = e.get("field") or ""
        if field == "method" or field == "customer" or field.startswith("customer."):
            return True
        message = e.get("message") or ""
        if field == "capture_method":
            return "cannot choose the capture" in message
        return field in ("order.amount", "order.currency") and ("Pledg" in message or "account" in message)
    return problem.get("code") == "validation_error" and len(errors) > 0 and all(provider_field(e) for e in errors)


def operation_not_supported(problem):
    # capture, cancel, refunds: whether the stored checkout's provider can do it (Pledg has no
    # capture, nothing to cancel before the purchase, no refund of a debited card); the problem
    # says what to do instead.
    return problem.get("code") == "operation_not_supported" and bool(problem.get("detail"))


BUSINESS_RULES = {
    "POST /v1/checkouts": [basket_total_differs, provider_requirements, method_of_another_provider,
                           idempotency_key_reused, provider_needs],
    "POST /v1/checkouts/{id}/capture": [amount_above("the authorized amount"), idempotency_key_reused, operation_not_supported],
    "POST /v1/checkouts/{id}/cancel": [idempotency_key_reused, operation_not_supported],
    "POST /v1/checkouts/{id}/refunds": [amount_above("the amount not refunded yet"), idempotency_key_reused, operation_not_supported],
    # The order of a checkout, read by the same code: the same basket rule. A provider's own rules
    # are reasons in a 200 here, never a 422.
    "POST /v1/payment-options": [basket_total_differs],
}


@schemathesis.check
def positive_data_acceptance_but_business_rules(ctx, response, case):
    rules = BUSINESS_RULES.get(case.operation.label)
    if rules is None:
        return None  # the built-in check runs for this operation
    problem = _problem(response)
    if problem is not None and any(rule(problem) for rule in rules):
        return None
    return positive_data_acceptance(ctx, response, case)
