import FoundationEssentials
import Payments

/// `GET /admin`: what an operator checks first — the last 24 h per provider and status, then
/// everything that waits for someone: `needs_sync` and stuck checkouts, the outbox backlog and
/// dead events, rejected notifications.
enum AdminFrontPage {
    static func render(_ overview: AdminOverview, now: Date, eventsArePushed: Bool, csrfToken: String) -> HTMLPage {
        var body = "<h1>Kassa operator overview</h1><p class=\"muted\">As of \(e(AdminPages.time(now))).</p>"
        body += #"<div class="counts">"#
            + count("needs_sync", overview.needsSync) + count("stuck", overview.stuck)
            + count("outbox backlog", overview.outboxBacklog) + count("dead events", overview.deadEvents)
            + count("rejected notifications (24 h)", overview.rejectedNotifications) + "</div>"
        body += "<h2>Checkouts created in the last 24 h</h2>" + AdminStatusChart.render(overview.recent)
        if !overview.recent.isEmpty {
            body += "<table><tr><th>provider</th><th>status</th><th>checkouts</th></tr>"
            for tally in overview.recent {
                body += "<tr><td>\(e(tally.provider.rawValue))</td><td>\(e(tally.status.rawValue))</td><td>\(tally.count)</td></tr>"
            }
            body += "</table>"
        }
        body += "<h2>needs_sync (\(overview.needsSync))</h2>"
        body += #"<p class="muted">A provider call ended without an answer; the reconciler asks again.</p>"#
        body += overview.needsSyncCheckouts.isEmpty ? "<p class=\"ok\">None.</p>" : AdminPages.checkoutTable(overview.needsSyncCheckouts)
        body += "<h2>Stuck (\(overview.stuck))</h2>"
        body += #"<p class="muted">In <code>created</code> or <code>pending</code>, unchanged for more than an hour.</p>"#
        body += overview.stuckCheckouts.isEmpty ? "<p class=\"ok\">None.</p>" : AdminPages.checkoutTable(overview.stuckCheckouts)
        body += "<h2>Events to the shop</h2>"
        if !eventsArePushed {
            body += "<p>Events are not pushed (no <code>shop.webhook_url</code>): the shop reads <code>GET /v1/events</code>.</p>"
        }
        body += "<p>Backlog: \(overview.outboxBacklog)"
        if let oldest = overview.oldestBacklogQueuedAt { body += ", oldest queued \(e(AdminPages.time(oldest)))" }
        body += ". Dead: \(overview.deadEvents).</p>"
        if !overview.deadEventList.isEmpty {
            body += "<table><tr><th>event</th><th>checkout</th><th>status</th><th>attempts</th><th>last error</th><th>given up</th></tr>"
            for event in overview.deadEventList {
                body += "<tr><td><code>\(e(event.eventID.rawValue))</code></td>"
                    + #"<td><a href="/admin/search?q=\#(AdminPages.q(event.checkoutID.rawValue))">\#(e(event.checkoutID.rawValue))</a></td>"#
                    + "<td>\(e(event.newStatus.rawValue))</td><td>\(event.attempts)</td><td>\(e(event.lastError ?? ""))</td>"
                    + "<td>\(e(event.stateSince.map(AdminPages.time) ?? ""))</td></tr>"
            }
            body += "</table>"
        }
        body += "<h2>Rejected notifications (\(overview.rejectedNotifications) in 24 h)</h2>"
        if overview.rejectedNotificationList.isEmpty {
            body += "<p class=\"ok\">None.</p>"
        } else {
            body += "<table><tr><th>inbox id</th><th>provider</th><th>received</th><th>why</th><th>bytes</th></tr>"
            for entry in overview.rejectedNotificationList {
                body += "<tr><td>\(entry.id)</td><td>\(e(entry.provider.rawValue))</td><td>\(e(AdminPages.time(entry.receivedAt)))</td>"
                    + "<td>\(e(entry.result ?? ""))</td><td>\(entry.receivedBytes)</td></tr>"
            }
            body += "</table>"
        }
        return AdminPages.page("Overview", body, csrfToken: csrfToken)
    }

    private static func count(_ name: String, _ value: BoundedCount) -> String {
        #"<div\#(value.value > 0 ? #" class="warn""# : "")><b>\#(value)</b>\#(e(name))</div>"#
    }

    private static func e(_ text: String) -> String { AdminPages.e(text) }
}
