/// The demo shop's only two scripts, constant text so that each page's
/// Content-Security-Policy allows exactly them by hash (`script-src 'sha256-…'`). They read
/// what changes per order from `data-` attributes, never from text spliced into the script.
enum DemoShopScripts {
    /// The order page: reads the shop's `GET /shop/orders/{reference}/status` every second
    /// (every five once settled, for at most 1,800 reads) and redraws the status, the attempts
    /// and the event timeline, without a reload.
    static let orderPage = """
        (function () {
          "use strict";
          var root = document.getElementById("order");
          var url = root.getAttribute("data-status-url");
          var polls = 0;
          // Once an order has settled, a slower read is enough (a refund may still come).
          var settled = ["paid", "failed", "canceled", "expired", "refunded", "partially_refunded"];
          function status() { return document.getElementById("status").textContent; }
          function cell(row, value) { var td = document.createElement("td"); td.textContent = value == null ? "" : String(value); row.appendChild(td); }
          function fill(id, rows, columns) {
            var body = document.getElementById(id);
            body.textContent = "";
            rows.forEach(function (item) {
              var row = document.createElement("tr");
              columns.forEach(function (name) { cell(row, item[name]); });
              body.appendChild(row);
            });
          }
          function render(order) {
            var status = document.getElementById("status");
            status.textContent = order.status;
            status.className = "status " + order.status;
            document.getElementById("open-hint").hidden = order.status !== "created" && order.status !== "pending";
            fill("attempts", order.attempts, ["id", "provider", "method", "status", "provider_status", "amount_text"]);
            fill("timeline", order.events, ["occurred_at", "checkout_id", "type", "status", "provider_status", "source", "detail"]);
            root.setAttribute("data-updated", String(++polls));
          }
          function poll() {
            fetch(url, { headers: { "Accept": "application/json" }, cache: "no-store" })
              .then(function (response) { if (!response.ok) { throw new Error("HTTP " + response.status); } return response.json(); })
              .then(function (order) { render(order); document.getElementById("problem").textContent = ""; })
              .catch(function (error) { document.getElementById("problem").textContent = "Status not updated: " + error.message; })
              .then(function () { if (polls < 1800) { setTimeout(poll, settled.indexOf(status()) >= 0 ? 5000 : 1000); } });
          }
          poll();
        })();
        """

    /// SmartPay's payment page: renders the widget with the token from `#payment`'s data,
    /// and on either handler (SmartPay calls the success handler for declined payments too)
    /// asks the shop's server to verify with Kassa, then opens the order page.
    static let smartPayPage = """
        (function () {
          "use strict";
          var root = document.getElementById("payment");
          function verify() {
            fetch(root.getAttribute("data-verify-url"), { method: "POST" })
              .catch(function () {})
              .then(function () { window.location.assign(root.getAttribute("data-order-url")); });
          }
          if (!window.SmpLibrary) { document.getElementById("problem").textContent = "SmartPay's widget did not load."; return; }
          window.SmpLibrary.SmartPayAppInstance.renderWidget({
            checkoutToken: root.getAttribute("data-checkout-token"),
            successHandler: function () { verify(); },
            errorHandler: function (code, message) { document.getElementById("problem").textContent = code + ": " + message; verify(); }
          });
        })();
        """
}
