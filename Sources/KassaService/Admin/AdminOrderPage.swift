import FoundationEssentials
import Payments

/// `GET /admin/orders?reference=…`: one order and, for each attempt, every id the provider
/// gave it, the status timeline with the provider's raw statuses, the notifications stored for
/// it and how its events reached the shop — with a redeliver button on each dead event.
enum AdminOrderPage {
    /// One attempt and what the store knows around it.
    struct Attempt {
        var checkout: Checkout
        var timeline: [CheckoutEvent]
        var inbox: [AdminInboxEntry]
        var deliveries: [AdminEventDelivery]
    }

    static func render(_ order: Order, attempts: [Attempt], omittedAttempts: Int, eventsArePushed: Bool, csrfToken: String) -> HTMLPage {
        var body = "<h1>Order <code>\(e(order.reference))</code></h1>"
        body += "<p>Status: <b class=\"status\">\(e(order.paidAttempt?.status.rawValue ?? order.attempts.last?.status.rawValue ?? ""))</b>"
            + " · \(order.attempts.count) attempt\(order.attempts.count == 1 ? "" : "s") · created \(e(AdminPages.time(order.createdAt)))</p>"
        if omittedAttempts > 0 { body += "<p class=\"muted\">The \(omittedAttempts) oldest attempts are not shown.</p>" }
        for attempt in attempts {
            body += section(attempt, eventsArePushed: eventsArePushed, csrfToken: csrfToken)
        }
        return AdminPages.page("Order " + order.reference, body, csrfToken: csrfToken, search: order.reference)
    }

    private static func section(_ attempt: Attempt, eventsArePushed: Bool, csrfToken: String) -> String {
        let checkout = attempt.checkout
        var html = #"<h2 id="\#(e(checkout.id.rawValue))">\#(e(checkout.provider.rawValue)) · <code>\#(e(checkout.id.rawValue))</code> · "#
            + AdminPages.statusText(checkout) + "</h2>"
        html += "<table>"
            + row("amount", e(AdminPages.money(checkout.amount)))
            + row("refunded", e(AdminPages.money(Money(minorUnits: checkout.refundedMinorUnits, currency: checkout.amount.currency))))
            + row("method", e(checkout.method ?? "—"))
            + row("provider status (raw)", "<code>\(e(checkout.providerStatus ?? "—"))</code>")
            + row("created", e(AdminPages.time(checkout.createdAt))) + row("updated", e(AdminPages.time(checkout.updatedAt)))
            + "</table>"
        html += "<h3>Provider ids</h3><table><tr><th>name</th><th>value</th></tr>"
            + row("provider reference", "<code>\(e(checkout.providerReference ?? "—"))</code>")
        // Kassa's own bookkeeping (`kassa.*`) is not the provider's; every other key is an id or
        // status the adapter kept (secuconnect PCI_/STX_, SmartPay transactionId and
        // reconciliationReferenceId, SmartCredit applicationId, the Pledg purchase uid…).
        for (key, value) in checkout.providerData.sorted(by: { $0.key < $1.key }) where !key.hasPrefix("kassa.") {
            html += row(key, "<code>\(e(value))</code>")
        }
        html += "</table>"
        html += "<h3>Timeline</h3><table><tr><th>time</th><th>kind</th><th>source</th><th>status</th><th>provider status (raw)</th><th>detail</th></tr>"
        for event in attempt.timeline {
            let change = event.oldStatus.map { "\(e($0.rawValue)) → " } ?? ""
            html += "<tr><td>\(e(AdminPages.time(event.occurredAt)))</td><td>\(e(event.kind.rawValue))</td><td>\(e(event.source.rawValue))</td>"
                + "<td>\(change)\(e(event.newStatus.rawValue))</td><td><code>\(e(event.providerStatus ?? ""))</code></td>"
                + "<td>\(e(event.detail ?? ""))</td></tr>"
        }
        html += "</table>"
        html += "<h3>Notifications from the provider</h3>"
        if attempt.inbox.isEmpty {
            html += "<p class=\"muted\">None stored.</p>"
        } else {
            html += "<table><tr><th>inbox id</th><th>received</th><th>verification</th><th>result</th><th>bytes</th><th>body (masked, first bytes)</th></tr>"
            for entry in attempt.inbox {
                html += "<tr><td>\(entry.id)</td><td>\(e(AdminPages.time(entry.receivedAt)))</td><td>\(e(entry.verification))</td>"
                    + "<td>\(e(entry.result ?? "not processed yet"))</td><td>\(entry.receivedBytes)</td>"
                    + #"<td><pre class="excerpt">\#(e(entry.excerpt))</pre></td></tr>"#
            }
            html += "</table>"
        }
        html += "<h3>Event deliveries</h3>"
        if !eventsArePushed { html += "<p class=\"muted\">Events are not pushed (no <code>shop.webhook_url</code>).</p>" }
        html += "<table><tr><th>event</th><th>kind</th><th>status</th><th>delivery</th><th>attempts</th><th>last error</th><th>since</th><th></th></tr>"
        for delivery in attempt.deliveries {
            var button = ""
            if delivery.state == .dead {
                button = #"<form class="inline" method="post" action="/admin/events/\#(AdminPages.q(delivery.eventID.rawValue))/redeliver">"#
                    + #"<input type="hidden" name="csrf" value="\#(e(csrfToken))"><input type="hidden" name="reference" "#
                    + #"value="\#(e(checkout.orderReference))"><button type="submit">Redeliver</button></form>"#
            }
            html += "<tr><td><code>\(e(delivery.eventID.rawValue))</code></td><td>\(e(delivery.kind.rawValue))</td>"
                + "<td>\(e(delivery.newStatus.rawValue))</td>"
                + "<td\(delivery.state == .dead ? #" class="warn""# : "")>\(e(delivery.state.rawValue))</td><td>\(delivery.attempts)</td>"
                + "<td>\(e(delivery.lastError ?? ""))</td><td>\(e(delivery.stateSince.map(AdminPages.time) ?? ""))</td><td>\(button)</td></tr>"
        }
        return html + "</table>"
    }

    private static func row(_ name: String, _ valueHTML: String) -> String { "<tr><th>\(e(name))</th><td>\(valueHTML)</td></tr>" }

    private static func e(_ text: String) -> String { AdminPages.e(text) }
}
